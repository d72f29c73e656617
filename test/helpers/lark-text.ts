// A card as a Lark `text` message in one language (only tests use it: the bot always sends cards).
import { progressBar, tableLines } from "../../cards/render-text.ts";
import type { Card, Locale } from "../../cards/model.ts";
import { truncate } from "../../src/lark/card-build.ts";
import { LARK_LIMITS } from "../../src/lark/card-types.ts";

function plainMarkdown(s: string): string {
  return s
    .replace(/\*(\S(?:[^*\n]*\S)?)\*/g, "$1")
    .replace(/(^|[\s(（])_(\S(?:[^_\n]*\S)?)_(?=$|[\s.,;:!?)）。，])/g, "$1$2");
}

/**
 * The card as a Lark `text` message in one language, for when a card cannot be sent. No box drawing
 * (chat fonts are proportional): the header, then each element as lines; tables and bars reuse the
 * console renderer's helpers. Buttons are left out (nothing to press in a text message).
 */
export function renderLarkText(card: Card, locale: Locale): string {
  const blocks: string[] = [];
  const head = [card.header.title[locale], ...(card.header.subtitle ? [card.header.subtitle[locale]] : [])];
  blocks.push(head.join("\n"));
  let progress: string[] | null = null;
  const flush = () => {
    if (progress) blocks.push(progress.join("\n"));
    progress = null;
  };
  for (const el of card.elements) {
    if (el.type !== "progress") flush();
    switch (el.type) {
      case "text":
        if (el.text[locale].trim() !== "") blocks.push(el.markdown ? plainMarkdown(el.text[locale]) : el.text[locale]);
        break;
      case "fields":
        if (el.fields.length > 0)
          blocks.push(
            el.fields.map((f) => `${f.label[locale]}${locale === "zh-CN" ? "：" : ": "}${f.value[locale]}`).join("\n"),
          );
        break;
      case "progress":
        (progress ??= []).push(`${el.label[locale]}\n${progressBar(el.ratio)} ${el.caption[locale]}`);
        break;
      case "table":
        if (el.rows.length > 0) blocks.push(tableLines(el, locale, 80).join("\n"));
        break;
      case "chart":
        blocks.push([el.title[locale], el.fallback[locale]].filter((s) => s.trim() !== "").join("\n"));
        break;
      case "divider":
        blocks.push("──────────");
        break;
      case "context":
        if (el.text[locale].trim() !== "") blocks.push(`· ${el.text[locale]}`);
        break;
      case "actions":
        break;
    }
  }
  flush();
  return truncate(blocks.filter((b) => b !== "").join("\n\n"), LARK_LIMITS.textChars);
}
