// A chat adapter that records what it would send instead of calling a platform: the conversation
// core's behaviour (where an answer goes, in which language) is tested once against it.
import type { Locale, Text } from "../../cards/model.ts";
import type { Reply } from "../../src/chat/answer.ts";
import type { FileMessage } from "../../src/outgoing-file.ts";
import type { ChatAdapter, ConversationChannel, DirectoryProfile, Inbound } from "../../src/chat/platform.ts";

export type Sent =
  | { verb: "post" | "ephemeral" | "dm" | "update"; reply: Reply }
  | { verb: "note" | "fileNote"; note: Text; locale: Locale }
  | { verb: "file"; file: FileMessage };

export interface RecordingOptions {
  channel?: ConversationChannel;
  /** The platform directory: user id → profile (absent: unknown user). */
  directory?: Record<string, DirectoryProfile>;
  /** The platform refuses ephemeral messages here: false = declines, an Error = throws it. */
  ephemeral?: false | Error;
  /** Every post fails with this error. */
  postFails?: Error;
  /** The platform takes files (sendFile, fileNote): true = accepts them, an Error = refuses every file with it. */
  files?: true | Error;
}

export interface RecordingAdapter extends ChatAdapter<string> {
  sent: Sent[];
}

export function recordingAdapter(options: RecordingOptions = {}): RecordingAdapter {
  const sent: Sent[] = [];
  return {
    channel: options.channel ?? "slack",
    // The card model itself: what the core decided, before any platform drew it.
    render: (reply) => reply.card,
    sent,
    async lookupUser(userId) {
      return options.directory?.[userId] ?? null;
    },
    async post(_ref, reply) {
      if (options.postFails) throw options.postFails;
      sent.push({ verb: "post", reply });
    },
    async ephemeral(_ref, reply) {
      if (options.ephemeral instanceof Error) throw options.ephemeral;
      if (options.ephemeral === false) return false;
      sent.push({ verb: "ephemeral", reply });
      return true;
    },
    async dm(_ref, reply) {
      sent.push({ verb: "dm", reply });
    },
    async note(_ref, note, locale) {
      sent.push({ verb: "note", note, locale });
    },
    async update(_ref, reply) {
      sent.push({ verb: "update", reply });
    },
    ...(options.files
      ? {
          async sendFile(_ref: string, file: FileMessage) {
            if (options.files instanceof Error) throw options.files;
            sent.push({ verb: "file", file });
          },
          async fileNote(_ref: string, note: Text, locale: Locale) {
            sent.push({ verb: "fileNote", note, locale });
          },
        }
      : {}),
  };
}

let seq = 0;
const RUN = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** A message from `userId` (a fresh event id each time unless given). */
export function message(
  userId: string,
  text: string,
  options: { inGroup?: boolean; mentions?: string[]; eventId?: string } = {},
): Inbound<string> {
  return {
    eventId: options.eventId ?? `${RUN}-${++seq}`,
    asker: { workspaceId: "W1", userId },
    inGroup: options.inGroup ?? false,
    trigger: { type: "text", text, mentions: options.mentions ?? [] },
    ref: "here",
  };
}

export function button(userId: string, value: string | null): Inbound<string> {
  return {
    eventId: `${RUN}-${++seq}`,
    asker: { workspaceId: "W1", userId },
    inGroup: false,
    trigger: { type: "button", value },
    ref: "card",
  };
}

/** All the text of a card in one language, for "does it say …" assertions. */
export function cardText(reply: Reply, locale: Locale = reply.locale): string {
  const parts: string[] = [reply.card.header.title[locale]];
  for (const el of reply.card.elements) {
    const e = el as unknown as Record<string, unknown>;
    for (const key of ["text", "label", "caption", "title", "fallback"]) {
      const t = e[key] as Text | undefined;
      if (t && typeof t === "object" && locale in t) parts.push(t[locale]);
    }
    if (Array.isArray(e.fields))
      for (const f of e.fields as { label: Text; value: Text }[]) parts.push(f.label[locale], f.value[locale]);
  }
  return parts.join("\n");
}
