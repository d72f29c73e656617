// Feishu/Lark as a conversation-core adapter (src/chat/platform.ts): normalized events
// (./events.ts) → one Inbound, and the core's sends → Open API calls through ./client.ts (every
// failure typed by ./errors.ts). Sends carry a uuid derived from the event, so a retried send
// cannot post twice.
import type { Card, Locale, Text } from "../../cards/model.ts";
import type { ChatAdapter, Inbound } from "../chat/platform.ts";
import {
  type LarkClient,
  lookupContact,
  patchCard,
  replyCard,
  replyText,
  sendCard,
  sendEphemeralCard,
  sendUuid,
} from "./client.ts";
import type { LarkCardAction, LarkMessage } from "./events.ts";
import { larkCardIsEphemeral, larkCardValue } from "./card-value.ts";
import { sendFile } from "./files.ts";
import { renderLarkCard } from "./render.ts";

export type LarkRef =
  | { kind: "message"; eventId: string; messageId: string; chatId: string; openId: string; isGroup: boolean }
  /**
   * A card button: `respond` hands the new card to the callback answer (or, when late, patches it —
   * or, for an ephemeral card, which Lark cannot patch, sends it anew to the asker alone).
   * Everything but `respond` survives JSON, so a queued job (src/events/inbound-queue.ts) in any
   * process can still answer late the right way (see `reviveLarkRef`).
   */
  | {
      kind: "button";
      eventId: string;
      openId: string;
      /** The pressed card is ephemeral (its buttons say so): never PATCH it. */
      ephemeral: boolean;
      respond: (card: object) => Promise<void>;
      /** The card's message, for patching it late. */
      messageId?: string;
      /** The chat the card is in, for a late ephemeral answer there. */
      chatId?: string;
    };

/** A message event → Inbound; null when a group message does not address the bot. */
export function larkMessageInbound(m: LarkMessage, botOpenId: string | undefined): Inbound<LarkRef> | null {
  if (m.isGroup && !(botOpenId ? m.mentioned.includes(botOpenId) : m.mentioned.length > 0)) return null;
  const others = m.mentioned.filter((id) => id !== botOpenId);
  // In a group the first mention addresses the bot (when its open_id is unknown, assume so).
  const mentions = m.isGroup && !botOpenId ? others.slice(1) : others;
  return {
    eventId: m.eventId,
    asker: { workspaceId: m.tenantKey, userId: m.sender.openId },
    inGroup: m.isGroup,
    trigger: m.messageType === "text" ? { type: "text", text: m.text, mentions } : { type: "unsupported" },
    ref: {
      kind: "message",
      eventId: m.eventId,
      messageId: m.messageId,
      chatId: m.chatId,
      openId: m.sender.openId,
      isGroup: m.isGroup,
    },
  };
}

/** A card callback → Inbound; the button value is ours only when it carries an intent. */
export function larkButtonInbound(a: LarkCardAction, respond: (card: object) => Promise<void>): Inbound<LarkRef> {
  return {
    eventId: a.eventId,
    asker: { workspaceId: a.tenantKey, userId: a.operator.openId },
    inGroup: false,
    trigger: { type: "button", value: larkCardValue(a.value), ...(a.form ? { form: a.form } : {}) },
    ref: {
      kind: "button",
      eventId: a.eventId,
      openId: a.operator.openId,
      ephemeral: larkCardIsEphemeral(a.value),
      respond,
      ...(a.messageId ? { messageId: a.messageId } : {}),
      ...(a.chatId ? { chatId: a.chatId } : {}),
    },
  };
}

/**
 * A button's answer after the callback was answered (a toast): an ordinary card is patched; an
 * ephemeral one, which Lark cannot patch, is answered with a new ephemeral card to the asker (a DM
 * when the chat is unknown).
 */
export async function answerLarkButtonLate(
  client: LarkClient,
  ref: Extract<LarkRef, { kind: "button" }>,
  card: object,
): Promise<void> {
  if (ref.ephemeral)
    await (ref.chatId
      ? sendEphemeralCard(client, { chatId: ref.chatId, openId: ref.openId }, card)
      : sendCard(client, { type: "open_id", id: ref.openId }, card, sendUuid(`lark:${ref.eventId}:late`)));
  else if (ref.messageId) await patchCard(client, ref.messageId, card);
}

/** A ref read back from a queued job (JSON: `respond` was dropped): the answer is a late one. */
export function reviveLarkRef(client: LarkClient, ref: unknown): LarkRef {
  const r = ref as LarkRef;
  if (r.kind !== "button") return r;
  // A job recorded before buttons carried the flag: treat the card as patchable (as it was then).
  const button = { ...r, ephemeral: r.ephemeral === true };
  return { ...button, respond: (card) => answerLarkButtonLate(client, button, card) };
}

/** The card that replaces a pressed one: an ephemeral card stays ephemeral (one language, marked buttons). */
function buttonAnswer(ref: Extract<LarkRef, { kind: "button" }>, reply: { card: Card; locale: Locale }): object {
  return ref.ephemeral
    ? renderLarkCard(reply.card, { locale: reply.locale, bilingual: false, ephemeral: true })
    : renderLarkCard(reply.card);
}

const both = (t: Text) => `${t["zh-CN"]} / ${t.en}`;

export function larkAdapter(client: LarkClient): ChatAdapter<LarkRef> {
  return {
    channel: "lark",
    // Both languages travel in one card; each client shows its own.
    render: (reply) => renderLarkCard(reply.card),
    lookupUser: (openId) => lookupContact(client, openId),
    async post(ref, reply) {
      if (ref.kind === "button") return ref.respond(buttonAnswer(ref, reply));
      const card = renderLarkCard(reply.card);
      const uuid = sendUuid(`lark:${ref.eventId}`);
      if (ref.isGroup) await replyCard(client, ref.messageId, card, uuid);
      else await sendCard(client, { type: "chat_id", id: ref.chatId }, card, uuid);
    },
    async ephemeral(ref, reply) {
      if (ref.kind !== "message") return false;
      // The ephemeral API takes no per-component translations: one language, the asker's.
      const card = renderLarkCard(reply.card, { locale: reply.locale, bilingual: false, ephemeral: true });
      await sendEphemeralCard(client, { chatId: ref.chatId, openId: ref.openId }, card);
      return true;
    },
    async dm(ref, reply) {
      const card = renderLarkCard(reply.card);
      await sendCard(client, { type: "open_id", id: ref.openId }, card, sendUuid(`lark:${ref.eventId}:dm`));
    },
    async note(ref, note) {
      // Lark shows the note to the whole group: both languages.
      if (ref.kind === "message")
        await replyText(client, ref.messageId, both(note), sendUuid(`lark:${ref.eventId}:note`));
    },
    // The workbook alone in the asker's chat with the bot (the card draws its own charts).
    async sendFile(ref, file) {
      await sendFile(client, { type: "open_id", id: ref.openId }, file.file, sendUuid(`lark:${ref.eventId}:file`));
    },
    async update(ref, reply) {
      if (ref.kind === "button") await ref.respond(buttonAnswer(ref, reply));
      else await this.post(ref, reply);
    },
  };
}
