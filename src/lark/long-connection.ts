// Opening the Lark long connection (LARK_MODE=ws) at start-up, with the same behaviour as Postgres
// and Redis (src/config/startup.ts): retried once a second until `timeoutMs`, then a StartupError
// with one line naming the long connection and why — no stack, no URL, no ticket — so the process
// exits 69. The SDK alone would wait 120-150 s between attempts when the first one fails, so each
// attempt is a fresh WSClient, closed as soon as the SDK schedules its own retry. Once open, the
// client reconnects by itself on later drops.
import * as lark from "@larksuiteoapi/node-sdk";
import { reasonOf, StartupError } from "../config/startup.ts";
import type { Logger } from "../log.ts";
import { sdkLogger } from "./client.ts";

export interface LongConnectionOptions {
  appId: string;
  appSecret: string;
  domain: lark.Domain | string;
  log: Logger;
  eventDispatcher: lark.EventDispatcher;
  /** Give up start-up after this long without an open connection (PACER_STARTUP_TIMEOUT_MS). */
  timeoutMs: number;
  /** Pause between attempts. */
  intervalMs?: number;
}

type Attempt = { ws: lark.WSClient } | { reason: string; fatal: boolean };

/** The SDK's error text reduced to a reason: a socket error code named, never a URL. */
function reasonOfSdk(text: string): string {
  const code = /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH)\b/.exec(text)?.[1];
  if (code) return reasonOf({ code });
  if (/ws connect failed/.test(text)) return "WebSocket handshake refused";
  // The SDK reads data.URL before the code, so a refusal (wrong app secret) surfaces as this TypeError.
  if (/reading 'URL'/.test(text)) return "no connection URL from Lark: check LARK_APP_ID and LARK_APP_SECRET";
  return reasonOf(new Error(text.replace(/^\[ws\]\s*/, "")));
}

function attempt(options: LongConnectionOptions, deadline: number): Promise<Attempt> {
  const { log } = options;
  const base = sdkLogger(log);
  let lastError: string | undefined;
  const logger: lark.Logger = {
    ...base,
    error: (...parts: unknown[]) => {
      const text = parts
        .flat(2)
        .map((p) => (p instanceof Error ? p.message : String(p)))
        .filter((p) => p && p !== "[ws]")
        .join(" ");
      // The SDK's closing "connect failed" would hide the cause it logged just before.
      if (text !== "connect failed") lastError = text;
      base.error(...parts);
    },
  };
  return new Promise<Attempt>((resolve) => {
    let settled = false;
    let ws: lark.WSClient | undefined;
    const settle = (result: Attempt) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(poll);
      if (!("ws" in result)) ws?.close({ force: true });
      resolve(result);
    };
    const failed = (fallback: string) => ({ reason: lastError ? reasonOfSdk(lastError) : fallback, fatal: false });
    const timer = setTimeout(() => settle(failed("no answer")), Math.max(0, deadline - Date.now()));
    // The first attempt failed and the SDK scheduled its own (slow) retry: ours comes sooner.
    const poll = setInterval(() => {
      if (ws?.getConnectionStatus().nextConnectTime) settle(failed("connection failed"));
    }, 25);
    try {
      ws = createClient();
    } catch (error) {
      settle({ reason: reasonOf(error), fatal: true });
      return;
    }
    function createClient(): lark.WSClient {
      return new lark.WSClient({
        appId: options.appId,
        appSecret: options.appSecret,
        domain: options.domain,
        logger,
        handshakeTimeoutMs: 10_000,
        onReady: () => {
          log.info("lark long connection ready");
          settle({ ws: ws! });
        },
        onError: (error: Error) => {
          log.error({ err: error }, "lark long connection error");
          // Refused for good (credentials, app not set up for the long connection): no retry helps.
          settle({ reason: reasonOfSdk(error.message), fatal: true });
        },
        onReconnecting: () => log.warn("lark long connection lost; reconnecting"),
        onReconnected: () => log.info("lark long connection re-established"),
      });
    }
    // The SDK silently ignores an app id that is not cli_ + 16 hex characters.
    if (!/^cli_[0-9a-fA-F]{16}$/.test(options.appId))
      settle({ reason: "LARK_APP_ID is not cli_ followed by 16 hex characters", fatal: true });
    else
      void ws
        .start({ eventDispatcher: options.eventDispatcher })
        .catch((error: unknown) => settle({ reason: reasonOf(error), fatal: false }));
  });
}

/** Resolves with the open client; throws a one-line StartupError after `timeoutMs`. */
export async function openLarkLongConnection(options: LongConnectionOptions): Promise<lark.WSClient> {
  const started = Date.now();
  const deadline = started + options.timeoutMs;
  const interval = options.intervalMs ?? 1000;
  for (;;) {
    const result = await attempt(options, deadline);
    if ("ws" in result) return result.ws;
    const seconds = Math.round((Date.now() - started) / 1000);
    if (result.fatal)
      throw new StartupError(`pacer: cannot start: the Lark long connection was refused (${result.reason})`);
    if (Date.now() + interval >= deadline)
      throw new StartupError(
        `pacer: cannot start: the Lark long connection is unreachable (${result.reason}); gave up after ${seconds} s`,
      );
    options.log.warn({ dependency: "Lark long connection", reason: result.reason }, "waiting for a dependency");
    await new Promise((r) => setTimeout(r, interval));
  }
}
