// A signed outbound webhook: POST a JSON body to a consumer's URL, signed like Slack's v0 scheme,
// with an idempotency key, retried with exponential backoff on 5xx, 429 and network errors (a
// bounded number of attempts). A 4xx other than 429 is the consumer refusing: not retried.
//
// Headers (README, HR section):
//   Content-Type: application/json
//   Idempotency-Key: <key>                       the same for every attempt of the same message
//   X-Pacer-Request-Timestamp: <unix seconds>    when this attempt was signed
//   X-Pacer-Signature: v0=<hex HMAC-SHA256(secret, "v0:" + timestamp + ":" + raw body)>
// A consumer recomputes the signature over the raw body, compares in constant time and rejects a
// timestamp more than 5 minutes away from its clock (replays). The timestamp uses the real clock.
import { PacerError } from "../errors.ts";
import { createHmac, timingSafeEqual } from "node:crypto";

export type WebhookErrorCode = "webhook.rejected" | "webhook.unreachable";

export class WebhookError extends PacerError {
  static override readonly code = "webhook.failed";
  static override readonly userMessage = {
    "zh-CN": "提醒没有送达：外发 webhook 拒绝或无法连接。",
    en: "The reminder was not delivered: the outbound webhook refused it or could not be reached.",
  };
  override readonly name = "WebhookError";
  constructor(
    readonly code: WebhookErrorCode,
    readonly detail: string,
    /** The last HTTP status, if an answer came. */
    readonly status: number | null,
    readonly attempts: number,
  ) {
    super(`${code}: ${detail}`);
  }
}

/** `v0=<hex>` over `v0:<timestamp>:<body>`. */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

/** For consumers (and tests): does `signature` sign `body` at `timestamp` with `secret`? */
export function verifyWebhookSignature(secret: string, timestamp: number, body: string, signature: string): boolean {
  const expected = Buffer.from(webhookSignature(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export interface WebhookRequest {
  url: string;
  secret: string;
  body: unknown;
  idempotencyKey: string;
  /** Attempts in all (1 = no retry). */
  maxAttempts: number;
  /** Per attempt. */
  timeoutMs: number;
}

export interface WebhookDeps {
  fetch?: typeof fetch;
  /** Waits between attempts (tests pass one that records instead of waiting). */
  sleep?: (ms: number) => Promise<void>;
  /** Unix seconds for the signature's timestamp (the real clock by default). */
  unixNow?: () => number;
}

/** Backoff before attempt `n + 1`: 250 ms, 500 ms, 1 s, … capped at 4 s. */
export function backoffMs(n: number): number {
  return Math.min(4000, 250 * 2 ** (n - 1));
}

const retryable = (status: number) => status >= 500 || status === 429;

/** Sends once it is accepted (2xx); throws a WebhookError saying why not otherwise. */
export async function postWebhook(
  request: WebhookRequest,
  deps: WebhookDeps = {},
): Promise<{ status: number; attempts: number }> {
  const doFetch = deps.fetch ?? fetch;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const unixNow = deps.unixNow ?? (() => Math.floor(Date.now() / 1000));
  const body = JSON.stringify(request.body);
  let last = "";
  let lastStatus: number | null = null;
  for (let attempt = 1; attempt <= request.maxAttempts; attempt++) {
    if (attempt > 1) await sleep(backoffMs(attempt - 1));
    const timestamp = unixNow();
    try {
      const res = await doFetch(request.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "idempotency-key": request.idempotencyKey,
          "x-pacer-request-timestamp": String(timestamp),
          "x-pacer-signature": webhookSignature(request.secret, timestamp, body),
        },
        body,
        signal: AbortSignal.timeout(request.timeoutMs),
        redirect: "error",
      });
      await res.body?.cancel().catch(() => undefined);
      if (res.ok) return { status: res.status, attempts: attempt };
      lastStatus = res.status;
      last = `HTTP ${res.status}`;
      if (!retryable(res.status))
        throw new WebhookError("webhook.rejected", `the webhook answered ${last}`, res.status, attempt);
    } catch (error) {
      if (error instanceof WebhookError) throw error;
      lastStatus = null;
      last = (error as Error).message;
    }
  }
  throw new WebhookError(
    "webhook.unreachable",
    `no success after ${request.maxAttempts} attempts (last: ${last})`,
    lastStatus,
    request.maxAttempts,
  );
}
