// The Feishu/Lark wiring: webhook mode verifies and decrypts every request itself
// (src/lark/verify.ts) at POST /lark/events; long-connection mode uses the SDK's WSClient. Either
// way: normalize (./events.ts, ./adapter.ts), record the event in the inbound queue
// (src/events/inbound-queue.ts: the dedupe claim) and only then acknowledge — non-200 when it cannot
// be recorded, so Lark retries. The queue's worker runs the conversation core
// (src/chat/conversation.ts), which answers and delivers.
import * as lark from "@larksuiteoapi/node-sdk";
import type { FastifyInstance } from "fastify";
import type { Env } from "../config/env.ts";
import type { Logger } from "../log.ts";
import type { Inbound } from "../chat/platform.ts";
import type { InboundPlatform, InboundQueue } from "../events/inbound-queue.ts";
import {
  answerLarkButtonLate,
  larkAdapter,
  larkButtonInbound,
  larkMessageInbound,
  type LarkRef,
  reviveLarkRef,
} from "./adapter.ts";
import { createLarkClient, larkDomain, sdkLogger, type LarkClient } from "./client.ts";
import {
  normalizeCardAction,
  normalizeLarkPayload,
  normalizeMessage,
  type LarkCardAction,
  type LarkMessage,
} from "./events.ts";
import { openLarkLongConnection } from "./long-connection.ts";
import { verifyLarkRequest } from "./verify.ts";

/**
 * The most a Lark event or card callback can be (a message is at most 150 KB of content): the body
 * is read whole before its signature can be checked, so anyone may send it — 413 beyond.
 */
export const LARK_BODY_LIMIT = 1024 * 1024;

export interface LarkBotDeps {
  env: Env;
  log: Logger;
  /** Where questions are recorded before they are acknowledged (and answered from). */
  inbound: InboundQueue;
  /** Tests give each client its own token cache (the SDK's default cache is module-global). */
  cache?: lark.Cache;
  /** How long a card callback may take before we answer with a toast and patch the card later. */
  callbackBudgetMs?: number;
  /** Long connection: give up start-up after this long without "ready" (default PACER_STARTUP_TIMEOUT_MS). */
  wsReadyTimeoutMs?: number;
}

export interface LarkBot {
  client: LarkClient;
  /** How the inbound queue's worker answers Lark questions. */
  platform: InboundPlatform<LarkRef>;
  /** Mounts POST /lark/events (webhook mode). */
  register(server: FastifyInstance, path?: string): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  /**
   * The long connection's health for /readyz: "ok" while it is open, "down" while the SDK is
   * reconnecting (no event can arrive); undefined in webhook mode or before it was opened.
   */
  connection(): "ok" | "down" | undefined;
}

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

  const adapter = larkAdapter(client);

  /** Records a message event (throws when it cannot be: answer non-200). Groups: only when the bot is @mentioned. */
  async function onMessage(m: LarkMessage): Promise<void> {
    const inbound = larkMessageInbound(m, botOpenId);
    if (inbound) await deps.inbound.accept("lark", inbound);
  }

  const logFailure = (what: string) => (error: unknown) => log.error({ err: error }, `lark ${what} failed`);

  /**
   * Answers a callback inside Lark's 3 s: the new card if ready in time (the fast path, when the
   * database is healthy), else a toast and a patch once the queued job has answered.
   */
  async function callbackResponse(a: LarkCardAction): Promise<Record<string, unknown>> {
    const started = Date.now();
    let late = false;
    let settle: (card: object | null) => void = () => {};
    const ready = new Promise<object | null>((resolve) => {
      settle = resolve;
    });
    const inbound: Inbound<LarkRef> = larkButtonInbound(a, async (card) => {
      if (!late) settle(card);
      // Late: patched, or — for an ephemeral card, which Lark cannot patch — sent anew to the asker.
      else if (inbound.ref.kind === "button") await answerLarkButtonLate(client, inbound.ref, card);
    });
    const accepted = await deps.inbound.accept("lark", inbound);
    // A repeated callback: the first one's job shows the card.
    if (accepted.status === "duplicate") return {};
    // Settles with null when the job answered without a card for this callback.
    void accepted.done.finally(() => settle(null));
    const timeout = new Promise<"late">((resolve) =>
      setTimeout(
        () => {
          late = true;
          resolve("late");
        },
        Math.max(0, budget - (Date.now() - started)),
      ).unref(),
    );
    const first = await Promise.race([ready, timeout]);
    if (first === "late")
      return {
        toast: { type: "info", content: "正在更新… Updating…", i18n: { zh_cn: "正在更新…", en_us: "Updating…" } },
      };
    return first ? { card: { type: "raw", data: first } } : {};
  }

  function register(server: FastifyInstance, path = "/lark/events"): void {
    server.post(path, { bodyLimit: LARK_BODY_LIMIT }, async (request, reply) => {
      const raw = typeof request.body === "string" ? request.body : "";
      const verified = verifyLarkRequest(raw, request.headers as Record<string, string>, {
        encryptKey: env.LARK_ENCRYPT_KEY!,
        verificationToken: env.LARK_VERIFICATION_TOKEN!,
      });
      if (!verified.ok) {
        request.log.warn({ reason: verified.reason }, "lark request rejected");
        return reply
          .code(verified.status)
          .send({ error: verified.status === 400 ? "bad_request" : "unauthorized", message: verified.reason });
      }
      const event = normalizeLarkPayload(verified.payload);
      switch (event.kind) {
        case "challenge":
          return { challenge: event.challenge };
        case "message":
          // Acknowledge once recorded; never await the KPI work inside the response.
          try {
            await onMessage(event);
          } catch (error) {
            logFailure("recording a message")(error);
            return reply.code(503).send({ error: "unavailable" });
          }
          return {};
        case "card_action":
          try {
            return await callbackResponse(event);
          } catch (error) {
            logFailure("recording a card action")(error);
            return reply.code(503).send({ error: "unavailable" });
          }
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
    platform: { adapter, revive: (ref) => reviveLarkRef(client, ref) },
    register,
    async start() {
      await learnBotOpenId();
      if (env.LARK_MODE !== "ws") return;
      const dispatcher = new lark.EventDispatcher({ logger: sdkLogger(log) }).register({
        // The SDK hands handlers the event flattened with its header; rebuild the 2.0 envelope.
        "im.message.receive_v1": async (data: Record<string, unknown>) => {
          const m = normalizeMessage(reenvelope("im.message.receive_v1", data));
          // Thrown when not recorded: the SDK answers the frame as failed and Lark re-sends it.
          if (m.kind === "message") await onMessage(m);
        },
        "card.action.trigger": async (data: Record<string, unknown>) => {
          const a = normalizeCardAction(reenvelope("card.action.trigger", data));
          return a.kind === "card_action" ? callbackResponse(a) : {};
        },
      } as never);
      // Retried within the start-up timeout; a StartupError (exit 69) when it cannot open.
      ws = await openLarkLongConnection({
        appId: env.LARK_APP_ID!,
        appSecret: env.LARK_APP_SECRET!,
        domain: larkDomain(env.LARK_DOMAIN),
        log,
        eventDispatcher: dispatcher,
        timeoutMs: deps.wsReadyTimeoutMs ?? env.PACER_STARTUP_TIMEOUT_MS,
      });
    },
    async stop() {
      ws?.close({ force: true });
    },
    connection() {
      return ws ? (ws.getConnectionStatus().state === "connected" ? "ok" : "down") : undefined;
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
