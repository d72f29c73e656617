// Slack as a conversation-core adapter (src/chat/platform.ts): payloads → one Inbound, and the
// core's sends → Web API calls (every failure typed by ./errors.ts). No decisions here: where an
// answer goes and what it says is the core's business.
import { createHash } from "node:crypto";
import type { ChatPostMessageArguments, WebClient } from "@slack/web-api";
import type { ChatAdapter, Inbound } from "../chat/platform.ts";
import { PlatformError } from "../events/errors.ts";
import { classifySlackError } from "./errors.ts";
import { shareFiles } from "./files.ts";
import { submittedValues } from "./forms.ts";
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
      /** The same URL as data: a queued job (src/events/inbound-queue.ts) rebuilds `respond` from it. */
      responseUrl?: string;
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
      /** The command's response_url as data: a queued job rebuilds `respond` from it. */
      responseUrl?: string;
    }
  | { kind: "home"; user: string }
  /** A form submitted in a modal: the answer goes to the asker's DM with the bot (the modal has closed). */
  | { kind: "modal"; user: string };

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

/**
 * The dedupe key of a request Slack gives no event id (commands, buttons): its trigger_id, unique
 * per user action; without one, a hash of the payload — an identical signed request replayed within
 * Slack's 5-minute window is the same question.
 */
export function slackRequestKey(kind: "command" | "action", payload: Record<string, unknown>): string {
  const trigger = payload.trigger_id;
  if (typeof trigger === "string" && trigger) return `${kind}:${trigger}`;
  return `${kind}:${createHash("sha256").update(JSON.stringify(payload)).digest("hex")}`;
}

/**
 * "/kpi [text]": deduplicated by its trigger_id (Slack sends no event id for commands); answered
 * through `respond` (its response_url).
 */
export function slackCommand(
  command: {
    team_id: string;
    user_id: string;
    channel_id: string;
    channel_name: string;
    text: string;
    trigger_id?: string;
    response_url?: string;
  },
  respond: (message: Record<string, unknown>) => Promise<unknown>,
): Inbound<SlackRef> {
  // Slack always sends channel_name; a forged or odd payload without one is taken as a DM (answered privately).
  const channelName = typeof command.channel_name === "string" ? command.channel_name : "directmessage";
  const inDm = channelName === "directmessage" || channelName.startsWith("mpdm-");
  return {
    eventId: slackRequestKey("command", command as unknown as Record<string, unknown>),
    asker: { workspaceId: command.team_id, userId: command.user_id },
    inGroup: channelName !== "directmessage",
    trigger: { type: "command", text: command.text, mentions: mentionsIn(command.text, undefined) },
    ref: {
      kind: "command",
      channel: command.channel_id,
      user: command.user_id,
      inDm,
      respond,
      ...(command.response_url ? { responseUrl: command.response_url } : {}),
    },
  };
}

/** A button press: the button's value is a serialized intent (decoded and validated by the core). */
export function slackButton(
  body: {
    user: { id: string };
    team?: { id?: string } | null;
    container?: unknown;
    trigger_id?: string;
    response_url?: string;
  },
  value: string | undefined,
  respond: (message: Record<string, unknown>) => Promise<unknown>,
): Inbound<SlackRef> {
  return {
    eventId: slackRequestKey("action", body as unknown as Record<string, unknown>),
    asker: { workspaceId: String(body.team?.id ?? ""), userId: body.user.id },
    inGroup: false,
    trigger: { type: "button", value: value ?? null },
    ref: {
      kind: "button",
      user: body.user.id,
      container: body.container as Extract<SlackRef, { kind: "button" }>["container"],
      respond,
      ...(body.response_url ? { responseUrl: body.response_url } : {}),
    },
  };
}

/**
 * A form modal submitted (view_submission): the submit intent rode in the view's private_metadata
 * (./forms.ts), what was typed comes as `form`. Deduplicated by the view's id and hash (one
 * submission of one state of one view).
 */
