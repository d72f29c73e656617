// What a chat platform adapter is to the conversation core (src/chat/conversation.ts), declared once.
// Receiving: the adapter verifies and acknowledges the platform's request, then normalizes whatever
// arrived (a message, an @mention, a slash command, a button press, a home-tab visit) into ONE
// `Inbound`. Sending: the core decides WHERE an answer goes (the group privacy rule) and the adapter
// only knows HOW (its API calls, its card rendering). `Ref` is the adapter's own handle on the place
// the event came from (a channel and thread, a message to reply to, a card to update); the core
// passes it back untouched.
import type { Locale, Text } from "../../cards/model.ts";
import type { FileMessage } from "../outgoing-file.ts";
import type { PlatformName } from "../platform.ts";
import type { Reply } from "./answer.ts";

/** Where a conversation happens: the chat platforms, and the terminal (no chat account behind it). */
export type ConversationChannel = PlatformName | "console";

/** What the user did, once normalized. */
export type Trigger =
  /** A message or an @mention of the bot; `mentions` are OTHER people's user ids (never the bot's). */
  | { type: "text"; text: string; mentions: string[] }
  /** A slash command ("/kpi <text>"): `text` is what follows the command. */
  | { type: "command"; text: string; mentions: string[] }
  /**
   * A button of one of our cards: its serialized intent, or null when the value is not ours. A
   * form's submit also carries what was typed (field name → value), handed to the intent as `form`.
   */
  | { type: "button"; value: string | null; form?: Record<string, string> }
  /** The personal dashboard (Slack's App Home). */
  | { type: "home" }
  /** Something the bot cannot read (an image, a file): answered with help, never silence. */
  | { type: "unsupported" };

/** Who is asking: a chat account (resolved to an employee by the core), or an employee directly (console). */
export type InboundAsker = { workspaceId: string; userId: string } | { employeeId: number };

export interface Inbound<Ref = unknown> {
  /** The platform's event id for dedupe across retries and processes; absent: not deduplicated. */
  eventId?: string;
  asker: InboundAsker;
  /** A group chat (personal answers go to the asker only) or a one-to-one chat with the bot. */
  inGroup: boolean;
  trigger: Trigger;
  ref: Ref;
  /** Set when the answer comes late (the question waited for the database): the card says which question it answers. */
  askedAt?: Date;
}

/** A chat directory entry, for linking an account to an employee by email or mobile. */
export type DirectoryProfile = { email?: string | null; mobile?: string | null };

export interface ChatAdapter<Ref = unknown> {
  readonly channel: ConversationChannel;
  /** The answer as this platform shows it (Block Kit, Lark card JSON, text); what the sends below send. */
  render(reply: Reply): unknown;
  /** The platform's directory (Slack users.info, Lark contact API); null when unknown. */
  lookupUser?(userId: string): Promise<DirectoryProfile | null>;
  /** The answer in the conversation itself: the DM, or the group (a reply in the thread). */
  post(ref: Ref, reply: Reply): Promise<void>;
  /** Visible to the asker only, in the group; false when the platform refused (the core falls back to a DM). */
  ephemeral(ref: Ref, reply: Reply): Promise<boolean>;
  /** A direct message to the asker. */
  dm(ref: Ref, reply: Reply): Promise<void>;
  /** A short text in the group addressed to the asker (the DM fallback's note). */
  note(ref: Ref, note: Text, locale: Locale): Promise<void>;
  /** Replace the card the button was on (or the home tab) with the answer. */
  update(ref: Ref, reply: Reply): Promise<void>;
  /**
   * A file for the asker alone, in their direct conversation with the bot (a file cannot be shown
   * to one member of a group). Absent: the platform sends no files (the console).
   */
  sendFile?(ref: Ref, file: FileMessage, locale: Locale): Promise<void>;
  /**
   * A short text to the asker alone, where `sendFile` puts files: what a file that could not follow
   * its card would have been. Absent: the failure is only logged.
   */
  fileNote?(ref: Ref, note: Text, locale: Locale): Promise<void>;
  // Nobody else is written to from here: an answer's notices to other people go through
  // Reply.notices and the exactly-once delivery path (src/worker/chat-notices.ts).
}
