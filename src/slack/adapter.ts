// Slack as a conversation-core adapter (src/chat/platform.ts): payloads → one Inbound, and the
// core's sends → Web API calls (every failure typed by ./errors.ts). No decisions here: where an
// answer goes and what it says is the core's business.
import type { WebClient } from "@slack/web-api";
import type { ChatAdapter, Inbound } from "../chat/platform.ts";
import { classifySlackError } from "./errors.ts";
import { renderSlackHome, renderSlackMessage } from "./render.ts";

/** Where a Slack event came from, for answering it. */
export type SlackRef =
  | { kind: "conversation"; channel: string; user: string; threadTs?: string }
  | {
      kind: "button";
      user: string;
      container: { type?: string; channel_id?: string; message_ts?: string; is_ephemeral?: boolean } | undefined;
      /** The interaction's response_url (the only way to replace an ephemeral message). */
      respond: (message: Record<string, unknown>) => Promise<unknown>;
    }
  | {
      /**
       * A slash command: answered through its response_url — the bot need not be a member of the
       * conversation (a /kpi typed in a DM between two people: chat.postMessage there fails with
       * channel_not_found).
       */
      kind: "command";
      channel: string;
      user: string;
      /** Typed in a DM or group DM: every answer is shown to the asker only. */
      inDm: boolean;
      respond: (message: Record<string, unknown>) => Promise<unknown>;
    }
  | { kind: "home"; user: string };

/** Other people @mentioned in a Slack text ("<@U123>" / "<@U123|name>"), the bot left out. */
export function mentionsIn(text: string, botUserId: string | undefined): string[] {
  return [...text.matchAll(/<@([A-Z0-9]+)(?:\|[^>]*)?>/g)].map((m) => m[1]!).filter((id) => id !== botUserId);
}

export interface SlackMessageEvent {
  channel_type?: string;
  subtype?: string;
  bot_id?: string;
  user?: string;
  text?: string;
  channel: string;
  ts: string;
  thread_ts?: string;
}

/** A direct message (null for anything else: channel chatter, edits, bots); retries share the event id. */
export function slackDirectMessage(
  m: SlackMessageEvent,
  meta: { eventId?: string; teamId: string; botUserId?: string },
): Inbound<SlackRef> | null {
  if (m.channel_type !== "im" || m.subtype || m.bot_id || !m.user) return null;
  const text = m.text ?? "";
  return {
    eventId: meta.eventId ?? `${m.channel}:${m.ts}`,
    asker: { workspaceId: meta.teamId, userId: m.user },
    inGroup: false,
    trigger: { type: "text", text, mentions: mentionsIn(text, meta.botUserId) },
    ref: { kind: "conversation", channel: m.channel, user: m.user },
  };
}

/** An @mention of the bot in a channel: answered there (in the thread when there is one). */
export function slackMention(
  event: { user?: string; text: string; channel: string; ts: string; thread_ts?: string },
  meta: { eventId?: string; teamId: string; botUserId?: string },
): Inbound<SlackRef> | null {
  if (!event.user) return null;
  return {
    eventId: meta.eventId ?? `${event.channel}:${event.ts}`,
    asker: { workspaceId: meta.teamId, userId: event.user },
    inGroup: true,
    trigger: { type: "text", text: event.text, mentions: mentionsIn(event.text, meta.botUserId) },
    ref: {
      kind: "conversation",
      channel: event.channel,
      user: event.user,
      ...(event.thread_ts ? { threadTs: event.thread_ts } : {}),
    },
  };
}

/** "/kpi [text]" (Slack sends no event id for commands: not deduplicated); answered through `respond`. */
export function slackCommand(
  command: {
    team_id: string;
    user_id: string;
    channel_id: string;
    channel_name: string;
    text: string;
  },
  respond: (message: Record<string, unknown>) => Promise<unknown>,
): Inbound<SlackRef> {
  const inDm = command.channel_name === "directmessage" || command.channel_name.startsWith("mpdm-");
  return {
    asker: { workspaceId: command.team_id, userId: command.user_id },
    inGroup: command.channel_name !== "directmessage",
    trigger: { type: "command", text: command.text, mentions: mentionsIn(command.text, undefined) },
    ref: { kind: "command", channel: command.channel_id, user: command.user_id, inDm, respond },
  };
}

