// A card as terminal text in one locale (the console demo): a box with the header on top, progress
// bars as ▓▓▓░░ with their caption, aligned tables (CJK characters take two columns), and buttons
// as numbered choices the console maps back to their intents.
import type { Intent } from "../src/chat/intents.ts";
import { displayWidth, padWidth, truncateWidth, wrapWidth } from "./format.ts";
import type {
  Card,
  CardElement,
  ChartElement,
  FieldsElement,
  Locale,
  ProgressElement,
  TableElement,
  Tone,
} from "./model.ts";

export interface TextChoice {
  /** 1-based, as printed: "[1] 明细". */
  index: number;
  label: string;
  actionId: string;
  /** The button's intent (the console serializes it as a button press, like the platforms do). */
  intent: Intent;
}

export interface TextRendering {
  text: string;
  choices: TextChoice[];
}

export interface TextRenderOptions {
  /** Inner width of the box in columns when nothing needs more (default 64). */
  width?: number;
  /** Widest the box may grow for a table (default 110). */
  maxWidth?: number;
}

const BAR_WIDTH = 20;
const TONE_MARK: Readonly<Record<Tone, string>> = { good: "✓", warning: "!", bad: "✗", info: "·", neutral: " " };

/** ▓ for the achieved part, ░ for the rest; past 100 % the bar is full and ends with "+". */
export function progressBar(ratio: number, width = BAR_WIDTH): string {
  const r = Number.isFinite(ratio) ? Math.max(0, ratio) : 0;
  const filled = Math.round(Math.min(r, 1) * width);
  return `${"▓".repeat(filled)}${"░".repeat(width - filled)}${r > 1 ? "+" : ""}`;
}

// The model's markdown is *bold* and _italic_; a terminal shows the words without the markers.
function plainMarkdown(s: string): string {
  return s
    .replace(/\*(\S(?:[^*\n]*\S)?)\*/g, "$1")
    .replace(/(^|[\s(（])_(\S(?:[^_\n]*\S)?)_(?=$|[\s.,;:!?)）。，])/g, "$1$2");
}

/**
 * A table as aligned monospace lines (header, rule, rows; "▶" marks the highlighted row), at most
 * `maxWidth` columns wide: the widest columns are shortened with "…" until it fits. Shared with the
 * Slack renderer's code blocks.
 */
export function tableLines(el: TableElement, locale: Locale, maxWidth: number): string[] {
  const cols = el.columns;
  const cell = (row: Record<string, { "zh-CN": string; en: string }>, key: string) => row[key]?.[locale] ?? "";
  const widths = cols.map((c, i) =>
    Math.max(displayWidth(c.label[locale]), ...el.rows.map((r) => displayWidth(cell(r, cols[i]!.key)))),
  );
  const marker = el.highlightRow !== undefined ? 2 : 0;
  const gaps = 2 * Math.max(0, cols.length - 1);
  // Too wide for the box: shave the widest column until it fits (cells get "…").
  while (marker + gaps + widths.reduce((a, b) => a + b, 0) > maxWidth) {
    const widest = widths.indexOf(Math.max(...widths));
    if (widths[widest]! <= 4) break;
    widths[widest]!--;
  }
  const line = (values: string[], prefix: string) =>
    prefix +
    values
      .map((v, i) => padWidth(v, widths[i]!, cols[i]!.align ?? "left"))
      .join("  ")
      .trimEnd();
  const pad = marker ? "  " : "";
  const out = [
    line(
      cols.map((c) => c.label[locale]),
      pad,
    ),
    pad + widths.map((w) => "─".repeat(w)).join("  "),
  ];
  el.rows.forEach((row, i) =>
    out.push(
      line(
        cols.map((c) => cell(row, c.key)),
        marker ? (i === el.highlightRow ? "▶ " : "  ") : "",
      ),
    ),
  );
  return out;
}

function chartLines(el: ChartElement, locale: Locale, inner: number): string[] {
  const out = [el.title[locale]];
  const labelWidth = Math.min(16, Math.max(0, ...el.bars.map((b) => displayWidth(b.label[locale]))));
  const scale = Math.max(el.reference?.value ?? 0, ...el.bars.map((b) => b.value), 1);
  for (const bar of el.bars) {
    const chars = progressBar(bar.value / scale).split("");
    // The reference line (e.g. 100 % of target) as a │ across the bars.
    if (el.reference) {
      const at = Math.min(BAR_WIDTH - 1, Math.round((el.reference.value / scale) * BAR_WIDTH) - 1);
      if (at >= 0 && chars[at] === "░") chars[at] = "│";
    }
    out.push(`${padWidth(bar.label[locale], labelWidth)} ${chars.join("")} ${TONE_MARK[bar.tone]}`.trimEnd());
  }
  out.push(...wrapWidth(el.fallback[locale], inner));
  return out;
}

