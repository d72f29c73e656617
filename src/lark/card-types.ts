// Feishu/Lark card JSON 2.0 as TypeScript types (our own; nothing here depends on the SDK), the
// options of rendering, and Lark's documented limits (sources: src/lark/card-build.ts).
import type { Locale, Tone } from "../../cards/model.ts";

// ─── Lark JSON 2.0 types (our own; the renderer does not depend on the SDK) ──────────────────────

export type LarkLocale = "zh_cn" | "en_us";
export type LarkI18n = Record<LarkLocale, string>;
export type LarkTemplate =
  | "blue"
  | "wathet"
  | "turquoise"
  | "green"
  | "yellow"
  | "orange"
  | "red"
  | "carmine"
  | "violet"
  | "purple"
  | "indigo"
  | "grey"
  | "default";

export interface LarkPlainText {
  tag: "plain_text";
  content: string;
  i18n_content?: LarkI18n;
  text_size?: "normal" | "notation";
  text_color?: "default" | "grey";
}

export interface LarkMarkdown {
  tag: "markdown";
  element_id: string;
  content: string;
  i18n_content?: LarkI18n;
  text_size?: "normal" | "notation";
}

export interface LarkDiv {
  tag: "div";
  element_id: string;
  text: LarkPlainText;
}

export interface LarkHr {
  tag: "hr";
  element_id: string;
}

export interface LarkTableColumn {
  name: string;
  display_name: string;
  data_type: "text";
  width: "auto";
  horizontal_align: "left" | "right";
}

export interface LarkTable {
  tag: "table";
  element_id: string;
  page_size: number;
  header_style: { background_style: "grey" | "none"; bold: boolean };
  columns: LarkTableColumn[];
  rows: Record<string, string>[];
}

/** The subset of a VChart bar-chart spec we emit (plain JSON: Lark runs no JavaScript in a spec). */
export interface VChartBarSpec {
  type: "bar";
  direction: "vertical" | "horizontal";
  data: { values: { label: string; value: number; tone: Tone }[] };
  xField: string;
  yField: string;
  seriesField: "tone";
  color: { type: "ordinal"; domain: Tone[]; range: string[] };
  legends: { visible: false };
  label: { visible: true };
  axes: { orient: "left" | "bottom"; type: "band" | "linear"; min?: number; max?: number }[];
  markLine?: {
    x?: number;
    y?: number;
    label: { visible: true; text: string };
    line: { style: { lineDash: number[] } };
  }[];
}

/** The subset of a VChart line-chart spec we emit: one line through the values, labels in order. */
export interface VChartLineSpec {
  type: "line";
  data: { values: { label: string; value: number }[] };
  xField: "label";
  yField: "value";
  color: string[];
  point: { visible: true };
  label: { visible: true };
  axes: { orient: "left" | "bottom"; type: "band" | "linear"; zero?: false }[];
}

export interface LarkChart<Spec extends VChartBarSpec | VChartLineSpec = VChartBarSpec | VChartLineSpec> {
  tag: "chart";
  element_id: string;
  chart_spec: Spec;
  height?: string;
}

/** What a button sends back in `card.action.trigger` → `event.action.value`. */
export interface LarkButtonValue {
  /** The serialized intent (src/chat/intents.ts), exactly as the card model holds it. */
  intent: string;
  /** The model's action id (logs, metrics). */
  action: string;
  /**
   * The button is on an ephemeral card: Lark cannot PATCH one (only the callback's answer changes
   * it), so a late answer must go another way, and the new card must stay single-language.
   */
  ephemeral?: true;
}

export interface LarkButton {
  tag: "button";
  element_id: string;
  type: "default" | "primary_filled" | "danger";
  text: LarkPlainText;
  behaviors: [{ type: "callback"; value: LarkButtonValue }];
  confirm?: { title: LarkPlainText; text: LarkPlainText };
  /** Inside a form: its name, and "submit" (the callback then carries `form_value`). */
  name?: string;
  form_action_type?: "submit";
}

/** A text input inside a form (interactive-components/input, JSON 2.0); `name` keys `form_value`. */
export interface LarkInput {
  tag: "input";
  element_id: string;
  name: string;
  label: LarkPlainText;
  label_position: "top";
  default_value?: string;
  placeholder?: LarkPlainText;
  required: boolean;
}

/** The form container (containers/form-container, JSON 2.0): its submit button sends every input's value. */
export interface LarkForm {
  tag: "form";
  element_id: string;
  name: string;
  elements: (LarkInput | LarkButton | LarkDiv)[];
}

export interface LarkColumn {
  tag: "column";
  element_id: string;
  width: "auto" | "weighted";
  weight?: number;
  vertical_spacing?: string;
  elements: LarkElement[];
}

export interface LarkColumnSet {
  tag: "column_set";
  element_id: string;
  flex_mode: "none" | "flow";
  horizontal_spacing: string;
  columns: LarkColumn[];
}

export type LarkElement =
  | LarkMarkdown
  | LarkDiv
  | LarkHr
  | LarkTable
  | LarkChart
  | LarkColumnSet
  | LarkButton
  | LarkForm;

export interface LarkCard {
  schema: "2.0";
  config: {
    update_multi: true;
    locales?: LarkLocale[];
    /** The chat-list preview line. */
    summary: { content: string; i18n_content?: LarkI18n };
  };
  header: { title: LarkPlainText; subtitle?: LarkPlainText; template: LarkTemplate };
  body: { elements: LarkElement[] };
}

export interface LarkRenderOptions {
  /**
   * The language of what Lark cannot localize per client (table headers and cells, chart labels)
   * and of every `content` fallback. Default zh-CN (a Feishu tenant's default).
   */
  locale?: Locale;
  /**
   * false: one language only, no `i18n_content` / `config.locales` — for the ephemeral-card API,
   * which refuses per-component i18n. Default true.
   */
  bilingual?: boolean;
  /** The card is sent as an ephemeral card: its buttons say so (LarkButtonValue.ephemeral). Default false. */
  ephemeral?: boolean;
}

export const LARK_LIMITS = {
  /** Card message request body (im/v1/messages); "30 KB" read as 30,000 bytes to be safe. */
  cardBytes: 30_000,
  /** Kept free in that body for receive_id, msg_type, uuid and the JSON around `content`. */
  envelopeBytes: 512,
  tables: 5,
  charts: 5,
  elementId: 20,
  tablePageSize: 10,
  buttonText: 100,
  /** Horizontal bars beyond this many (names are long; 30 bars stand better one per line). */
  verticalBars: 8,
  /** Plain-text fallback (text messages allow far more; a chat message should stay readable). */
  textChars: 20_000,
} as const;
