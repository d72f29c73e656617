// Forms on Slack: a modal (views.open). Slack accepts a button's trigger_id for 3 s only, while
// our answers go through the durable inbound queue first (src/events/inbound-queue.ts) and may come
// later. So a button that opens a form carries the whole form in its value (rendered in the
// reader's language), and the bot opens the modal in the ack path from that value alone — no
// database, no queue. The submission (view_submission) then goes the normal way: recorded, acked,
// answered by the core with the submit intent and what was typed as `form`.
import type { types } from "@slack/bolt";
import type { Button, Form, Locale } from "../../cards/model.ts";
import { serializeIntent } from "../chat/intents.ts";

/** Marks a button value that opens a form (never a serialized intent, which starts with "{"). */
export const FORM_VALUE_PREFIX = "pacer-form:";
/** The modal's callback id: the one view_submission listener. */
export const FORM_CALLBACK_ID = "pacer_form";
/** The input's action id inside each field's block (the block id is the field name). */
const INPUT_ACTION = "v";

// Slack's view limits (views.open reference: title, submit and close ≤ 24 characters; metadata ≤ 3,000).
const LIMITS = { title: 24, button: 24, label: 2000, hint: 2000, initial: 3000, metadata: 3000, blocks: 100 } as const;

/** The compact form as it travels in the button value (one language: the reader's). */
interface CarriedForm {
  t: string;
  s: string;
  v: string;
  f: { n: string; l: string; i?: string; h?: string }[];
}

const cut = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

/** The value of a button opening `form` in `locale`; null when it would not fit Slack's 2,000 characters. */
export function formButtonValue(form: Form, locale: Locale, max = 2000): string | null {
  const carried: CarriedForm = {
    t: cut(form.title[locale], LIMITS.title),
    s: cut(form.submit.label[locale], LIMITS.button),
    v: serializeIntent(form.submit.intent),
    f: form.fields.map((f) => ({
      n: f.name,
      l: f.label[locale],
      ...(f.initial !== undefined ? { i: f.initial } : {}),
      ...(f.hint ? { h: f.hint[locale] } : {}),
    })),
  };
  const value = FORM_VALUE_PREFIX + JSON.stringify(carried);
  return value.length <= max && carried.v.length <= LIMITS.metadata ? value : null;
}

/** The button as Slack sends it: its form when it has one that fits, else its intent. */
export function slackButtonValue(b: Button, locale: Locale): string {
  return (b.form && formButtonValue(b.form, locale)) || serializeIntent(b.intent);
}

/** The modal a form button opens; null when the value is not a form of ours. */
export function formView(value: string | undefined): types.ModalView | null {
  if (!value?.startsWith(FORM_VALUE_PREFIX)) return null;
  let carried: CarriedForm;
  try {
    carried = JSON.parse(value.slice(FORM_VALUE_PREFIX.length)) as CarriedForm;
  } catch {
    return null;
  }
  if (typeof carried?.v !== "string" || !Array.isArray(carried.f) || carried.f.length === 0) return null;
  const plain = (text: string, max: number) => ({ type: "plain_text" as const, text: cut(String(text), max) });
  return {
    type: "modal",
    callback_id: FORM_CALLBACK_ID,
    title: plain(carried.t, LIMITS.title),
    submit: plain(carried.s, LIMITS.button),
    close: plain("✕", LIMITS.button),
    // The submit intent rides in the view; the core validates it like any button value.
    private_metadata: carried.v,
    blocks: carried.f.slice(0, LIMITS.blocks).map(
      (f): types.InputBlock => ({
        type: "input",
        block_id: String(f.n),
        label: plain(f.l, LIMITS.label),
        ...(f.h ? { hint: plain(f.h, LIMITS.hint) } : {}),
        element: {
          type: "plain_text_input",
          action_id: INPUT_ACTION,
          ...(f.i !== undefined ? { initial_value: cut(String(f.i), LIMITS.initial) } : {}),
        },
      }),
    ),
  };
}

/** What was typed in a submitted form modal, by field name. */
export function submittedValues(view: {
  state?: { values?: Record<string, Record<string, { value?: string | null }>> };
}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, inputs] of Object.entries(view.state?.values ?? {})) {
    const value = inputs[INPUT_ACTION]?.value;
    if (typeof value === "string") out[name] = value;
  }
  return out;
}
