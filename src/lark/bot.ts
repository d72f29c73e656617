// The Feishu/Lark adapter: a second platform over the same chat core. Webhook mode verifies and
// decrypts every request itself (src/lark/verify.ts) at POST /lark/events; long-connection mode
// uses the SDK's WSClient. Either way: acknowledge first, work after; each event is handled once
// (event ids claimed in Redis); sends carry a uuid derived from the event, so a retried send
// cannot post twice.
import * as lark from "@larksuiteoapi/node-sdk";
import type { FastifyInstance } from "fastify";
import type { Redis } from "ioredis";
import type pg from "pg";
import type { Env } from "../config/env.ts";
import type { Logger } from "../log.ts";
import { text, type Text } from "../../cards/model.ts";
import { errorCard } from "../../cards/index.ts";
import { answer, type Reply } from "../chat/answer.ts";
import { resolveEmployee, type ChatUser } from "../chat/identity.ts";
import { BadIntentError, deserializeIntent, type Intent } from "../chat/intents.ts";
import { parseIntent } from "../chat/parse.ts";
import { claimEvent } from "../events/dedupe.ts";
import {
  createLarkClient,
  larkDomain,
  lookupContact,
  sdkLogger,
  patchCard,
  replyCard,
  replyText,
  sendCard,
  sendUuid,
  type LarkClient,
} from "./client.ts";
import {
  normalizeCardAction,
  normalizeLarkPayload,
  normalizeMessage,
  type LarkCardAction,
  type LarkMessage,
} from "./events.ts";
import { larkCardValue, renderLarkCard } from "./render.ts";
import { verifyLarkRequest } from "./verify.ts";

export interface LarkBotDeps {
  env: Env;
  pool: pg.Pool;
  redis: Redis;
  log: Logger;
  now: () => Date;
  /** Tests give each client its own token cache (the SDK's default cache is module-global). */
  cache?: lark.Cache;
  /** How long a card callback may take before we answer with a toast and patch the card later. */
  callbackBudgetMs?: number;
  /** Long connection: give up start-up after this long without "ready" (the SDK may retry forever). */
  wsReadyTimeoutMs?: number;
}

export interface LarkBot {
  client: LarkClient;
  /** Mounts POST /lark/events (webhook mode). */
  register(server: FastifyInstance, path?: string): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

const both = (t: Text) => `${t["zh-CN"]} / ${t.en}`;

export function createLarkBot(deps: LarkBotDeps): LarkBot {
  const { env, log } = deps;
  const client = createLarkClient({
    appId: env.LARK_APP_ID!,
    appSecret: env.LARK_APP_SECRET!,
    domain: env.LARK_DOMAIN,
    log,
    ...(deps.cache ? { cache: deps.cache } : {}),
  });
  let botOpenId: string | undefined;
  let ws: lark.WSClient | undefined;
  const budget = deps.callbackBudgetMs ?? 2500;

  const nowParts = () => {
    const d = deps.now();
    return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1 };
  };

  async function ask(openId: string, tenantKey: string, intent: Intent, inGroup: boolean): Promise<Reply> {
    const directory = (u: ChatUser) => lookupContact(client, u.userId);
    // A teammate @mentioned is found the way the asker is: by a stored link, else the directory
    // (someone who never wrote to the bot is still someone a manager may ask about).
    if (intent.kind === "lookup" && intent.query.startsWith("@"))
      await resolveEmployee(
        deps.pool,
        { platform: "lark", workspaceId: tenantKey, userId: intent.query.slice(1) },
        directory,
      );
    const employeeId = await resolveEmployee(
      deps.pool,
      { platform: "lark", workspaceId: tenantKey, userId: openId },
      directory,
    );
    return answer({ pool: deps.pool, now: deps.now, log }, { employeeId, platform: "lark", inGroup }, intent);
  }

  /** A message event, after the ack. Groups: only when the bot is @mentioned. */
  async function onMessage(m: LarkMessage): Promise<void> {
    if (m.isGroup && !(botOpenId ? m.mentioned.includes(botOpenId) : m.mentioned.length > 0)) return;
    if (!(await claimEvent(deps.redis, "lark", m.eventId))) return;
    const others = m.mentioned.filter((id) => id !== botOpenId);
    // In a group the first mention addresses the bot (when its open_id is unknown, assume so).
    const mentions = m.isGroup && !botOpenId ? others.slice(1) : others;
    const intent =
      m.messageType === "text" ? parseIntent(m.text, { mentions, now: nowParts() }) : ({ kind: "help" } as Intent);
    const reply = await ask(m.sender.openId, m.tenantKey, intent, m.isGroup);
    const card = renderLarkCard(reply.card);
    if (!m.isGroup) {
      await sendCard(client, { type: "chat_id", id: m.chatId }, card, sendUuid(`lark:${m.eventId}`));
      return;
    }
    if (!reply.personal) {
      await replyCard(client, m.messageId, card, sendUuid(`lark:${m.eventId}`));
      return;
    }
    // Personal numbers in a group: to the asker only — an ephemeral card, else a DM with a note.
    try {
      const res = (await client.request({
        method: "POST",
        url: "/open-apis/ephemeral/v1/send",
        // The ephemeral API takes no per-component translations: one language, the asker's.
        data: {
          chat_id: m.chatId,
          open_id: m.sender.openId,
          msg_type: "interactive",
          card: renderLarkCard(reply.card, { locale: reply.locale, bilingual: false }),
        },
      })) as { code?: number };
      if (res?.code === 0) return;
    } catch {
      // fall through to the DM
    }
    await sendCard(client, { type: "open_id", id: m.sender.openId }, card, sendUuid(`lark:${m.eventId}:dm`));
    await replyText(
      client,
      m.messageId,
      both(text("你的数据已私信发送给你。", "I sent your numbers to you by direct message.")),
      sendUuid(`lark:${m.eventId}:note`),
    );
  }