/** A button press: the button's value is a serialized intent (decoded and validated by the core). */
export function slackButton(
  body: { user: { id: string }; team?: { id?: string } | null; container?: unknown },
  value: string | undefined,
  respond: (message: Record<string, unknown>) => Promise<unknown>,
): Inbound<SlackRef> {
  return {
    asker: { workspaceId: String(body.team?.id ?? ""), userId: body.user.id },
    inGroup: false,
    trigger: { type: "button", value: value ?? null },
    ref: {
      kind: "button",
      user: body.user.id,
      container: body.container as Extract<SlackRef, { kind: "button" }>["container"],
      respond,
    },
  };
}

/** The App Home tab opened: the personal dashboard. */
export function slackHome(user: string, teamId: string): Inbound<SlackRef> {
  return {
    asker: { workspaceId: teamId, userId: user },
    inGroup: false,
    trigger: { type: "home" },
    ref: { kind: "home", user },
  };
}

async function typed<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    throw classifySlackError(error);
  }
}

/** The Slack sends behind the core's delivery verbs. */
export function slackAdapter(client: WebClient): ChatAdapter<SlackRef> {
  const channelOf = (ref: SlackRef) => (ref.kind === "conversation" ? ref.channel : ref.user);
  // A command's answers go through its response_url: "in_channel" only where the core posts to a
  // channel; in a DM (maybe between two other people) only the asker sees the answer.
  const respondTo = (ref: Extract<SlackRef, { kind: "command" }>, message: object, visible: boolean) =>
    typed(ref.respond({ ...message, response_type: visible && !ref.inDm ? "in_channel" : "ephemeral" }));
  return {
    channel: "slack",
    render: (reply) => renderSlackMessage(reply.card, reply.locale),
    async lookupUser(userId) {
      const info = await typed(client.users.info({ user: userId }));
      return info.ok ? { email: info.user?.profile?.email ?? null, mobile: info.user?.profile?.phone ?? null } : null;
    },
    async post(ref, reply) {
      if (ref.kind === "command") {
        await respondTo(ref, renderSlackMessage(reply.card, reply.locale), true);
        return;
      }
      const threadTs = ref.kind === "conversation" ? ref.threadTs : undefined;
      await typed(
        client.chat.postMessage({
          channel: channelOf(ref),
          ...renderSlackMessage(reply.card, reply.locale),
          ...(threadTs ? { thread_ts: threadTs } : {}),
        }),
      );
    },
    async ephemeral(ref, reply) {
      if (ref.kind === "command") {
        await respondTo(ref, renderSlackMessage(reply.card, reply.locale), false);
        return true;
      }
      const res = await typed(
        client.chat.postEphemeral({
          channel: channelOf(ref),
          user: ref.user,
          ...renderSlackMessage(reply.card, reply.locale),
        }),
      );
      return res.ok === true;
    },
    async dm(ref, reply) {
      // Slack opens the DM when the channel is a user id.
      await typed(client.chat.postMessage({ channel: ref.user, ...renderSlackMessage(reply.card, reply.locale) }));
    },
    async note(ref, note, locale) {
      if (ref.kind === "command") {
        await respondTo(ref, { text: `<@${ref.user}> ${note[locale]}` }, true);
        return;
      }
      await typed(client.chat.postMessage({ channel: channelOf(ref), text: `<@${ref.user}> ${note[locale]}` }));
    },
    async update(ref, reply) {
      const container = ref.kind === "button" ? ref.container : undefined;
      if (ref.kind === "home" || container?.type === "view") {
        await typed(client.views.publish({ user_id: ref.user, view: renderSlackHome(reply.card, reply.locale) }));
        return;
      }
      const message = renderSlackMessage(reply.card, reply.locale);
      if (container?.type === "message" && container.channel_id && container.message_ts && !container.is_ephemeral) {
        await typed(client.chat.update({ channel: container.channel_id, ts: container.message_ts, ...message }));
        return;
      }
      // Ephemeral messages cannot be updated through the Web API, only through their response_url.
      if (ref.kind === "command") await respondTo(ref, message, true);
      else if (ref.kind === "button")
        await typed(ref.respond({ ...message, replace_original: true, response_type: "ephemeral" }));
      else await typed(client.chat.postMessage({ channel: channelOf(ref), ...message }));
    },
  };
}
