// The Slack wiring: Bolt (HTTP receiver or Socket Mode) and its listeners. Each listener
// normalizes the payload (./adapter.ts), records it in the inbound queue (src/events/inbound-queue.ts:
// the dedupe claim) and only then acks; the queue's worker runs the conversation core
// (src/chat/conversation.ts), which answers and delivers through the Slack adapter. When the
// question cannot be recorded the listener throws: the request is answered 5xx and Slack retries.
import { App, LogLevel, SocketModeReceiver, type Logger as BoltLogger } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { Env } from "../config/env.ts";
import type { Logger } from "../log.ts";
import type { InboundPlatform, InboundQueue } from "../events/inbound-queue.ts";
import type { Inbound } from "../chat/platform.ts";
import {
  type SlackMessageEvent,
  type SlackRef,
  slackAdapter,
  slackButton,
  slackCommand,
  slackDirectMessage,
  slackFormSubmission,
  slackHome,
  slackMention,
  reviveSlackRef,
} from "./adapter.ts";
import { FORM_CALLBACK_ID, formView } from "./forms.ts";
import { FastifyReceiver } from "./receiver.ts";

export interface SlackBotDeps {
  env: Env;
  log: Logger;
  /** Where questions are recorded before they are acknowledged (and answered from). */
  inbound: InboundQueue;
}

export interface SlackBot {
  app: App;
  /** The HTTP receiver to mount on the server (absent in Socket Mode). */
  receiver?: FastifyReceiver;
  /** How the inbound queue's worker answers Slack questions. */
  platform: InboundPlatform<SlackRef>;
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
    // Bolt's in-memory conversation store is unused here (state lives in Postgres and the queue);
    // it costs every event a store lookup that throws "Conversation not found" (an Error with a stack).
    convoStore: false,
    deferInitialization: true,
    clientOptions: {
      ...(slackApiUrl ? { slackApiUrl } : {}),
      // A retried post after a timeout can post twice; retries are the job queue's business.
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
    },
  });

  /** Records the question (throws when it cannot be: no ack, Slack retries); a repeat is simply acked. */
  const handle = async (_client: WebClient, inbound: Inbound<SlackRef> | null): Promise<void> => {
    if (inbound) await deps.inbound.accept("slack", inbound);
  };

  // Direct messages.
  app.message(async ({ message, body, client, context }) => {
    const eventId = (body as { event_id?: string }).event_id;
    await handle(
      client,
      slackDirectMessage(message as SlackMessageEvent, {
        ...(eventId ? { eventId } : {}),
        teamId: String(context.teamId ?? ""),
        ...(context.botUserId ? { botUserId: context.botUserId } : {}),
      }),
    );
  });

  // @mentions in channels: the bot answers only when mentioned there.
  app.event("app_mention", async ({ event, body, client, context }) => {
    const eventId = (body as { event_id?: string }).event_id;
    await handle(
      client,
      slackMention(event, {
        ...(eventId ? { eventId } : {}),
        teamId: String(context.teamId ?? ""),
        ...(context.botUserId ? { botUserId: context.botUserId } : {}),
      }),
    );
  });

  // /kpi [sub-command]: answered through the command's response_url (works where the bot is no
  // member); recorded before the ack like everything else.
  app.command("/kpi", async ({ ack, command, client, respond }) => {
    await handle(
      client,
      slackCommand(command, (message) => respond(message as never)),
    );
    await ack();
  });

  // Buttons: every button of our cards carries a serialized intent as its value (action ids name
  // the button, not the handler); the answer replaces the message in place.
  app.action({ type: "block_actions" }, async ({ ack, body, action, respond, client }) => {
    // A button carrying a form opens it now: its trigger_id is good for 3 s only, and opening a
    // modal writes nothing, so it needs neither the queue nor the database (./forms.ts).
    const view = formView((action as { value?: string }).value);
    if (view) {
      const trigger = (body as { trigger_id?: string }).trigger_id;
      await ack();
      if (!trigger) return;
      await client.views.open({ trigger_id: trigger, view }).catch((error: unknown) => {
        log.warn({ err: error }, "slack: opening a form failed");
      });
      return;
    }
    await handle(
      client,
      slackButton(body, (action as { value?: string }).value, (message) => respond(message as never)),
    );
    await ack();
  });

  // A form submitted: recorded, then acked (closing the modal); the answer comes to the DM.
  app.view({ callback_id: FORM_CALLBACK_ID, type: "view_submission" }, async ({ ack, body, client }) => {
    await handle(client, slackFormSubmission(body as Parameters<typeof slackFormSubmission>[0]));
    await ack();
  });

  // The App Home tab: the personal dashboard.
  app.event("app_home_opened", async ({ event, client, context }) => {
    if (event.tab !== "home") return;
    await handle(client, slackHome(event.user, String(context.teamId ?? "")));
  });

  // Rethrown so the receiver answers 5xx: the question was not recorded and Slack must retry it.
  app.error(async (error) => {
    log.error({ err: error }, "slack listener error");
    throw error;
  });

  return {
    app,
    ...(receiver ? { receiver } : {}),
    platform: { adapter: slackAdapter(app.client), revive: reviveSlackRef },
    async start() {
      await app.init();
      if (socketMode) await app.start();
    },
    async stop() {
      if (socketMode) await app.stop();
    },
  };
}
