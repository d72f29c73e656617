// The terminal as a conversation-core adapter (src/chat/platform.ts): a typed line (or the number
// of a button) → one Inbound, and every send → the card rendered as text. There is no group and
// no chat account: the asker is the employee picked at the prompt.
import { renderText } from "../../cards/render-text.ts";
import type { Reply } from "../chat/answer.ts";
import { serializeIntent } from "../chat/intents.ts";
import type { ChatAdapter, Inbound } from "../chat/platform.ts";

/** A numbered button of the last card shown. */
export interface ConsoleChoice {
  index: number;
  value: string;
}

/** A typed line: the number of a button of the last card presses it; anything else is a message. */
export function consoleInbound(line: string, employeeId: number, choices: readonly ConsoleChoice[]): Inbound<null> {
  const choice = /^\d+$/.test(line) ? choices.find((c) => c.index === Number(line)) : undefined;
  return {
    asker: { employeeId },
    inGroup: false,
    trigger: choice ? { type: "button", value: choice.value } : { type: "text", text: line, mentions: [] },
    ref: null,
  };
}

/** Prints every answer; `shown` receives it (the session keeps the last card and its buttons). */
export function consoleAdapter(
  print: (text: string) => void,
  shown: (reply: Reply, choices: ConsoleChoice[]) => void,
): ChatAdapter<null> {
  const show = async (_ref: null, reply: Reply) => {
    const rendered = renderText(reply.card, reply.locale);
    print(rendered.text);
    shown(
      reply,
      rendered.choices.map((c) => ({ index: c.index, value: serializeIntent(c.intent) })),
    );
  };
  return {
    channel: "console",
    render: (reply) => renderText(reply.card, reply.locale).text,
    post: show,
    // One person at a terminal: private and public are the same place.
    ephemeral: async (ref, reply) => {
      await show(ref, reply);
      return true;
    },
    dm: show,
    note: async (_ref, note, locale) => print(note[locale]),
    update: show,
  };
}
