// Feishu/Lark as a conversation-core adapter (src/chat/platform.ts): normalized events
// (./events.ts) → one Inbound, and the core's sends → Open API calls through ./client.ts (every
// failure typed by ./errors.ts). Sends carry a uuid derived from the event, so a retried send
// cannot post twice.
import type { Text } from "../../cards/model.ts";
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
import { larkCardValue } from "./card-value.ts";
import { sendFile } from "./files.ts";
import { renderLarkCard } from "./render.ts";

export type LarkRef =
  | { kind: "message"; eventId: string; messageId: string; chatId: string; openId: string; isGroup: boolean }
  /** A card button: `respond` hands the new card to the callback answer (or patches it when late). */
  | {
      kind: "button";
      eventId: string;
      openId: string;
      respond: (card: object) => Promise<void>;
      /** The card's message, for patching it from a queued job (src/events/inbound-queue.ts) in any process. */
      messageId?: string;
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
    trigger: { type: "button", value: larkCardValue(a.value) },
    ref: {
      kind: "button",
      eventId: a.eventId,
      openId: a.operator.openId,
      respond,
      ...(a.messageId ? { messageId: a.messageId } : {}),
    },
  };
}

/** A ref read back from a queued job (JSON: `respond` was dropped): a late card patches the message. */
export function reviveLarkRef(client: LarkClient, ref: unknown): LarkRef {
  const r = ref as LarkRef;
  if (r.kind !== "button") return r;
  return {
    ...r,
    respond: async (card) => {
      if (r.messageId) await patchCard(client, r.messageId, card);
    },
  };
}

const both = (t: Text) => `${t["zh-CN"]} / ${t.en}`;

export function larkAdapter(client: LarkClient): ChatAdapter<LarkRef> {
  return {
    channel: "lark",
    // Both languages travel in one card; each client shows its own.
    render: (reply) => renderLarkCard(reply.card),
    lookupUser: (openId) => lookupContact(client, openId),
    async post(ref, reply) {
      const card = renderLarkCard(reply.card);
      if (ref.kind === "button") return ref.respond(card);
      const uuid = sendUuid(`lark:${ref.eventId}`);
      if (ref.isGroup) await replyCard(client, ref.messageId, card, uuid);
      else await sendCard(client, { type: "chat_id", id: ref.chatId }, card, uuid);
    },
    async ephemeral(ref, reply) {
      if (ref.kind !== "message") return false;
      // The ephemeral API takes no per-component translations: one language, the asker's.
      const card = renderLarkCard(reply.card, { locale: reply.locale, bilingual: false });
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
      if (ref.kind === "button") await ref.respond(renderLarkCard(reply.card));
      else await this.post(ref, reply);
    },
  };
}
