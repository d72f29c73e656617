// Card → Feishu/Lark card JSON 2.0 elements (plain objects; no SDK import). Size fitting is in
// ./card-fit.ts, types and limits in ./card-types.ts, callback values in ./card-value.ts.
//
// Both languages travel in one card and each client shows its own (docs/ARCHITECTURE.md "Conversation core"):
// JSON 2.0 has no card-wide i18n (`i18n_elements` is gone), so every text tag (`plain_text`,
// `markdown`) carries `content` plus `i18n_content: { zh_cn, en_us }`, and `config.locales` lists the
// two languages. Sources (open.feishu.cn / open.larksuite.com, "feishu-cards"):
//   - card-json-v2-structure + card-json-v2-breaking-changes-release-notes: `schema: "2.0"`, `body.elements`,
//     `update_multi` only `true`, unknown properties are rejected (so we emit only documented ones),
//     no `action` module (buttons sit in `elements`, here inside a `column_set`).
//   - configure-multi-language-content: per-field i18n exists for `content` (text tags), input
//     defaults and image keys only — NOT for table headers/cells or `chart_spec`; the ephemeral-card
//     API does not accept per-field i18n at all (use `bilingual: false` there).
//   - card-json-v2-components/content-components/table: ≤ 5 tables per card, root level only,
//     `page_size` 1…10, columns `name`/`display_name`/`data_type`/`width`/`horizontal_align`.
//   - card-json-v2-components/content-components/chart: VChart spec object in `chart_spec`, ≤ 5
//     charts per card, no JavaScript in the spec.
//   - interactive-components/button (2.0): `behaviors: [{ type: "callback", value }]` where `value`
//     is a string-keyed JSON object, returned as `action.value` in `card.action.trigger`; `confirm`
//     takes a title and a text (the OK / Cancel buttons are Lark's own, not configurable).
//   - element_id: letter first, letters/digits/"_", ≤ 20 characters, unique in the card.
//   - im/v1/message/create: a card message request body is at most 30 KB.
//
// What Lark cannot localize (table headers and cells, the words drawn inside a chart) is written in
// `options.locale` — the recipient's language when known, else the organization's (zh-CN for a
// Feishu tenant). Every chart is preceded by its title and followed by its text fallback, both
// bilingual, so an English reader of a Chinese chart still has the figures in English.
import { progressBar, tableLines } from "../../cards/render-text.ts";
import type {
  Button,
  Card,
  CardElement,
  ChartElement,
  Form,
  Locale,
  TableElement,
  Text,
  Tone,
} from "../../cards/model.ts";
import { serializeIntent } from "../chat/intents.ts";
import {
  LARK_LIMITS,
  type LarkButton,
  type LarkCard,
  type LarkChart,
  type LarkColumnSet,
  type LarkDiv,
  type LarkElement,
  type LarkForm,
  type LarkInput,
  type LarkI18n,
  type LarkLocale,
  type LarkMarkdown,
  type LarkPlainText,
  type LarkRenderOptions,
  type LarkTemplate,
  type VChartBarSpec,
  type VChartLineSpec,
} from "./card-types.ts";

const _LOCALE_KEY: Readonly<Record<Locale, LarkLocale>> = { "zh-CN": "zh_cn", en: "en_us" };

const TEMPLATE: Readonly<Record<Tone, LarkTemplate>> = {
  good: "green",
  warning: "orange",
  bad: "red",
  info: "blue",
  neutral: "grey",
};
const FONT_COLOR: Readonly<Record<Tone, string>> = {
  good: "green",
  warning: "orange",
  bad: "red",
  info: "blue",
  neutral: "grey",
};
/** Bar colours by tone (Lark's palette: green, blue, orange, red, grey). */
const TONE_ORDER: Tone[] = ["good", "info", "warning", "bad", "neutral"];
const TONE_RGB: Readonly<Record<Tone, string>> = {
  good: "#2EA121",
  info: "#3370FF",
  warning: "#FF7D00",
  bad: "#F54A45",
  neutral: "#8F959E",
};

const MORE_ROWS = (n: number): Text => ({
  "zh-CN": `… 另有 ${n} 行未显示`,
  en: `… ${n} more ${n === 1 ? "row" : "rows"}`,
});
const TRUNCATED: Text = {
  "zh-CN": "内容较多，已省略部分内容。",
  en: "Some content was left out: this card is too long for Feishu/Lark.",
};

