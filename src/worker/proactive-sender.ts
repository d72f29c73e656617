// Proactive messages (scheduled jobs): one interface over both platforms, so a job neither knows
// nor cares where a person reads their messages. Failures arrive as typed errors
// (PlatformRateLimitError / PlatformError from src/events/errors.ts) that the jobs act on.
import type { PlatformName } from "../platform.ts";
import type { Card, Locale } from "../../cards/model.ts";
import type { FileMessage } from "../outgoing-file.ts";

export interface Recipient {
  /** Slack user id or Lark open_id (or a channel / chat id for channel posts). */
  address: string;
  kind: "user" | "channel";
}

export interface SentMessage {
  messageId: string;
}

export interface ProactiveSender {
  readonly platform: PlatformName;
  /**
   * Sends `card`. `idempotencyKey` identifies this delivery (kind, recipient, period/date): Lark
   * dedupes on a uuid derived from it for an hour; Slack has no such key.
   */
  send(to: Recipient, card: Card, locale: Locale, idempotencyKey: string): Promise<SentMessage>;
  /** Sends a file as one message (Slack files.uploadV2; Lark im/v1/files + a "file" message, uuid as above). */
  sendFile?(to: Recipient, message: FileMessage, locale: Locale, idempotencyKey: string): Promise<SentMessage>;
  /** The chat account of a person by email, for people not linked yet (null when none). */
  lookupByEmail(email: string): Promise<string | null>;
}