  /** A card button: the answer card, or null when the press was already handled. */
  async function onCardAction(a: LarkCardAction): Promise<object | null> {
    if (!(await claimEvent(deps.redis, "lark", a.eventId))) return null;
    let intent: Intent;
    try {
      const value = larkCardValue(a.value);
      if (value === null) throw new BadIntentError(String(a.value));
      intent = deserializeIntent(value);
    } catch (error) {
      if (!(error instanceof BadIntentError)) throw error;
      return renderLarkCard(
        errorCard(
          text("这个按钮已失效或被修改，请重新提问。", "This button is out of date or was changed; ask again."),
        ),
      );
    }
    const reply = await ask(a.operator.openId, a.tenantKey, intent, false);
    return renderLarkCard(reply.card);
  }

  const logFailure = (what: string) => (error: unknown) => log.error({ err: error }, `lark ${what} failed`);

  /** Answers a callback inside Lark's 3 s: the new card if ready in time, else a toast and a patch. */
  async function callbackResponse(a: LarkCardAction): Promise<Record<string, unknown>> {
    const work = onCardAction(a);
    const timeout = new Promise<"late">((resolve) => setTimeout(() => resolve("late"), budget).unref());
    const first = await Promise.race([work, timeout]);
    if (first === "late") {
      work
        .then((card) => (card && a.messageId ? patchCard(client, a.messageId, card) : undefined))
        .catch(logFailure("card patch"));
      return {
        toast: { type: "info", content: "正在更新… Updating…", i18n: { zh_cn: "正在更新…", en_us: "Updating…" } },
      };
    }
    return first ? { card: { type: "raw", data: first } } : {};
  }

  function register(server: FastifyInstance, path = "/lark/events"): void {
    server.post(path, async (request, reply) => {
      const raw = typeof request.body === "string" ? request.body : "";
      const verified = verifyLarkRequest(raw, request.headers as Record<string, string>, {
        encryptKey: env.LARK_ENCRYPT_KEY!,
        verificationToken: env.LARK_VERIFICATION_TOKEN!,
      });
      if (!verified.ok) {
        request.log.warn({ reason: verified.reason }, "lark request rejected");
        return reply.code(401).send({ error: "unauthorized", message: verified.reason });
      }
      const event = normalizeLarkPayload(verified.payload);
      switch (event.kind) {
        case "challenge":
          return { challenge: event.challenge };
        case "message":
          // Acknowledge now; never await the KPI work inside the response.
          void onMessage(event).catch(logFailure("message"));
          return {};
        case "card_action":
          return callbackResponse(event);
        default:
          request.log.debug({ type: event.type }, "lark event ignored");
          return {};
      }
    });
  }

  async function learnBotOpenId(): Promise<void> {
    try {
      const res = (await client.request({ method: "GET", url: "/open-apis/bot/v3/info" })) as {
        bot?: { open_id?: string };
      };
      botOpenId = res?.bot?.open_id;
    } catch {
      botOpenId = undefined;
    }
    // Also when Lark answered without one (a non-zero code in a 200).
    if (!botOpenId)
      log.warn("lark: could not read the bot's own open_id; any @mention in a group counts as addressing the bot");
  }

  return {
    client,
    register,
    async start() {
      await learnBotOpenId();
      if (env.LARK_MODE !== "ws") return;
      const dispatcher = new lark.EventDispatcher({ logger: sdkLogger(log) }).register({
        // The SDK hands handlers the event flattened with its header; rebuild the 2.0 envelope.
        "im.message.receive_v1": async (data: Record<string, unknown>) => {
          const m = normalizeMessage(reenvelope("im.message.receive_v1", data));
          if (m.kind === "message") void onMessage(m).catch(logFailure("message"));
        },
        "card.action.trigger": async (data: Record<string, unknown>) => {
          const a = normalizeCardAction(reenvelope("card.action.trigger", data));
          return a.kind === "card_action" ? callbackResponse(a) : {};
        },
      } as never);
      await new Promise<void>((resolve, reject) => {
        const timeoutMs = deps.wsReadyTimeoutMs ?? 30_000;
        const timer = setTimeout(() => {
          ws?.close({ force: true });
          reject(
            new Error(
              `Lark long connection not ready after ${timeoutMs / 1000} s: check LARK_APP_ID, LARK_APP_SECRET and LARK_DOMAIN`,
            ),
          );
        }, timeoutMs);
        timer.unref();
        ws = new lark.WSClient({
          appId: env.LARK_APP_ID!,
          appSecret: env.LARK_APP_SECRET!,
          domain: larkDomain(env.LARK_DOMAIN),
          logger: sdkLogger(log),
          onReady: () => {
            clearTimeout(timer);
            log.info("lark long connection ready");
            resolve();
          },
          onError: (error: Error) => {
            clearTimeout(timer);
            log.error({ err: error }, "lark long connection error");
            reject(error);
          },
          onReconnecting: () => log.warn("lark long connection lost; reconnecting"),
          onReconnected: () => log.info("lark long connection re-established"),
        });
        void ws.start({ eventDispatcher: dispatcher }).catch(reject);
      });
    },
    async stop() {
      ws?.close({ force: true });
    },
  };
}

const HEADER_KEYS = ["event_id", "event_type", "create_time", "token", "app_id", "tenant_key"];

function reenvelope(eventType: string, data: Record<string, unknown>): Record<string, unknown> {
  const header: Record<string, unknown> = { event_type: eventType };
  const event: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) {
    if (HEADER_KEYS.includes(k)) header[k] = v;
    else if (k !== "schema") event[k] = v;
  }
  return { schema: "2.0", header, event };
}
