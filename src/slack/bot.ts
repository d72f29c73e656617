// The Slack adapter: Bolt listeners that turn Slack payloads into intents, ask the chat core, and
// deliver the card — to the DM, privately to the asker in a channel (ephemeral; a DM with a short
// note when that is not possible), in place for button presses, and on the App Home tab.
// Every listener acks first and works after; each event is handled once across retries and
// processes (event ids claimed in Redis).
import { App, LogLevel, SocketModeReceiver, type Logger as BoltLogger } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { Redis } from "ioredis";
import type pg from "pg";
import type { Env } from "../config/env.ts";
import type { Logger } from "../log.ts";
import { answer, type Reply } from "../chat/answer.ts";
import { claimEvent } from "../events/dedupe.ts";
import { resolveEmployee, type ChatUser } from "../chat/identity.ts";
import { BadIntentError, deserializeIntent, type Intent } from "../chat/intents.ts";
import { parseIntent } from "../chat/parse.ts";
import { renderSlackHome, renderSlackMessage } from "./render.ts";
import { FastifyReceiver } from "./receiver.ts";

export interface SlackBotDeps {
  env: Env;
  pool: pg.Pool;
  redis: Redis;
  log: Logger;
  now: () => Date;
}

export interface SlackBot {
  app: App;
  /** The HTTP receiver to mount on the server (absent in Socket Mode). */
  receiver?: FastifyReceiver;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Bolt's logger interface over our pino logger. */
function boltLogger(log: Logger): BoltLogger {
  const child = log.child({ component: "slack" });
  return {
    debug: (...m) => child.debug(m.join(" ")),
    info: (...m) => child.info(m.join(" ")),
    warn: (...m) => child.warn(m.join(" ")),
    error: (...m) => child.error(m.join(" ")),
    setLevel: () => {},
    getLevel: () => LogLevel.INFO,
    setName: () => {},
  };
}

export function createSlackBot(deps: SlackBotDeps): SlackBot {
  const { env, log } = deps;
  const socketMode = Boolean(env.SLACK_APP_TOKEN);
  const receiver = socketMode ? undefined : new FastifyReceiver({ signingSecret: env.SLACK_SIGNING_SECRET!, log });
  const slackApiUrl = env.SLACK_API_URL
    ? env.SLACK_API_URL.endsWith("/")
      ? env.SLACK_API_URL
      : `${env.SLACK_API_URL}/`
    : undefined;
  const app = new App({
    token: env.SLACK_BOT_TOKEN,
    ...(socketMode
      ? {
          receiver: new SocketModeReceiver({
            appToken: env.SLACK_APP_TOKEN!,
            logger: boltLogger(log),
            // apps.connections.open goes to the same Web API base URL as everything else.
            installerOptions: { clientOptions: slackApiUrl ? { slackApiUrl } : {} },
          }),
        }
      : { receiver: receiver! }),
    logger: boltLogger(log),
    deferInitialization: true,
    clientOptions: {
      ...(slackApiUrl ? { slackApiUrl } : {}),
      // A retried post after a timeout can post twice; retries are the job queue's business.
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
    },
  });

  const lookup = (client: WebClient) => async (user: ChatUser) => {
    const info = await client.users.info({ user: user.userId });
    return info.ok ? { email: info.user?.profile?.email ?? null, mobile: info.user?.profile?.phone ?? null } : null;
  };

  async function ask(client: WebClient, user: ChatUser, intent: Intent, inGroup: boolean): Promise<Reply> {
    // A teammate @mentioned is found the way the asker is: by a stored link, else the directory
    // (someone who never wrote to the bot is still someone a manager may ask about).
    if (intent.kind === "lookup" && intent.query.startsWith("@"))
      await resolveEmployee(deps.pool, { ...user, userId: intent.query.slice(1) }, lookup(client));
    const employeeId = await resolveEmployee(deps.pool, user, lookup(client));
    return answer({ pool: deps.pool, now: deps.now, log }, { employeeId, platform: "slack", inGroup }, intent);
  }

  /** Sends a reply where it belongs: public replies to the channel, personal ones to the asker only. */
  async function deliver(
    client: WebClient,
    reply: Reply,
    where: { channel: string; user: string; isDm: boolean; threadTs?: string },
  ) {
    const message = renderSlackMessage(reply.card, reply.locale);
    if (where.isDm || !reply.personal) {
      await client.chat.postMessage({
        channel: where.channel,
        ...message,
        ...(where.threadTs ? { thread_ts: where.threadTs } : {}),
      });
      return;
    }
    const ephemeral = await client.chat
      .postEphemeral({ channel: where.channel, user: where.user, ...message })
      .catch((error: { data?: { error?: string } }) => ({ ok: false, error: error.data?.error ?? String(error) }));
    if (ephemeral.ok) return;
    // Not possible here (e.g. the bot is not in the channel): send it by DM, with a short note.
    await client.chat.postMessage({ channel: where.user, ...message });
    const note = reply.locale === "en" ? "I sent your numbers to you by direct message." : "你的数据已私信发送给你。";
    await client.chat.postMessage({ channel: where.channel, text: `<@${where.user}> ${note}` }).catch(() => {});
  }

  const nowParts = () => {
    const d = deps.now();
    return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1 };
  };

