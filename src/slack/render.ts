// Card → Slack Block Kit, in one locale (Slack shows the user's language; Lark carries both).
//
// Slack rejects a whole message when any limit is exceeded, so the renderer never passes one: long
// texts are split or cut with "…", long tables become several code-block sections, surplus blocks
// are dropped behind a short note (the buttons are kept), and a button whose intent would not fit
// its value is left out rather than sent broken. Limits: https://docs.slack.dev/reference/block-kit
import type { types } from "@slack/bolt";
import { tableLines, progressBar } from "../../cards/render-text.ts";
import type { Button, Card, CardElement, Locale, Text, Tone } from "../../cards/model.ts";
import { formButtonValue, slackButtonValue } from "./forms.ts";

type KnownBlock = types.KnownBlock;
type SectionBlock = types.SectionBlock;
type ContextBlock = types.ContextBlock;
type ActionsBlock = types.ActionsBlock;
type SlackButton = types.Button;

export const SLACK_LIMITS = {
  messageBlocks: 50,
  homeBlocks: 100,
  headerText: 150,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  contextElements: 10,
  contextText: 3000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  /** The top-level `text` (notifications, screen readers): Slack cuts at 40,000; we stay short. */
  fallbackText: 3000,
  /**
   * All text in a message's blocks together. Slack refuses more than about 12,000 characters with
   * `msg_blocks_too_long` (undocumented; confirmed by Slack): we keep a margin below it.
   */
  messageText: 11_000,
} as const;

/** Characters of text in blocks: every plain_text / mrkdwn object's `text` (what Slack counts). */
export function blocksTextLength(blocks: readonly unknown[]): number {
  let total = 0;
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      const o = node as Record<string, unknown>;
      if ((o.type === "plain_text" || o.type === "mrkdwn") && typeof o.text === "string") total += o.text.length;
      else Object.values(o).forEach(walk);
    }
  };
  walk(blocks);
  return total;
}

export interface SlackMessage {
  /** Notification / fallback text: the card's summary. */
  text: string;
  blocks: KnownBlock[];
}

/** Code blocks wrap on narrow screens; keep tables readable on a laptop-width message pane. */
const TABLE_WIDTH = 80;

const TONE_EMOJI: Readonly<Record<Tone, string>> = {
  good: ":large_green_circle:",
  info: ":large_blue_circle:",
  warning: ":large_orange_circle:",
  bad: ":red_circle:",
  neutral: ":white_circle:",
};

// ─── Text helpers ────────────────────────────────────────────────────────────────────────────────

/** Slack's three control characters in mrkdwn (and in fallback text). */
export function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * At most `max` UTF-16 code units (Slack counts characters; code units are never fewer, so this
 * is safe), ending with "…" when cut; never splits a surrogate pair or an &entity;.
 */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  let cut = s.slice(0, Math.max(0, max - 1));
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  cut = cut.replace(/&[a-z]{0,4}$/, "");
  return `${cut}…`;
}

/** Splits text into pieces of at most `max` units, at line breaks where possible. */
function splitText(s: string, max: number): string[] {
  const out: string[] = [];
  let current = "";
  for (const line of s.split("\n")) {
    const candidate = current === "" ? line : `${current}\n${line}`;
    if (candidate.length <= max) {
      current = candidate;
      continue;
    }
    if (current !== "") out.push(current);
    current = line;
    // A single line longer than a section is cut into section-sized pieces.
    while (current.length > max) {
      let piece = current.slice(0, max);
      if (/[\uD800-\uDBFF]$/.test(piece)) piece = piece.slice(0, -1);
      const entity = /&[a-z]{0,4}$/.exec(piece);
      if (entity) piece = piece.slice(0, entity.index);
      out.push(piece);
      current = current.slice(piece.length);
    }
  }
  if (current !== "") out.push(current);
  return out;
}

const plain = (s: string, max: number) => ({ type: "plain_text" as const, text: truncate(s, max) || " ", emoji: true });
const mrkdwn = (s: string, max: number) => ({ type: "mrkdwn" as const, text: truncate(s, max) || " " });

// ─── Elements ────────────────────────────────────────────────────────────────────────────────────

function textSections(body: string, markdown: boolean): SectionBlock[] {
  if (body.trim() === "") return [];
  // Plain text stays plain_text so that names with "*" or "_" are never read as formatting.
  return markdown
    ? splitText(escapeMrkdwn(body), SLACK_LIMITS.sectionText).map((chunk) => ({
        type: "section",
        text: mrkdwn(chunk, SLACK_LIMITS.sectionText),
      }))
    : splitText(body, SLACK_LIMITS.sectionText).map((chunk) => ({
        type: "section",
        text: plain(chunk, SLACK_LIMITS.sectionText),
      }));
}

