// Files on Slack: files.uploadV2 (files.getUploadURLExternal → POST of the bytes → one
// files.completeUploadExternal for all of them), shared in one conversation as ONE message with the
// comment. A person is addressed by their DM's conversation id (conversations.open, scope im:write):
// completeUploadExternal takes a conversation id, not a user id.
//
// Why charts go as files next to the card rather than inside it (an image block with
// `slack_file: {id}`): a file uploaded without a channel is private to the bot, and Slack refuses
// an image block pointing at it (`invalid_blocks`, "invalid slack file") or at one it has not
// finished processing; a file shared in the conversation is seen by exactly the people who see the
// card, with no public link.
import type { WebClient } from "@slack/web-api";
import type { Locale } from "../../cards/model.ts";
import type { FileMessage } from "../outgoing-file.ts";
import { classifySlackError } from "./errors.ts";

export type SlackFileTarget = { kind: "user"; user: string } | { kind: "channel"; channel: string; threadTs?: string };

/** Shares the message's file (and its pictures) in one message; returns "<conversation>:<first file id>". */
export async function shareFiles(
  client: WebClient,
  to: SlackFileTarget,
  message: FileMessage,
  locale: Locale,
): Promise<string> {
  try {
    const channel =
      to.kind === "channel" ? to.channel : (await client.conversations.open({ users: to.user })).channel?.id;
    if (!channel) throw new Error(`no DM conversation with ${to.kind === "user" ? to.user : ""}`);
    const uploads = [message.file, ...(message.images ?? [])].map((f) => ({
      file: f.buffer,
      filename: f.fileName,
      title: f.fileName,
    }));
    const res = await client.files.uploadV2({
      channel_id: channel,
      initial_comment: message.comment[locale],
      ...(to.kind === "channel" && to.threadTs ? { thread_ts: to.threadTs } : {}),
      file_uploads: uploads,
    });
    // uploadV2 answers { ok, files: [one completeUploadExternal answer per message] }.
    const done = ((res as { files?: unknown }).files ?? []) as { files?: { id?: string }[] }[];
    return `${channel}:${done[0]?.files?.[0]?.id ?? ""}`;
  } catch (error) {
    throw classifySlackError(error);
  }
}