// ─── Text helpers ────────────────────────────────────────────────────────────────────────────────

/**
 * Data inside Lark markdown: HTML-significant characters become entities (markdown also reads
 * `<font>`, `<at>`, `<link>` tags) and markdown punctuation becomes numeric entities, so a name
 * like "A*B_C" shows as written. Line-start list/heading markers are escaped by `escapeLineStarts`.
 */
export function escapeLarkMarkdown(s: string): string {
  return s.replace(/[&<>*_~`[\]\\]/g, (c) =>
    c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : `&#${c.charCodeAt(0)};`,
  );
}

/** "- x", "+ x", "# x", "1. x" at a line start would become lists or headings; "-¥2,500.00" must not. */
function escapeLineStarts(s: string): string {
  return s
    .replace(/^(\s*)([-+#])/gm, (_m, sp: string, c: string) => `${sp}&#${c.charCodeAt(0)};`)
    .replace(/^(\s*\d+)\.(?=\s)/gm, "$1&#46;");
}

/** The model's markdown (*bold*, _italic_, line breaks) as Lark markdown, everything else escaped. */
export function modelMarkdownToLark(s: string): string {
  const re = /\*(\S(?:[^*\n]*\S)?)\*|(^|[\s(（])_(\S(?:[^_\n]*\S)?)_(?=$|[\s.,;:!?)）。，])/gm;
  let out = "";
  let last = 0;
  for (const m of s.matchAll(re)) {
    out += escapeLarkMarkdown(s.slice(last, m.index));
    out +=
      m[1] !== undefined
        ? `**${escapeLarkMarkdown(m[1])}**`
        : `${escapeLarkMarkdown(m[2]!)}*${escapeLarkMarkdown(m[3]!)}*`;
    last = m.index + m[0].length;
  }
  return escapeLineStarts(out + escapeLarkMarkdown(s.slice(last)));
}

/** At most `max` UTF-16 units, ending with "…" when cut (never splitting a surrogate pair). */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  let cut = s.slice(0, Math.max(0, max - 1));
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** Element ids: letter first, [A-Za-z0-9_], ≤ 20 characters, unique in the card. */
class ElementIds {
  private readonly used = new Set<string>();
  private n = 0;

  /** A generated id for a component of this kind ("md", "table", …). */
  next(kind: string): string {
    return this.take(`${kind}_${++this.n}`);
  }

  take(wanted: string): string {
    let base = wanted.replace(/[^A-Za-z0-9_]/g, "_");
    if (!/^[A-Za-z]/.test(base)) base = `e${base}`;
    base = base.slice(0, LARK_LIMITS.elementId);
    let id = base;
    for (let k = 2; this.used.has(id); k++) {
      const suffix = `_${k}`;
      id = base.slice(0, LARK_LIMITS.elementId - suffix.length) + suffix;
    }
    this.used.add(id);
    return id;
  }
}

// ─── Rendering ───────────────────────────────────────────────────────────────────────────────────

interface Ctx {
  locale: Locale;
  bilingual: boolean;
  ephemeral: boolean;
  ids: ElementIds;
  charts: number;
  tables: number;
}

function i18n(t: Text, map: (s: string) => string = (s) => s): LarkI18n {
  return { zh_cn: map(t["zh-CN"]), en_us: map(t.en) };
}

function localized<T extends { content: string; i18n_content?: LarkI18n }>(
  base: Omit<T, "content" | "i18n_content">,
  t: Text,
  ctx: Ctx,
  map: (s: string) => string = (s) => s,
): T {
  const content = map(t[ctx.locale]);
  return (ctx.bilingual ? { ...base, content, i18n_content: i18n(t, map) } : { ...base, content }) as T;
}

const plainText = (t: Text, ctx: Ctx, style: Pick<LarkPlainText, "text_size" | "text_color"> = {}): LarkPlainText =>
  localized<LarkPlainText>({ tag: "plain_text", ...style }, t, ctx);

const markdown = (
  t: Text,
  ctx: Ctx,
  map: (s: string) => string,
  style: Pick<LarkMarkdown, "text_size"> = {},
): LarkMarkdown => localized<LarkMarkdown>({ tag: "markdown", element_id: ctx.ids.next("md"), ...style }, t, ctx, map);

const div = (t: Text, ctx: Ctx, style: Pick<LarkPlainText, "text_size" | "text_color"> = {}): LarkDiv => ({
  tag: "div",
  element_id: ctx.ids.next("text"),
  text: plainText(t, ctx, style),
});

const note = (t: Text, ctx: Ctx): LarkDiv => div(t, ctx, { text_size: "notation", text_color: "grey" });

const isBlank = (t: Text) => t["zh-CN"].trim() === "" && t.en.trim() === "";

function fieldsElements(fields: { label: Text; value: Text }[], ctx: Ctx): LarkColumnSet[] {
  // Two per row; each field is a grey label over its value, both plain text (nothing to escape).
  const out: LarkColumnSet[] = [];
  for (let i = 0; i < fields.length; i += 2) {
    const id = ctx.ids.next("fields");
    out.push({
      tag: "column_set",
      element_id: id,
      flex_mode: "none",
      horizontal_spacing: "12px",
      columns: fields.slice(i, i + 2).map((f) => ({
        tag: "column",
        element_id: ctx.ids.next("col"),
        width: "weighted",
        weight: 1,
        vertical_spacing: "2px",
        elements: [div(f.label, ctx, { text_size: "notation", text_color: "grey" }), div(f.value, ctx)],
      })),
    });
  }
  return out;
}

function progressElement(el: Extract<CardElement, { type: "progress" }>, ctx: Ctx): LarkMarkdown {
  // "**Label**" over "<coloured bar> caption"; the bar is ours (▓░+), label and caption are data.
  const bar = progressBar(el.ratio);
  const content: Text = { "zh-CN": "", en: "" };
  for (const l of ["zh-CN", "en"] as const) {
    content[l] =
      `**${escapeLarkMarkdown(el.label[l])}**\n<font color='${FONT_COLOR[el.tone]}'>${bar}</font> ${escapeLarkMarkdown(el.caption[l])}`;
  }
  return markdown(content, ctx, (s) => s);
}

/** A trend: one line through the values in label order, the value axis fitted to them (not from 0). */
function lineSpec(el: ChartElement, locale: Locale): VChartLineSpec {
  return {
    type: "line",
    data: {
      values: el.bars.map((b) => ({ label: b.label[locale], value: Number.isFinite(b.value) ? b.value : 0 })),
    },
    xField: "label",
    yField: "value",
    color: [TONE_RGB[el.bars[0]?.tone ?? "info"]],
    point: { visible: true },
    label: { visible: true },
    axes: [
      { orient: "left", type: "linear", zero: false },
      { orient: "bottom", type: "band" },
    ],
  };
}

function chartSpec(el: ChartElement, locale: Locale): VChartBarSpec | VChartLineSpec {
  if (el.kind === "line") return lineSpec(el, locale);
  const horizontal = el.bars.length > LARK_LIMITS.verticalBars;
  const values = el.bars.map((b) => ({
    label: b.label[locale],
    value: Number.isFinite(b.value) ? b.value : 0,
    tone: b.tone,
  }));
  const top = Math.max(el.reference?.value ?? 0, ...values.map((v) => v.value), 0);
  const bottom = Math.min(0, ...values.map((v) => v.value));
  // Room above the tallest bar (or the reference line) for the value labels.
  const linear = {
    orient: horizontal ? ("bottom" as const) : ("left" as const),
    type: "linear" as const,
    min: bottom,
    max: Math.ceil(Number((top * 1.1).toFixed(6))) || 1,
  };
  const band = { orient: horizontal ? ("left" as const) : ("bottom" as const), type: "band" as const };
  const spec: VChartBarSpec = {
    type: "bar",
    direction: horizontal ? "horizontal" : "vertical",
    data: { values },
    xField: horizontal ? "value" : "label",
    yField: horizontal ? "label" : "value",
    seriesField: "tone",
    color: { type: "ordinal", domain: TONE_ORDER, range: TONE_ORDER.map((t) => TONE_RGB[t]) },
    legends: { visible: false },
    label: { visible: true },
    axes: [linear, band],
  };
  if (el.reference) {
    const at = horizontal ? { x: el.reference.value } : { y: el.reference.value };
    spec.markLine = [
      { ...at, label: { visible: true, text: el.reference.label[locale] }, line: { style: { lineDash: [4, 4] } } },
    ];
  }
  return spec;
}

function chartElements(el: ChartElement, ctx: Ctx): LarkElement[] {
  const out: LarkElement[] = [];
  if (!isBlank(el.title)) out.push(markdown(el.title, ctx, (s) => `**${escapeLarkMarkdown(s)}**`));
  if (el.bars.length > 0 && ctx.charts < LARK_LIMITS.charts) {
    ctx.charts++;
    const chart: LarkChart = { tag: "chart", element_id: ctx.ids.next("chart"), chart_spec: chartSpec(el, ctx.locale) };
    if (el.kind !== "line" && el.bars.length > LARK_LIMITS.verticalBars)
      chart.height = `${Math.min(999, Math.max(200, 28 * el.bars.length + 60))}px`;
    out.push(chart);
  }
  // The fallback line always follows: the exact figures, in the reader's own language.
  if (!isBlank(el.fallback)) out.push(note(el.fallback, ctx));
  return out;
}

/** Rows to show when a table is capped: the first ones, keeping the highlighted row in view. */
function cappedRows(
  el: TableElement,
  cap: number | undefined,
): { rows: Record<string, Text>[]; highlight: number | undefined; hidden: number } {
  const total = el.rows.length;
  if (cap === undefined || cap >= total) return { rows: el.rows, highlight: el.highlightRow, hidden: 0 };
  const keep = Math.max(0, cap);
  const h = el.highlightRow;
  if (h !== undefined && h >= keep && keep > 0) {
    return { rows: [...el.rows.slice(0, keep - 1), el.rows[h]!], highlight: keep - 1, hidden: total - keep };
  }
  return { rows: el.rows.slice(0, keep), highlight: h !== undefined && h < keep ? h : undefined, hidden: total - keep };
}

function tableElements(el: TableElement, ctx: Ctx, cap: number | undefined): LarkElement[] {
  if (el.rows.length === 0) return [];
  const { rows, highlight, hidden } = cappedRows(el, cap);
  const out: LarkElement[] = [];
  if (ctx.tables < LARK_LIMITS.tables) {
    ctx.tables++;
    // Table headers and cells have no i18n in Lark: they are written in ctx.locale (see the top).
    // Column names are our own ("c0", "c1", …): model keys need not be valid JSON-friendly names.
    const first = el.columns[0]?.key;
    out.push({
      tag: "table",
      element_id: ctx.ids.next("table"),
      page_size: Math.max(1, Math.min(LARK_LIMITS.tablePageSize, rows.length)),
      header_style: { background_style: "grey", bold: true },
      columns: el.columns.map((c, i) => ({
        name: `c${i}`,
        display_name: c.label[ctx.locale],
        data_type: "text",
        width: "auto",
        horizontal_align: c.align ?? "left",
      })),
      rows: rows.map((r, ri) => {
        const cells: Record<string, string> = {};
        el.columns.forEach((c, i) => {
          const v = r[c.key]?.[ctx.locale] ?? "";
          // The asker's row: a marker in the first column (the table component cannot style a row).
          cells[`c${i}`] = ri === highlight && c.key === first ? `▶ ${v}` : v;
        });
        return cells;
      }),
    });
  } else {
    // Beyond Lark's 5 tables: the same rows as aligned text, in both languages.
    const asText: TableElement = {
      type: "table",
      columns: el.columns,
      rows,
      ...(highlight !== undefined ? { highlightRow: highlight } : {}),
    };
    const block: Text = {
      "zh-CN": tableLines(asText, "zh-CN", 80).join("\n"),
      en: tableLines(asText, "en", 80).join("\n"),
    };
    out.push(markdown(block, ctx, (s) => `\`\`\`\n${s.replace(/```/g, "'''")}\n\`\`\``));
  }
  if (hidden > 0) out.push(note(MORE_ROWS(hidden), ctx));
  return out;
}

const BUTTON_TYPE: Readonly<Record<NonNullable<Button["style"]>, LarkButton["type"]>> = {
  primary: "primary_filled",
  danger: "danger",
  default: "default",
};

function larkButton(b: Button, ctx: Ctx): LarkButton {
  const label: Text = {
    "zh-CN": truncate(b.label["zh-CN"], LARK_LIMITS.buttonText),
    en: truncate(b.label.en, LARK_LIMITS.buttonText),
  };
  const out: LarkButton = {
    tag: "button",
    element_id: ctx.ids.take(b.actionId),
    type: BUTTON_TYPE[b.style ?? "default"],
    text: plainText(label, ctx),
    behaviors: [
      {
        type: "callback",
        value: { intent: serializeIntent(b.intent), action: b.actionId, ...(ctx.ephemeral ? { ephemeral: true } : {}) },
      },
    ],
  };
  // Lark's confirm dialog has a title and a text; its OK / Cancel buttons are the client's own.
  if (b.confirm) out.confirm = { title: plainText(b.confirm.title, ctx), text: plainText(b.confirm.text, ctx) };
  return out;
}

/**
 * A form container: one input per field (its name keys the callback's `form_value`) and a submit
 * button carrying the intent the values go to (the core merges them in as `form`).
 */
function formElement(form: Form, ctx: Ctx): LarkForm {
  const inputs = form.fields.map(
    (f): LarkInput => ({
      tag: "input",
      element_id: ctx.ids.next("in"),
      name: f.name,
      label: plainText(f.label, ctx),
      label_position: "top",
      ...(f.initial !== undefined ? { default_value: f.initial } : {}),
      ...(f.hint ? { placeholder: plainText(f.hint, ctx) } : {}),
      required: true,
    }),
  );
  const submit: LarkButton = { ...larkButton(form.submit, ctx), name: "submit", form_action_type: "submit" };
  return { tag: "form", element_id: ctx.ids.next("form"), name: ctx.ids.next("form"), elements: [...inputs, submit] };
}

function actionsElement(buttons: Button[], ctx: Ctx): LarkColumnSet | null {
  if (buttons.length === 0) return null;
  // JSON 2.0 has no `action` module: a flowing column set puts the buttons side by side and wraps.
  return {
    tag: "column_set",
    element_id: ctx.ids.next("actions"),
    flex_mode: "flow",
    horizontal_spacing: "8px",
    columns: buttons.map((b) => ({
      tag: "column",
      element_id: ctx.ids.next("col"),
      width: "auto",
      elements: [larkButton(b, ctx)],
    })),
  };
}

export interface Plan {
  /** Row caps by model element index (tables only). */
  caps: Map<number, number>;
  /** Model elements (by index) left out to fit the size limit. */
  dropped: Set<number>;
}

export function build(card: Card, options: Required<LarkRenderOptions>, plan: Plan): LarkCard {
  const ctx: Ctx = {
    locale: options.locale,
    bilingual: options.bilingual,
    ephemeral: options.ephemeral,
    ids: new ElementIds(),
    charts: 0,
    tables: 0,
  };
  const elements: LarkElement[] = [];
  card.elements.forEach((el, index) => {
    if (plan.dropped.has(index)) return;
    switch (el.type) {
      case "text":
        if (!isBlank(el.text))
          elements.push(el.markdown ? markdown(el.text, ctx, modelMarkdownToLark) : div(el.text, ctx));
        break;
      case "fields":
        elements.push(...fieldsElements(el.fields, ctx));
        break;
      case "progress":
        elements.push(progressElement(el, ctx));
        break;
      case "table":
        elements.push(...tableElements(el, ctx, plan.caps.get(index)));
        break;
      case "chart":
        elements.push(...chartElements(el, ctx));
        break;
      case "divider":
        elements.push({ tag: "hr", element_id: ctx.ids.next("hr") });
        break;
      case "context":
        if (!isBlank(el.text)) elements.push(note(el.text, ctx));
        break;
      case "actions": {
        const set = actionsElement(el.buttons, ctx);
        if (set) elements.push(set);
        break;
      }
      case "form":
        elements.push(formElement(el.form, ctx));
        break;
    }
  });
  if (plan.dropped.size > 0) {
    // Where content was left out: before the first button row, else at the end.
    const at = elements.findIndex(
      (e) => e.tag === "column_set" && e.columns.some((c) => c.elements.some((x) => x.tag === "button")),
    );
    elements.splice(at < 0 ? elements.length : at, 0, note(TRUNCATED, ctx));
  }

  const header: LarkCard["header"] = { title: plainText(card.header.title, ctx), template: TEMPLATE[card.header.tone] };
  if (card.header.subtitle && !isBlank(card.header.subtitle)) header.subtitle = plainText(card.header.subtitle, ctx);
  const summary = ctx.bilingual
    ? { content: card.summary[ctx.locale], i18n_content: i18n(card.summary) }
    : { content: card.summary[ctx.locale] };
  return {
    schema: "2.0",
    config: { update_multi: true, ...(ctx.bilingual ? { locales: ["zh_cn", "en_us"] as LarkLocale[] } : {}), summary },
    header,
    body: { elements },
  };
}