function fieldLines(el: FieldsElement, locale: Locale, inner: number): string[] {
  const labelWidth = Math.min(
    Math.floor(inner / 2),
    Math.max(0, ...el.fields.map((f) => displayWidth(f.label[locale]))),
  );
  const out: string[] = [];
  for (const f of el.fields) {
    const label = padWidth(f.label[locale], labelWidth);
    const values = wrapWidth(f.value[locale], Math.max(10, inner - labelWidth - 2));
    values.forEach((v, i) => out.push(`${i === 0 ? label : " ".repeat(labelWidth)}  ${v}`.trimEnd()));
  }
  return out;
}

function progressLines(el: ProgressElement, locale: Locale, inner: number): string[] {
  const lead = `${progressBar(el.ratio)} ${TONE_MARK[el.tone]} `;
  const caption = wrapWidth(el.caption[locale], Math.max(10, inner - displayWidth(lead)));
  return [
    el.label[locale],
    ...caption.map((c, i) => `${i === 0 ? lead : " ".repeat(displayWidth(lead))}${c}`.trimEnd()),
  ];
}

function naturalWidth(el: CardElement, locale: Locale): number {
  if (el.type !== "table") return 0;
  return tableLines(el, locale, Number.MAX_SAFE_INTEGER).reduce((w, l) => Math.max(w, displayWidth(l)), 0);
}

export function renderText(card: Card, locale: Locale, options: TextRenderOptions = {}): TextRendering {
  const maxWidth = options.maxWidth ?? 110;
  const inner = Math.min(
    maxWidth,
    Math.max(
      options.width ?? 64,
      displayWidth(card.header.title[locale]),
      ...card.elements.map((e) => naturalWidth(e, locale)),
    ),
  );
  const rows: (string | "divider")[] = [];
  const push = (lines: string[]) => rows.push(...lines);
  const choices: TextChoice[] = [];

  push(wrapWidth(card.header.title[locale], inner));
  if (card.header.subtitle) push(wrapWidth(card.header.subtitle[locale], inner));
  rows.push("divider");

  let previous: CardElement["type"] | null = null;
  for (const el of card.elements) {
    // A blank line between blocks, except around dividers (which already separate) and inside a
    // run of progress bars (read as one list).
    const together = previous === "progress" && el.type === "progress";
    if (previous !== null && !together && el.type !== "divider" && rows[rows.length - 1] !== "divider") rows.push("");
    previous = el.type;
    switch (el.type) {
      case "text":
        push(wrapWidth(el.markdown ? plainMarkdown(el.text[locale]) : el.text[locale], inner));
        break;
      case "fields":
        push(fieldLines(el, locale, inner));
        break;
      case "progress":
        push(progressLines(el, locale, inner));
        break;
      case "table":
        push(tableLines(el, locale, inner).map((l) => truncateWidth(l, inner)));
        break;
      case "chart":
        push(chartLines(el, locale, inner));
        break;
      case "divider":
        rows.push("divider");
        break;
      case "context":
        push(wrapWidth(el.text[locale], inner - 2).map((l, i) => `${i === 0 ? "·" : " "} ${l}`));
        break;
      case "form":
        // The terminal has no inputs: the form reads as its fields and their values.
        push([
          el.form.title[locale],
          ...el.form.fields.map((f) => truncateWidth(`  ${f.label[locale]}: ${f.initial ?? ""}`, inner)),
        ]);
        break;
      case "actions": {
        const labels = el.buttons.map((b) => {
          const index = choices.length + 1;
          choices.push({ index, label: b.label[locale], actionId: b.actionId, intent: b.intent });
          return `[${index}] ${b.label[locale]}`;
        });
        // As many choices per line as fit.
        let line = "";
        for (const label of labels) {
          if (line && displayWidth(line) + 3 + displayWidth(label) > inner) {
            rows.push(line);
            line = "";
          }
          line = line ? `${line}   ${label}` : label;
        }
        if (line) rows.push(line);
        break;
      }
    }
  }
  while (rows[rows.length - 1] === "divider" || rows[rows.length - 1] === "") rows.pop();

  const rule = "─".repeat(inner + 2);
  const lines = [
    `┌${rule}┐`,
    ...rows.map((r) => (r === "divider" ? `├${rule}┤` : `│ ${padWidth(r, inner)} │`)),
    `└${rule}┘`,
  ];
  return { text: lines.join("\n"), choices };
}