  const mentionsIn = (text: string, botUserId: string | undefined) =>
    [...text.matchAll(/<@([A-Z0-9]+)(?:\|[^>]*)?>/g)].map((m) => m[1]!).filter((id) => id !== botUserId);

  // Direct messages.
  app.message(async ({ message, body, client, context }) => {
    const m = message as {
      channel_type?: string;
      subtype?: string;
      bot_id?: string;
      user?: string;
      text?: string;
      channel: string;
      ts: string;
    };
    if (m.channel_type !== "im" || m.subtype || m.bot_id || !m.user) return;
    if (
      !(await claimEvent(
        deps.redis,
        "slack",
        String((body as { event_id?: string }).event_id ?? `${m.channel}:${m.ts}`),
      ))
    )
      return;
    const user = { platform: "slack" as const, workspaceId: String(context.teamId ?? ""), userId: m.user };
    const intent = parseIntent(m.text ?? "", {
      mentions: mentionsIn(m.text ?? "", context.botUserId),
      now: nowParts(),
    });
    const reply = await ask(client, user, intent, false);
    await deliver(client, reply, { channel: m.channel, user: m.user, isDm: true });
  });

  // @mentions in channels: the bot answers only when mentioned there.
  app.event("app_mention", async ({ event, body, client, context }) => {
    if (!event.user) return;
    if (
      !(await claimEvent(
        deps.redis,
        "slack",
        String((body as { event_id?: string }).event_id ?? `${event.channel}:${event.ts}`),
      ))
    )
      return;
    const user = { platform: "slack" as const, workspaceId: String(context.teamId ?? ""), userId: event.user };
    const intent = parseIntent(event.text, { mentions: mentionsIn(event.text, context.botUserId), now: nowParts() });
    const reply = await ask(client, user, intent, true);
    await deliver(client, reply, {
      channel: event.channel,
      user: event.user,
      isDm: false,
      ...(event.thread_ts ? { threadTs: event.thread_ts } : {}),
    });
  });

  // /kpi [sub-command]
  app.command("/kpi", async ({ ack, command, client }) => {
    await ack();
    const user = { platform: "slack" as const, workspaceId: command.team_id, userId: command.user_id };
    const mentions = mentionsIn(command.text, undefined);
    const intent = parseIntent(`/kpi ${command.text}`, { mentions, now: nowParts() });
    const reply = await ask(client, user, intent, command.channel_name !== "directmessage");
    const isDm = command.channel_id.startsWith("D");
    await deliver(client, reply, { channel: command.channel_id, user: command.user_id, isDm });
  });

  // Buttons: every button of our cards carries a serialized intent as its value (action ids name
  // the button, not the handler); the answer replaces the message in place.
  app.action({ type: "block_actions" }, async ({ ack, body, action, respond, client }) => {
    await ack();
    const value = (action as { value?: string }).value ?? "";
    const userId = body.user.id;
    const user = { platform: "slack" as const, workspaceId: String(body.team?.id ?? ""), userId };
    let intent: Intent;
    try {
      intent = deserializeIntent(value);
    } catch (error) {
      if (!(error instanceof BadIntentError)) throw error;
      intent = { kind: "unknown", text: "" };
    }
    const reply = await ask(client, user, intent, false);
    const message = renderSlackMessage(reply.card, reply.locale);
    const container = (
      body as { container?: { type?: string; channel_id?: string; message_ts?: string; is_ephemeral?: boolean } }
    ).container;
    if (container?.type === "view") {
      await client.views.publish({ user_id: userId, view: renderSlackHome(reply.card, reply.locale) });
      return;
    }
    if (container?.type === "message" && container.channel_id && container.message_ts && !container.is_ephemeral) {
      // Update the card in place.
      await client.chat.update({ channel: container.channel_id, ts: container.message_ts, ...message });
      return;
    }
    // Ephemeral messages cannot be updated through the Web API, only through their response_url.
    await respond({ ...message, replace_original: true, response_type: "ephemeral" });
  });

  // The App Home tab: the personal dashboard.
  app.event("app_home_opened", async ({ event, client, context }) => {
    if (event.tab !== "home") return;
    const user = { platform: "slack" as const, workspaceId: String(context.teamId ?? ""), userId: event.user };
    const reply = await ask(client, user, { kind: "progress", period: "current" }, false);
    await client.views.publish({ user_id: event.user, view: renderSlackHome(reply.card, reply.locale) });
  });

  app.error(async (error) => {
    log.error({ err: error }, "slack listener error");
  });

  return {
    app,
    ...(receiver ? { receiver } : {}),
    async start() {
      await app.init();
      if (socketMode) await app.start();
    },
    async stop() {
      if (socketMode) await app.stop();
    },
  };
}
