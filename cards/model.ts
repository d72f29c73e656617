// The one platform-neutral card model. Card builders (cards/builders) produce it from core data;
// renderers turn it into Slack Block Kit (src/slack/render.ts), Lark card JSON 2.0
// (src/lark/render.ts) or console text (cards/render-text.ts). Nothing here knows a platform.
//
// Every user-visible text is bilingual (`Text`): Lark cards carry both languages and the client
// shows its own; Slack and the console show the user's locale.
import type { Intent } from "../src/chat/intents.ts";

export type Locale = "zh-CN" | "en";
export const LOCALES: readonly Locale[] = ["zh-CN", "en"];

/** A text in both languages. Plain text unless the element says it is markdown. */
export interface Text {
  "zh-CN": string;
  en: string;
}

export const text = (zh: string, en: string): Text => ({ "zh-CN": zh, en });
/** The same string in both languages (names, numbers, ids). */
export const same = (s: string): Text => ({ "zh-CN": s, en: s });

export type Tone = "neutral" | "good" | "warning" | "bad" | "info";

export interface CardHeader {
  title: Text;
  subtitle?: Text;
  tone: Tone;
}

/** A paragraph; `markdown` allows *bold*, _italic_ and line breaks (renderers translate). */
export interface TextElement {
  type: "text";
  text: Text;
  markdown?: boolean;
}

/** Label/value pairs, shown two per row where the platform allows. */
export interface FieldsElement {
  type: "fields";
  fields: { label: Text; value: Text }[];
}

/** A progress bar: `ratio` 0 … (may exceed 1); `caption` is the exact figure shown beside it. */
export interface ProgressElement {
  type: "progress";
  label: Text;
  ratio: number;
  caption: Text;
  tone: Tone;
}

export interface TableColumn {
  key: string;
  label: Text;
  align?: "left" | "right";
}

export interface TableElement {
  type: "table";
  columns: TableColumn[];
  /** Cells by column key. */
  rows: Record<string, Text>[];
  /** Highlighted row (e.g. the asker in a leaderboard). */
  highlightRow?: number;
}

/**
 * A bar chart, or a line over ordered labels (Lark renders a chart; other platforms render
 * `fallback` text). Values are plain numbers for drawing only — the exact figures are in the texts.
 */
export interface ChartElement {
  type: "chart";
  title: Text;
  /** Bars (the default), or one line through the values in order (a trend over months). */
  kind?: "bar" | "line";
  /** The values, one per label, in order (bars, or the line's points). */
  bars: { label: Text; value: number; tone: Tone }[];
  /** A line drawn across the bars (e.g. 100 % of target). */
  reference?: { value: number; label: Text };
  fallback: Text;
}

export interface DividerElement {
  type: "divider";
}

/** Small print: data freshness, as-of time, hints. */
export interface ContextElement {
  type: "context";
  text: Text;
}

export interface Button {
  /** Stable action id (letters, digits, "_"; ≤ 20 chars — Lark's element-id limit). */
  actionId: string;
  label: Text;
  /**
   * The intent the button triggers (src/chat/intents.ts). Each adapter serializes it into its
   * platform's button value when rendering; a card holds plain data and runs no src/ code.
   */
  intent: Intent;
  style?: "primary" | "danger" | "default";
  /** A confirmation dialog before acting. */
  confirm?: { title: Text; text: Text; ok: Text; cancel: Text };
  /**
   * Where the platform has dialogs (a Slack modal), the button opens this form at once; elsewhere
   * it is pressed as usual (its `value`), and the answer is a card holding the same form.
   */
  form?: Form;
}

/** One text input of a form; `name` is the key its value comes back under. */
export interface FormField {
  name: string;
  label: Text;
  initial?: string;
  hint?: Text;
}

/**
 * A form: its submit button's `value` is the intent to run, which receives what was typed as
 * `form: { [field name]: value }` (the platform fills it in: Slack view_submission, Lark form_value).
 */
export interface Form {
  title: Text;
  fields: FormField[];
  submit: Button;
}

/** A form in the card itself (Lark's form container; on Slack a button that opens it as a modal). */
export interface FormElement {
  type: "form";
  form: Form;
}

export interface ActionsElement {
  type: "actions";
  buttons: Button[];
}

export type CardElement =
  | TextElement
  | FieldsElement
  | ProgressElement
  | TableElement
  | ChartElement
  | DividerElement
  | ContextElement
  | ActionsElement
  | FormElement;

export interface Card {
  header: CardHeader;
  elements: CardElement[];
  /** One-line summary for notifications and clients that cannot show cards. */
  summary: Text;
}

/** The text of a `Text` in a locale. */
export const t = (value: Text, locale: Locale): string => value[locale];
