// Exactly one message per delivery key, on top of a queue that runs a job at least once.
//
//   1. read the key's row: sent / skipped / failed → nothing to do;
//   2. decide where it goes (the caller's `prepare`: route, card, locale — or a reason to skip).
//      When an earlier attempt's outcome is unknown, it goes exactly where that attempt went;
//   3. take a Postgres advisory lock on the key (two copies of a job cannot send at once; the lock
//      dies with the connection if the process does) and re-read the row;
//   4. book a slot in the platform's rate-limit buckets and wait for it — last, so that only the
//      claim and the request itself stand between the slot and the platform's clock;
//   5. claim the attempt, send, then record the platform's message id.
//
// A crash between 5's send and its record leaves a claimed row whose outcome is unknown. The next
// attempt resends: Lark drops it (same `uuid`, derived from the key, within the hour Lark keeps
// uuids — older than that we give up rather than risk a duplicate); Slack has no such key, so that
// window is the one place a duplicate is possible (docs/DELIVERY.md).
import { PacerError } from "../errors.ts";
import { withTimeout } from "../timeout.ts";
import type pg from "pg";
import type { Card, Locale } from "../../cards/model.ts";
import type { FileMessage } from "../outgoing-file.ts";
import { PlatformError, PlatformRateLimitError } from "../events/errors.ts";
import type { Logger } from "../log.ts";
import type { PlatformName } from "../platform.ts";
import {
  claimDelivery,
  giveUp,
  isFinal,
  noteAttemptOutcome,
  NOT_SENT,
  outcomeUnknown,
  readDelivery,
  recordSent,
  recordSkipped,
  startAttempt,
  tryLockDelivery,
  UNCONFIRMED,
  unlockDelivery,
  type DeliveryRow,
} from "../store/deliveries.ts";
import { bucketsFor, chatBucket, platformBuckets, type RateLimits } from "./rate-limits.ts";
import type { RateLimiter } from "./rate-limiter.ts";
import type { ProactiveSender, Recipient } from "./proactive-sender.ts";

/** Lark keeps a send's uuid for an hour; resend with the same uuid only well inside it. */
export const LARK_UUID_SAFE_MS = 55 * 60 * 1000;
/** A send that has not answered by then is treated as unconfirmed (the job retries). */
const SEND_TIMEOUT_MS = 30_000;

export interface SendDeps {
  pool: pg.Pool;
  senders: Partial<Record<PlatformName, ProactiveSender>>;
  limiter: RateLimiter;
  limits: RateLimits;
  log?: Logger;
  /** The longest a send waits in-process for its booked slot; a later slot makes it back off. */
  maxSlotWaitMs?: number;
}

export interface Route {
  platform: PlatformName;
  to: Recipient;
}

/** What one delivery sends: a card, or a file (one message either way). */
export type Outgoing = { card: Card } | { file: FileMessage };

export type Prepared = (Route & Outgoing & { locale: Locale }) | { skip: string };

/** Where an earlier attempt went (platform and the address as recorded). */
export interface Target {
  platform: PlatformName;
  address: string;
}

export interface DeliveryRequest {
  key: string;
  kind: string;
  employeeId: number | null;
  /**
   * Where and what to send. `forced` is set when an earlier attempt may have reached the platform:
   * the message must then go to the same place (so Lark can drop the repeat).
   */
  prepare(forced: Target | null): Promise<Prepared>;
}

export type DeliveryResult =
  | { status: "sent"; platform: PlatformName; messageId: string; attempt: number; resent: boolean }
  | { status: "skipped"; reason: string }
  | { status: "failed"; error: string }
  /** Nothing done: the key was already final. */
  | { status: "done-before"; was: "sent" | "skipped" | "failed"; messageId: string | null };

