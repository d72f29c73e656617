// Lark side of proactive messages: im.v1.message.create to the open_id, with a uuid derived from
// the delivery's idempotency key (Lark drops a repeat within an hour).
import type { Card, Locale } from "../../cards/model.ts";
import type { ProactiveSender, Recipient, SentMessage } from "../worker/proactive-sender.ts";
import { openIdsByEmail, sendCard, sendUuid, type LarkClient } from "./client.ts";
import { renderLarkCard } from "./render.ts";
import { sendFile } from "./files.ts";
import type { FileMessage } from "../outgoing-file.ts";

export function createLarkSender(client: LarkClient): ProactiveSender {
  return {
    platform: "lark",
    // Lark cards carry both languages; the client shows its own.
    async send(to: Recipient, card: Card, _locale: Locale, idempotencyKey: string): Promise<SentMessage> {
      const messageId = await sendCard(
        client,
        { type: to.kind === "user" ? "open_id" : "chat_id", id: to.address },
        renderLarkCard(card),
        sendUuid(idempotencyKey),
      );
      return { messageId };
    },
    // Lark shows no comment with a file and its cards draw their own charts: the file alone.
    async sendFile(to: Recipient, message: FileMessage, _locale: Locale, idempotencyKey: string): Promise<SentMessage> {
      const messageId = await sendFile(
        client,
        { type: to.kind === "user" ? "open_id" : "chat_id", id: to.address },
        message.file,
        sendUuid(idempotencyKey),
      );
      return { messageId };
    },
    async lookupByEmail(email: string): Promise<string | null> {
      return (await openIdsByEmail(client, [email])).get(email.toLowerCase()) ?? null;
    },
  };
}