function fieldsSections(fields: { label: Text; value: Text }[], locale: Locale): SectionBlock[] {
  const out: SectionBlock[] = [];
  for (let i = 0; i < fields.length; i += SLACK_LIMITS.sectionFields) {
    out.push({
      type: "section",
      fields: fields
        .slice(i, i + SLACK_LIMITS.sectionFields)
        .map((f) =>
          mrkdwn(`*${escapeMrkdwn(f.label[locale])}*\n${escapeMrkdwn(f.value[locale])}`, SLACK_LIMITS.fieldText),
        ),
    });
  }
  return out;
}

function progressLine(el: Extract<CardElement, { type: "progress" }>, locale: Locale): string {
  return `${TONE_EMOJI[el.tone]} *${escapeMrkdwn(el.label[locale])}*\n\`${progressBar(el.ratio)}\` ${escapeMrkdwn(el.caption[locale])}`;
}

function tableSections(el: Extract<CardElement, { type: "table" }>, locale: Locale): SectionBlock[] {
  if (el.rows.length === 0) return [];
  const lines = tableLines(el, locale, TABLE_WIDTH).map(escapeMrkdwn);
  const head = lines.slice(0, 2).join("\n");
  const fence = "```";
  const section = (rows: string[]): SectionBlock => ({
    type: "section",
    text: mrkdwn(`${fence}\n${head}\n${rows.join("\n")}\n${fence}`, SLACK_LIMITS.sectionText),
  });
  // Each section repeats the column header so every piece reads on its own.
  const budget = SLACK_LIMITS.sectionText - head.length - 2 * fence.length - 3;
  const out: SectionBlock[] = [];
  let rows: string[] = [];
  let size = 0;
  for (const raw of lines.slice(2)) {
    const line = truncate(raw, budget);
    if (rows.length > 0 && size + 1 + line.length > budget) {
      out.push(section(rows));
      rows = [];
      size = 0;
    }
    size += (rows.length > 0 ? 1 : 0) + line.length;
    rows.push(line);
  }
  if (rows.length > 0) out.push(section(rows));
  return out;
}

function slackButton(b: Button, value: string, locale: Locale, actionId: string): SlackButton {
  const out: SlackButton = {
    type: "button",
    action_id: actionId,
    text: plain(b.label[locale], SLACK_LIMITS.buttonText),
    value,
  };
  if (b.style === "primary" || b.style === "danger") out.style = b.style;
  if (b.confirm) {
    out.confirm = {
      title: plain(b.confirm.title[locale], SLACK_LIMITS.confirmTitle),
      text: plain(b.confirm.text[locale], SLACK_LIMITS.confirmText),
      confirm: plain(b.confirm.ok[locale], SLACK_LIMITS.confirmButton),
      deny: plain(b.confirm.cancel[locale], SLACK_LIMITS.confirmButton),
      ...(b.style === "danger" ? { style: "danger" as const } : {}),
    };
  }
  return out;
}

/** Action ids must be unique in a message; a repeated one gets a numeric suffix. */
class ActionIds {
  private readonly used = new Set<string>();
  take(id: string): string {
    const base = id.slice(0, SLACK_LIMITS.actionId) || "action";
    let candidate = base;
    for (let n = 2; this.used.has(candidate); n++) {
      const suffix = `_${n}`;
      candidate = base.slice(0, SLACK_LIMITS.actionId - suffix.length) + suffix;
    }
    this.used.add(candidate);
    return candidate;
  }
}

function actionsBlocks(buttons: Button[], locale: Locale, ids: ActionIds): ActionsBlock[] {
  // A value Slack would refuse cannot be cut without breaking the intent it carries.
  // A button opening a form carries the form itself (./forms.ts: the modal opens in the ack path);
  // any other, its serialized intent.
  const usable = buttons
    .map((b) => ({ b, value: slackButtonValue(b, locale) }))
    .filter((u) => u.value.length <= SLACK_LIMITS.buttonValue);
  const out: ActionsBlock[] = [];
  for (let i = 0; i < usable.length; i += SLACK_LIMITS.actionsElements) {
    out.push({
      type: "actions",
      elements: usable
        .slice(i, i + SLACK_LIMITS.actionsElements)
        .map((u) => slackButton(u.b, u.value, locale, ids.take(u.b.actionId))),
    });
  }
  return out;
}

// ─── Card ────────────────────────────────────────────────────────────────────────────────────────

const TRUNCATED: Text = {
  "zh-CN": "内容较多，已省略部分内容。",
  en: "Some content was left out: this card is too long for Slack.",
};

