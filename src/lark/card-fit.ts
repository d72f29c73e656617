// Keeping a Lark card within Lark's limits: measure it as sent, and when it is over 30 KB shorten
// its tables from the bottom, then leave out other content from the end — never the buttons —
// and last shorten the header. The summary (a chat-list preview line) is always kept short: an
// error card repeats its whole message there, in three copies (content and both translations).
import { Buffer } from "node:buffer";
import type { Card, TableElement } from "../../cards/model.ts";
import { build, type Plan } from "./card-build.ts";
import { LARK_LIMITS, type LarkCard, type LarkRenderOptions } from "./card-types.ts";

/**
 * Bytes of the card as sent in an im/v1/messages body: the card JSON is itself a JSON string there
 * (`content`), so its quotes and backslashes are escaped once more. Callback answers embed the
 * object directly and are smaller.
 */
export function larkCardBytes(card: LarkCard): number {
  return Buffer.byteLength(JSON.stringify(JSON.stringify(card)), "utf8");
}

const BUDGET = LARK_LIMITS.cardBytes - LARK_LIMITS.envelopeBytes;
/** The chat-list preview line: no client shows more. */
const SUMMARY_CHARS = 120;

/** At most `max` characters (code points), ending with "…" when cut. */
function cut(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, Math.max(0, max - 1)).join("")}…`;
}

/** A plain text's content and translations, each at most `max` characters. */
function cutText<T extends { content: string; i18n_content?: Record<string, string> }>(t: T, max: number): T {
  return {
    ...t,
    content: cut(t.content, max),
    ...(t.i18n_content
      ? { i18n_content: Object.fromEntries(Object.entries(t.i18n_content).map(([k, v]) => [k, cut(v, max)])) }
      : {}),
  };
}

function withShortSummary(card: LarkCard): LarkCard {
  return { ...card, config: { ...card.config, summary: cutText(card.config.summary, SUMMARY_CHARS) } };
}

function withShortHeader(card: LarkCard, max: number): LarkCard {
  const { title, subtitle } = card.header;
  return {
    ...card,
    header: { ...card.header, title: cutText(title, max), ...(subtitle ? { subtitle: cutText(subtitle, max) } : {}) },
  };
}

/**
 * The card as Lark card JSON 2.0 with both languages. Always within Lark's limits: ≤ 5 tables and
 * ≤ 5 charts (extra ones become text), unique letter-first element ids ≤ 20 characters, and at most
 * 30 KB — tables lose rows from the bottom first (keeping the highlighted row, with an "… N more"
 * note), then other content from the end; the buttons are always kept.
 */
export function renderLarkCard(card: Card, options: LarkRenderOptions = {}): LarkCard {
  const opts: Required<LarkRenderOptions> = {
    locale: options.locale ?? "zh-CN",
    bilingual: options.bilingual ?? true,
    ephemeral: options.ephemeral ?? false,
  };
  const plan: Plan = { caps: new Map(), dropped: new Set() };
  const fitted = (c: LarkCard) => withShortSummary(c);
  let out = fitted(build(card, opts, plan));
  let size = larkCardBytes(out);

  // 1. Shorten the longest table until the card fits (estimating a row's bytes from its share).
  for (let guard = 0; size > BUDGET && guard < 200; guard++) {
    let index = -1;
    let kept = 1;
    card.elements.forEach((el, i) => {
      if (el.type !== "table" || plan.dropped.has(i)) return;
      const k = Math.min(plan.caps.get(i) ?? el.rows.length, el.rows.length);
      if (k > kept) [index, kept] = [i, k];
    });
    if (index < 0) break;
    const el = card.elements[index] as TableElement;
    const rowBytes = Math.max(
      1,
      Buffer.byteLength(JSON.stringify(JSON.stringify(el.rows.slice(0, kept))), "utf8") / kept,
    );
    const cutRows = Math.max(1, Math.ceil((size - BUDGET) / rowBytes));
    plan.caps.set(index, Math.max(1, kept - cutRows));
    out = fitted(build(card, opts, plan));
    size = larkCardBytes(out);
  }

  // 2. Still too long (very long texts): leave out content from the end, never the buttons.
  for (let i = card.elements.length - 1; size > BUDGET && i >= 0; i--) {
    if (card.elements[i]!.type === "actions" || card.elements[i]!.type === "form") continue;
    plan.dropped.add(i);
    out = fitted(build(card, opts, plan));
    size = larkCardBytes(out);
  }

  // 3. Still too long: a very long header (a title built from user input).
  for (const max of [1000, 200, 50]) {
    if (size <= BUDGET) break;
    out = withShortHeader(out, max);
    size = larkCardBytes(out);
  }
  return out;
}
