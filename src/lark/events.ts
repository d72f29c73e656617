// Lark payloads (schema 2.0, after decryption) → what the adapter needs, validated with zod.
import { z } from "zod";

const senderId = z
  .object({ open_id: z.string().optional(), user_id: z.string().optional(), union_id: z.string().optional() })
  .passthrough();

const messageEvent = z.object({
  schema: z.literal("2.0"),
  header: z
    .object({
      event_id: z.string(),
      event_type: z.literal("im.message.receive_v1"),
      tenant_key: z.string().optional(),
      app_id: z.string().optional(),
    })
    .passthrough(),
  event: z
    .object({
      sender: z.object({ sender_id: senderId, sender_type: z.string().optional() }).passthrough(),
      message: z
        .object({
          message_id: z.string(),
          chat_id: z.string(),
          chat_type: z.string(),
          message_type: z.string(),
          content: z.string(),
          mentions: z
            .array(z.object({ key: z.string(), id: senderId, name: z.string().optional() }).passthrough())
            .optional(),
        })
        .passthrough(),
    })
    .passthrough(),
});

const cardAction = z.object({
  schema: z.literal("2.0"),
  header: z
    .object({ event_id: z.string(), event_type: z.literal("card.action.trigger"), tenant_key: z.string().optional() })
    .passthrough(),
  event: z
    .object({
      operator: senderId,
      action: z
        .object({
          value: z.unknown(),
          tag: z.string().optional(),
          form_value: z.record(z.string(), z.unknown()).optional(),
        })
        .passthrough(),
      context: z
        .object({ open_message_id: z.string().optional(), open_chat_id: z.string().optional() })
        .passthrough()
        .optional(),
    })
    .passthrough(),
});

export interface LarkMessage {
  kind: "message";
  eventId: string;
  tenantKey: string;
  messageId: string;
  chatId: string;
  isGroup: boolean;
  sender: { openId: string; userId?: string; unionId?: string };
  /** The text with every @_user_N key removed. */
  text: string;
  /** open_ids of the people mentioned (may include the bot). */
  mentioned: string[];
  messageType: string;
}

export interface LarkCardAction {
  kind: "card_action";
  eventId: string;
  tenantKey: string;
  operator: { openId: string };
  value: unknown;
  /** A form's submit: what was typed, by input name (text inputs only; other values are dropped). */
  form?: Record<string, string>;
  messageId?: string;
  chatId?: string;
}

export type LarkEvent =
  | LarkMessage
  | LarkCardAction
  | { kind: "challenge"; challenge: string }
  | { kind: "other"; type: string };

export function normalizeLarkPayload(payload: Record<string, unknown>): LarkEvent {
  if (payload.type === "url_verification" && typeof payload.challenge === "string")
    return { kind: "challenge", challenge: payload.challenge };
  const header = payload.header as { event_type?: string } | undefined;
  if (header?.event_type === "im.message.receive_v1") return normalizeMessage(payload);
  if (header?.event_type === "card.action.trigger") return normalizeCardAction(payload);
  return { kind: "other", type: String(header?.event_type ?? payload.type ?? "unknown") };
}

export function normalizeMessage(payload: unknown): LarkMessage | { kind: "other"; type: string } {
  const parsed = messageEvent.safeParse(payload);
  if (!parsed.success) return { kind: "other", type: "malformed im.message.receive_v1" };
  const { header, event } = parsed.data;
  let text = "";
  if (event.message.message_type === "text") {
    try {
      text = String((JSON.parse(event.message.content) as { text?: unknown }).text ?? "");
    } catch {
      text = "";
    }
  }
  const mentions = event.message.mentions ?? [];
  for (const m of mentions) text = text.split(m.key).join(" ");
  return {
    kind: "message",
    eventId: header.event_id,
    tenantKey: header.tenant_key ?? "",
    messageId: event.message.message_id,
    chatId: event.message.chat_id,
    isGroup: event.message.chat_type !== "p2p",
    sender: {
      openId: event.sender.sender_id.open_id ?? "",
      ...(event.sender.sender_id.user_id ? { userId: event.sender.sender_id.user_id } : {}),
      ...(event.sender.sender_id.union_id ? { unionId: event.sender.sender_id.union_id } : {}),
    },
    text: text
      .replace(/@_user_\d+/g, " ")
      .replace(/\s+/g, " ")
      .trim(),
    mentioned: mentions.flatMap((m) => (m.id.open_id ? [m.id.open_id] : [])),
    messageType: event.message.message_type,
  };
}

export function normalizeCardAction(payload: unknown): LarkCardAction | { kind: "other"; type: string } {
  const parsed = cardAction.safeParse(payload);
  if (!parsed.success) return { kind: "other", type: "malformed card.action.trigger" };
  const { header, event } = parsed.data;
  return {
    kind: "card_action",
    eventId: header.event_id,
    tenantKey: header.tenant_key ?? "",
    operator: { openId: event.operator.open_id ?? "" },
    value: event.action.value,
    ...(event.action.form_value
      ? {
          form: Object.fromEntries(
            Object.entries(event.action.form_value).filter((e): e is [string, string] => typeof e[1] === "string"),
          ),
        }
      : {}),
    ...(event.context?.open_message_id ? { messageId: event.context.open_message_id } : {}),
    ...(event.context?.open_chat_id ? { chatId: event.context.open_chat_id } : {}),
  };
}