/** Wait before trying again; the message was not sent. `scope` "chat" concerns one conversation only. */
export class DeliveryRateLimited extends PacerError {
  static override readonly code = "delivery.rate_limited";
  static override readonly userMessage = {
    "zh-CN": "消息发送过于频繁，稍后会自动重试。",
    en: "Too many messages at once; sending again shortly.",
  };
  constructor(
    readonly platform: PlatformName,
    readonly waitMs: number,
    readonly scope: "platform" | "chat",
    /** "platform": the platform answered 429; "bucket": our own buckets said wait. */
    readonly source: "platform" | "bucket",
  ) {
    super(`${platform} ${scope} rate limit (${source}): wait ${waitMs} ms`);
    this.name = "DeliveryRateLimited";
  }
}

/** Another process is sending this key right now. */
export class DeliveryBusy extends PacerError {
  static override readonly code = "delivery.busy";
  static override readonly userMessage = {
    "zh-CN": "这条消息正在由另一个进程发送。",
    en: "Another worker is sending this message right now.",
  };
  constructor(readonly key: string) {
    super(`delivery ${key} is being sent by another worker`);
    this.name = "DeliveryBusy";
  }
}

/** The attempt failed and may be retried (the row says whether it might have been delivered). */
export class DeliveryRetryable extends PacerError {
  static override readonly code = "delivery.retryable";
  static override readonly userMessage = {
    "zh-CN": "消息发送失败，稍后会重试。",
    en: "The message could not be sent; it will be retried.",
  };
  constructor(
    readonly key: string,
    message: string,
    readonly unconfirmed: boolean,
  ) {
    super(message);
    this.name = "DeliveryRetryable";
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function done(row: DeliveryRow): DeliveryResult {
  return { status: "done-before", was: row.status as "sent" | "skipped" | "failed", messageId: row.messageId };
}

export async function sendOnce(deps: SendDeps, request: DeliveryRequest): Promise<DeliveryResult> {
  const before = await readDelivery(deps.pool, request.key);
  if (before && isFinal(before)) return done(before);
  const forced = before && outcomeUnknown(before) ? recordedTarget(before) : null;

  const prepared = await request.prepare(forced);
  if ("skip" in prepared) {
    const row = await recordSkipped(deps.pool, {
      key: request.key,
      kind: request.kind,
      employeeId: request.employeeId,
      reason: prepared.skip,
    });
    return row.status === "skipped" ? { status: "skipped", reason: prepared.skip } : done(row);
  }
  const sender = deps.senders[prepared.platform];
  if (!sender) return fail(deps, request, `${prepared.platform} is not configured`);
  if ("file" in prepared && !sender.sendFile) return fail(deps, request, `${prepared.platform} cannot send files`);

  const client = await deps.pool.connect();
  let released = false;
  const release = (broken?: Error) => {
    if (!released) client.release(broken);
    released = true;
  };
  try {
    if (!(await tryLockDelivery(client, request.key))) throw new DeliveryBusy(request.key);
    try {
      return await claimAndSend(deps, client, request, prepared, sender);
    } finally {
      await unlockDelivery(client, request.key).catch((error: Error) => release(error));
    }
  } finally {
    release();
  }
}

function recordedTarget(row: DeliveryRow): Target | null {
  return row.platform && row.channel ? { platform: row.platform, address: row.channel } : null;
}

async function claimAndSend(
  deps: SendDeps,
  client: pg.PoolClient,
  request: DeliveryRequest,
  prepared: Route & Outgoing & { locale: Locale },
  sender: ProactiveSender,
): Promise<DeliveryResult> {
  await claimDelivery(client, {
    key: request.key,
    kind: request.kind,
    employeeId: request.employeeId,
    platform: prepared.platform,
    address: prepared.to.address,
  });
  const row = (await readDelivery(client, request.key))!;
  if (isFinal(row)) return done(row);
  const { platform, to } = prepared;
  const resend = outcomeUnknown(row);
  const earlier = resend ? recordedTarget(row) : null;
  if (earlier) {
    // Re-checked under the lock: another attempt may have started since step 1.
    if (earlier.platform !== platform || earlier.address !== to.address) {
      // Sending elsewhere after an attempt whose outcome is unknown could duplicate: retry there.
      throw new DeliveryRetryable(request.key, "an earlier attempt went elsewhere; retrying there", true);
    }
    if (platform === "lark" && row.ageMs > LARK_UUID_SAFE_MS)
      return fail(
        deps,
        request,
        `${UNCONFIRMED}an earlier attempt may have been delivered and Lark's one-hour uuid window has passed; not resent`,
        client,
      );
  }
  // The slot is booked only now, and the row left as it was if none is near: an unknown outcome
  // must stay unknown until an attempt actually replaces it.
  const slot = await deps.limiter.reserve(bucketsFor(platform, to, deps.limits), deps.maxSlotWaitMs ?? 3000);
  if (!slot.ok) {
    const scope = slot.binding === chatBucket(platform, to, deps.limits).key ? "chat" : "platform";
    throw new DeliveryRateLimited(platform, slot.waitMs, scope, "bucket");
  }
  if (slot.waitMs > 0) await sleep(slot.waitMs);
  const attempt = await startAttempt(client, request.key, platform, to.address);
  if (resend)
    deps.log?.warn(
      { key: request.key, platform, attempt },
      "resending a delivery whose earlier attempt has an unknown outcome",
    );

  let messageId: string;
  try {
    const sending =
      "file" in prepared
        ? sender.sendFile!(to, prepared.file, prepared.locale, request.key)
        : sender.send(to, prepared.card, prepared.locale, request.key);
    messageId = (
      await withTimeout(sending, SEND_TIMEOUT_MS, () => new Error(`no answer within ${SEND_TIMEOUT_MS / 1000} s`))
    ).messageId;
  } catch (error) {
    return await attemptFailed(deps, client, request, platform, to, error);
  }
  await recordSentRetrying(deps, client, request.key, messageId);
  return { status: "sent", platform, messageId, attempt, resent: resend };
}

async function attemptFailed(
  deps: SendDeps,
  client: pg.PoolClient,
  request: DeliveryRequest,
  platform: PlatformName,
  to: Recipient,
  error: unknown,
): Promise<DeliveryResult> {
  if (error instanceof PlatformRateLimitError) {
    await noteAttemptOutcome(client, request.key, `${NOT_SENT}rate limited (${error.detail})`);
    // Lark 230020 is the per-user/chat frequency limit: only that conversation has to wait.
    const scope = /\b230020\b/.test(error.detail) ? "chat" : "platform";
    const buckets = scope === "chat" ? [chatBucket(platform, to, deps.limits)] : platformBuckets(platform, deps.limits);
    await deps.limiter.penalize(buckets, error.retryAfterMs);
    throw new DeliveryRateLimited(platform, error.retryAfterMs, scope, "platform");
  }
  if (error instanceof PlatformError && !error.retryable) {
    return fail(deps, request, `${NOT_SENT}${error.message}`, client);
  }
  const message = error instanceof Error ? error.message : String(error);
  await noteAttemptOutcome(client, request.key, `${UNCONFIRMED}${message}`);
  throw new DeliveryRetryable(request.key, message, true);
}

async function fail(
  deps: SendDeps,
  request: DeliveryRequest,
  error: string,
  sql: pg.PoolClient | pg.Pool = deps.pool,
): Promise<DeliveryResult> {
  await giveUp(sql, request, error);
  const row = (await readDelivery(sql, request.key))!;
  return row.status === "failed" ? { status: "failed", error: row.error ?? error } : done(row);
}

/**
 * The message is out: record it. Failing here is the residual window (the next attempt would
 * resend), so the write is retried for a while, on a fresh connection if this one broke.
 */
async function recordSentRetrying(
  deps: SendDeps,
  client: pg.PoolClient,
  key: string,
  messageId: string,
): Promise<void> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 6; attempt++) {
    try {
      await recordSent(attempt === 0 ? client : deps.pool, key, messageId);
      return;
    } catch (error) {
      lastError = error;
      deps.log?.error({ err: error, key, messageId, attempt }, "could not record a sent message; retrying");
      await sleep(Math.min(200 * 2 ** attempt, 5000));
    }
  }
  throw lastError;
}

export type { DeliveryRow };
