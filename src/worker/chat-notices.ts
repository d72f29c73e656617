// The notices a chat answer carries for other people (a dispute's decider, the rep it names, a rep
// whose targets changed): the one way an answer tells someone other than the asker. Each notice is
// recorded as a BullMQ job (queue `chat-notices` under the deployment prefix, job id from the
// notice key) and sent by the bot process's worker through the same exactly-once machinery as the
// scheduled messages: one `deliveries` row per notice key, the person's route whatever platform the
// question came from (their link on the organization's primary platform, else the other one, else
// a directory match by email), the platforms' rate-limit buckets. A send that fails is retried with
// backoff (a resend after an unknown outcome goes where the first went, with the same Lark uuid);
// after the last attempt the row is marked failed. Someone who cannot be reached is recorded as
// skipped ("not linked"); none of this is ever the asker's problem.
//
// Redis may be away when an answer records its notices: they are written to Postgres first (table
// notice_outbox, src/store/notice-outbox.ts) and removed once the queue has them, and a sweep in
// every process that owns the queue hands over what is left. A notice handed over twice is one
// job (its id) and one deliveries row (its key), so the sweep needs no lock.
import { createHash } from "node:crypto";
import { DelayedError, type Job, Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import type pg from "pg";
import type { Notice } from "../chat/answers/context.ts";
import { PacerError } from "../errors.ts";
import { withTimeout } from "../timeout.ts";
import { PlatformRateLimitError } from "../events/errors.ts";
import type { Logger } from "../log.ts";
import { giveUp } from "../store/deliveries.ts";
import { clearNotices, pendingNotices, recordNotices } from "../store/notice-outbox.ts";
import { loadContact } from "../store/jobs.ts";
import type { RateLimiter } from "./rate-limiter.ts";
import { DEFAULT_RATE_LIMITS, type RateLimits } from "./rate-limits.ts";
import { NOT_LINKED, platformOrder, primaryPlatform, resolveRoute } from "./recipient-route.ts";
import {
  DeliveryBusy,
  DeliveryRateLimited,
  type DeliveryResult,
  type Prepared,
  type Route,
  sendOnce,
  type Target,
} from "./send-message.ts";
import { enabledPlatforms, type Senders } from "./platform-senders.ts";

export const NOTICE_QUEUE = "chat-notices";
export const NOTICE_KIND = "chat-notice";
const DAY_SECONDS = 24 * 3600;
/** Notices handed over per outbox read. */
const SWEEP_BATCH = 200;

/** The queue did not take the notices in time (they stay in the outbox). */
export class NoticeQueueUnavailableError extends PacerError {
  static override readonly code = "notices.queue_unavailable";
  static override readonly userMessage = {
    "zh-CN": "通知暂时无法排队，稍后会自动发送。",
    en: "The notices could not be queued right now; they will be sent shortly.",
  };
  constructor(message: string) {
    super(message);
    this.name = "NoticeQueueUnavailableError";
  }
}

export interface NoticeQueueOptions {
  pool: pg.Pool;
  senders: Senders;
  limiter: RateLimiter;
  limits?: RateLimits;
  log?: Logger;
  redisUrl: string;
  /** The deployment prefix (PACER_QUEUE_PREFIX). */
  prefix: string;
  /**
   * Tries per notice before it is marked failed. With the backoff, all of them fall well inside
   * the hour Lark keeps a send's uuid (a resend after an unknown outcome must carry the same one).
   */
  attempts?: number;
  /** First retry delay; each next one doubles (5 s … 5 min 20 s with the defaults: ~10 minutes). */
  backoffMs?: number;
  /** How often the outbox is swept for notices Redis did not take. */
  sweepMs?: number;
  /** A notice is swept once it has waited this long (the answer hands it over itself at once). */
  sweepAfterMs?: number;
  /** Give up handing notices to Redis after this long (they stay in the outbox). */
  handOverTimeoutMs?: number;
}

export interface NoticeQueue {
  /** Records the notices (each key once); they are sent right after, and retried until sent. */
  send(notices: Notice[]): Promise<void>;
  close(): Promise<void>;
}

interface NoticeJob {
  notice: Notice;
}

/** BullMQ ids may not contain ":"; a notice key may. */
export function noticeJobId(key: string): string {
  return `notice-${createHash("sha256").update(key).digest("hex").slice(0, 40)}`;
}

export function createNoticeQueue(options: NoticeQueueOptions): NoticeQueue {
  const { prefix, log } = options;
  const attempts = options.attempts ?? 8;
  const backoffMs = options.backoffMs ?? 5000;
  const sweepMs = options.sweepMs ?? 30_000;
  const sweepAfterMs = options.sweepAfterMs ?? 10_000;
  const handOverTimeoutMs = options.handOverTimeoutMs ?? 2000;
  const platforms = enabledPlatforms(options.senders);
  const sendDeps = {
    pool: options.pool,
    senders: options.senders,
    limiter: options.limiter,
    limits: options.limits ?? DEFAULT_RATE_LIMITS,
    ...(log ? { log } : {}),
  };

  async function deliver(job: Job<NoticeJob>, token: string | undefined): Promise<DeliveryResult> {
    const { notice } = job.data;
    const entry = { key: notice.key, kind: NOTICE_KIND, employeeId: notice.employeeId };
    const prepare = async (forced: Target | null): Promise<Prepared> => {
      const outgoing = { card: notice.card, locale: notice.locale };
      if (forced) return { platform: forced.platform, to: { address: forced.address, kind: "user" }, ...outgoing };
      const contact = await loadContact(options.pool, notice.employeeId);
      if (!contact || contact.status === "left") return { skip: "left" };
      const route: Route | null = await resolveRoute(
        options.pool,
        options.senders,
        contact,
        platformOrder(await primaryPlatform(options.pool, platforms), platforms),
      );
      return route ? { ...route, ...outgoing } : { skip: NOT_LINKED };
    };
    try {
      const result = await sendOnce(sendDeps, { ...entry, prepare });
      if (result.status === "failed" || result.status === "skipped")
        log?.warn({ key: notice.key, result }, "chat notice not sent");
      return result;
    } catch (error) {
      // Waiting for a rate limit or another process's attempt uses no attempt.
      const waitMs =
        error instanceof DeliveryRateLimited
          ? error.waitMs
          : error instanceof PlatformRateLimitError
            ? error.retryAfterMs
            : error instanceof DeliveryBusy
              ? 1000
              : null;
      if (waitMs !== null && token) {
        await job.moveToDelayed(Date.now() + waitMs, token);
        throw new DelayedError();
      }
      const message = error instanceof Error ? error.message : String(error);
      if (job.attemptsMade + 1 >= attempts) {
        await giveUp(options.pool, entry, `gave up after ${attempts} attempts: ${message}`);
        log?.error({ err: error, key: notice.key, attempts }, "chat notice failed for good");
      } else
        log?.warn(
          { err: error, key: notice.key, attempt: job.attemptsMade + 1, of: attempts },
          "chat notice failed; will retry",
        );
      throw error;
    }
  }

  const queueConnection = new Redis(options.redisUrl, { maxRetriesPerRequest: 2 });
  queueConnection.on("error", (error) => log?.warn({ err: error }, "notice queue: redis error"));
  const queue = new Queue<NoticeJob>(NOTICE_QUEUE, { connection: queueConnection, prefix });
  queue.on("error", (error) => log?.warn({ err: error }, "notice queue: redis error"));
  const workerConnection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  workerConnection.on("error", (error) => log?.warn({ err: error }, "notice worker: redis error"));
  const worker = new Worker<NoticeJob, DeliveryResult>(NOTICE_QUEUE, deliver, {
    connection: workerConnection,
    prefix,
    concurrency: 4,
  });
  worker.on("error", (error) => log?.warn({ err: error }, "notice worker: redis error"));

  /** Gives `notices` to the queue, then forgets them in the outbox. */
  async function handOver(notices: Notice[]): Promise<void> {
    await withTimeout(
      queue.addBulk(
        notices.map((notice) => ({
          name: "notice",
          data: { notice },
          opts: {
            // A notice handed over twice (an answer run again, a sweep) is one job, and one deliveries row.
            jobId: noticeJobId(notice.key),
            attempts,
            backoff: { type: "exponential", delay: backoffMs },
            removeOnComplete: { age: DAY_SECONDS },
            removeOnFail: { age: 31 * DAY_SECONDS },
          },
        })),
      ),
      handOverTimeoutMs,
      () => new NoticeQueueUnavailableError(`no answer from Redis in ${handOverTimeoutMs} ms`),
    );
    await clearNotices(
      options.pool,
      notices.map((n) => n.key),
    );
  }

  let sweeping: Promise<void> | undefined;
  async function sweep(): Promise<void> {
    for (;;) {
      const pending = await pendingNotices(options.pool, sweepAfterMs, SWEEP_BATCH);
      if (pending.length === 0) return;
      await handOver(pending);
      log?.info({ notices: pending.length }, "chat notices recorded while the queue was away: handed over");
      if (pending.length < SWEEP_BATCH) return;
    }
  }
  const sweeper = setInterval(() => {
    if (sweeping) return;
    sweeping = sweep()
      .catch((error: unknown) => log?.warn({ err: error }, "chat notices: outbox sweep failed; will try again"))
      .finally(() => {
        sweeping = undefined;
      });
  }, sweepMs);
  sweeper.unref();

  return {
    async send(notices) {
      if (notices.length === 0) return;
      // Postgres first: once this returns the notices are kept whatever happens to Redis.
      await recordNotices(options.pool, notices);
      await handOver(notices).catch((error: unknown) =>
        log?.warn(
          { err: error, notices: notices.length },
          "chat notices: queue unavailable; the sweep will hand them over",
        ),
      );
    },
    async close() {
      clearInterval(sweeper);
      await sweeping;
      await worker.close();
      await queue.close();
      for (const connection of [queueConnection, workerConnection])
        await connection.quit().catch(() => connection.disconnect());
    },
  };
}