function cardBlocks(card: Card, locale: Locale, maxBlocks: number, maxText: number): KnownBlock[] {
  const blocks: KnownBlock[] = [{ type: "header", text: plain(card.header.title[locale], SLACK_LIMITS.headerText) }];
  // Block Kit has no header colour: the tone shows as a coloured dot before the subtitle.
  const subtitle = card.header.subtitle?.[locale];
  if (subtitle)
    blocks.push({
      type: "context",
      elements: [mrkdwn(`${TONE_EMOJI[card.header.tone]} ${escapeMrkdwn(subtitle)}`, SLACK_LIMITS.contextText)],
    });
  let openContext: ContextBlock | null = null;
  const ids = new ActionIds();
  const actions: ActionsBlock[] = [];
  const elements = card.elements;
  for (let i = 0; i < elements.length; i++) {
    const el = elements[i]!;
    if (el.type !== "context") openContext = null;
    switch (el.type) {
      case "text":
        blocks.push(...textSections(el.text[locale], el.markdown ?? false));
        break;
      case "fields":
        blocks.push(...fieldsSections(el.fields, locale));
        break;
      case "progress": {
        // A run of progress bars is one list: one section (split only at the text limit).
        const run: string[] = [progressLine(el, locale)];
        while (elements[i + 1]?.type === "progress")
          run.push(progressLine(elements[++i] as Extract<CardElement, { type: "progress" }>, locale));
        for (const chunk of splitText(run.join("\n"), SLACK_LIMITS.sectionText))
          blocks.push({ type: "section", text: mrkdwn(chunk, SLACK_LIMITS.sectionText) });
        break;
      }
      case "table":
        blocks.push(...tableSections(el, locale));
        break;
      case "chart":
        // No charts in Block Kit: the chart's own text fallback, under its title.
        blocks.push(
          ...splitText(
            `*${escapeMrkdwn(el.title[locale])}*\n${escapeMrkdwn(el.fallback[locale])}`,
            SLACK_LIMITS.sectionText,
          ).map((chunk): SectionBlock => ({ type: "section", text: mrkdwn(chunk, SLACK_LIMITS.sectionText) })),
        );
        break;
      case "divider":
        blocks.push({ type: "divider" });
        break;
      case "context": {
        const element = mrkdwn(escapeMrkdwn(el.text[locale]), SLACK_LIMITS.contextText);
        // Consecutive context lines share a block while it has room.
        if (openContext && openContext.elements.length < SLACK_LIMITS.contextElements)
          openContext.elements.push(element);
        else blocks.push((openContext = { type: "context", elements: [element] }));
        break;
      }
      case "form": {
        // A message cannot hold a form Slack submits: one button opens it as a modal (left out
        // when the form does not fit a button value: pressing it would submit nothing).
        if (!formButtonValue(el.form, locale)) break;
        const made = actionsBlocks(
          [{ ...el.form.submit, actionId: "open_form", label: el.form.title, form: el.form }],
          locale,
          ids,
        );
        blocks.push(...made);
        actions.push(...made);
        break;
      }
      case "actions": {
        const made = actionsBlocks(el.buttons, locale, ids);
        blocks.push(...made);
        actions.push(...made);
        break;
      }
    }
  }
  return fitBlocks(blocks, actions, locale, maxBlocks, maxText);
}

/**
 * Too many blocks or too much text: keep the top of the card and every button row (what people
 * act on, paging included), with a note where content was dropped. Buttons beyond what fits go
 * too, from the last ones. Long lists should page before they get here (cards/paginate.ts).
 */
function fitBlocks(
  blocks: KnownBlock[],
  actions: ActionsBlock[],
  locale: Locale,
  maxBlocks: number,
  maxText: number,
): KnownBlock[] {
  if (blocks.length <= maxBlocks && blocksTextLength(blocks) <= maxText) return blocks;
  const note: ContextBlock = { type: "context", elements: [mrkdwn(TRUNCATED[locale], SLACK_LIMITS.contextText)] };
  let kept = actions.slice(0, Math.max(0, maxBlocks - 3));
  const content = blocks.filter((b) => b.type !== "actions").slice(0, maxBlocks - kept.length - 1);
  const size = () => blocksTextLength(content) + blocksTextLength([note]) + blocksTextLength(kept);
  // The header stays; content goes from the end, then (only if buttons alone are too long) buttons.
  while (size() > maxText && content.length > 1) content.pop();
  while (size() > maxText && kept.length > 0) kept = kept.slice(0, -1);
  return [...content, note, ...kept];
}

/** A card as a Slack message (chat.postMessage / chat.update / chat.postEphemeral / respond). */
export function renderSlackMessage(card: Card, locale: Locale): SlackMessage {
  return {
    text: truncate(escapeMrkdwn(card.summary[locale]), SLACK_LIMITS.fallbackText),
    blocks: cardBlocks(card, locale, SLACK_LIMITS.messageBlocks, SLACK_LIMITS.messageText),
  };
}

/** A card as the App Home tab (views.publish); a view holds up to 100 blocks. */
export function renderSlackHome(card: Card, locale: Locale): types.HomeView {
  // The 12,000-character rule is a message rule; a home tab holds up to 100 blocks.
  return { type: "home", blocks: cardBlocks(card, locale, SLACK_LIMITS.homeBlocks, Number.POSITIVE_INFINITY) };
}