export function slackFormSubmission(body: {
  user: { id: string };
  team?: { id?: string } | null;
  view: {
    id?: string;
    hash?: string;
    private_metadata?: string;
    state?: { values?: Record<string, Record<string, { value?: string | null }>> };
  };
}): Inbound<SlackRef> {
  return {
    eventId: `view:${body.view.id ?? ""}:${body.view.hash ?? ""}`,
    asker: { workspaceId: String(body.team?.id ?? ""), userId: body.user.id },
    inGroup: false,
    trigger: { type: "button", value: body.view.private_metadata || null, form: submittedValues(body.view) },
    ref: { kind: "modal", user: body.user.id },
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

/**
 * What Bolt's `respond` does: POST the message as JSON to the response_url. A refusal is thrown
 * shaped like the Web API client's errors, so `classifySlackError` types it the same way (Slack's
 * error name when it gives one, else the HTTP status).
 */
export async function postToResponseUrl(url: string, message: Record<string, unknown>): Promise<void> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(message),
  });
  if (res.ok) return;
  const text = await res.text().catch(() => "");
  let name: string | undefined;
  try {
    const parsed = JSON.parse(text) as { error?: unknown };
    if (typeof parsed?.error === "string") name = parsed.error;
  } catch {
    // Not JSON (Slack answers some refusals as plain text): the status says enough.
  }
  const what = `slack response_url answered ${res.status}${name ? ` (${name})` : ""}`;
  throw Object.assign(
    new Error(what),
    name
      ? { code: "slack_webapi_platform_error", data: { ok: false, error: name } }
      : { code: "slack_webapi_http_error", statusCode: res.status },
  );
}

/** A ref read back from a queued job (JSON: `respond` was dropped): `respond` posts to its response_url again. */
export function reviveSlackRef(ref: unknown): SlackRef {
  const r = ref as SlackRef;
  if (r.kind !== "button" && r.kind !== "command") return r;
  const url = r.responseUrl;
  const respond = async (message: Record<string, unknown>) => {
    if (!url) throw new Error(`slack: no response_url to answer this ${r.kind}`);
    await postToResponseUrl(url, message);
  };
  // A command recorded before commands were answered by response_url: the flag was not stored.
  return r.kind === "command" ? { ...r, inDm: r.inDm === true, respond } : { ...r, respond };
}

async function typed<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    throw classifySlackError(error);
  }
}

/** A response_url past its 30 minutes or 5 replies (Slack answers 404; the names, when it gives one). */
const SPENT_RESPONSE_URL = new Set(["http_404", "expired_url", "used_url"]);

/** The Slack sends behind the core's delivery verbs. */
export function slackAdapter(client: WebClient): ChatAdapter<SlackRef> {
  const channelOf = (ref: SlackRef) => (ref.kind === "conversation" ? ref.channel : ref.user);
  // A command's answers go through its response_url: "in_channel" only where the core posts to a
  // channel; in a DM (maybe between two other people) only the asker sees the answer.
  //
  // A response_url takes 5 replies within 30 minutes. An answer queued longer (an outage, a backlog)
  // finds it spent (404): the asker gets it in their DM with the bot instead, which is private
  // wherever the command was typed.
  const respondTo = async (ref: Extract<SlackRef, { kind: "command" }>, message: object, visible: boolean) => {
    try {
      await typed(ref.respond({ ...message, response_type: visible && !ref.inDm ? "in_channel" : "ephemeral" }));
    } catch (error) {
      if (!(error instanceof PlatformError && SPENT_RESPONSE_URL.has(error.code))) throw error;
      await typed(client.chat.postMessage({ channel: ref.user, ...message } as ChatPostMessageArguments));
    }
  };
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
    // In the asker's DM, with the charts as pictures in the same message (Block Kit draws no charts).
    async sendFile(ref, file, locale) {
      await shareFiles(client, { kind: "user", user: ref.user }, file, locale);
    },
    // Where sendFile puts files: the asker's DM (Slack opens it when the channel is a user id).
    async fileNote(ref, note, locale) {
      await typed(client.chat.postMessage({ channel: ref.user, text: note[locale] }));
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
