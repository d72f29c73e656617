// No question lost, none answered twice: every inbound event, slash command and button press is
// first recorded as a BullMQ job in Redis, and only then acknowledged to the platform. When Redis
// cannot take it, `accept` throws and the adapter answers non-2xx so the platform retries. The
// answer (the conversation core) runs from the job, with retries and backoff while Postgres is
// away. The job id is the dedupe claim (platform + event id): while the job waits or retries a
// redelivery is a duplicate (the job will answer it), a finished job keeps its id for a day (a
// late retry is still a duplicate), and a job that failed for good is removed — its claim with
// it — so a redelivery is taken again instead of being dropped.
import { PacerError } from "../errors.ts";
import { withTimeout } from "../timeout.ts";
import { createHash } from "node:crypto";
import { type Job, Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import type { Logger } from "../log.ts";
import type { PlatformName } from "../platform.ts";
import { type ConversationDeps, converse, type Outcome } from "../chat/conversation.ts";
import type { ChatAdapter, Inbound } from "../chat/platform.ts";

export const INBOUND_QUEUE = "inbound";
const DAY_SECONDS = 24 * 3600;
/** How long a live ref (Lark's inline card, Slack's response_url callback) is kept for this process's worker. */
const LOCAL_REF_MS = 30 * 60_000;

/** What a job holds: the inbound as JSON (functions in the adapter's ref are dropped and revived). */
export interface InboundJobData {
  platform: PlatformName;
  inbound: Inbound<unknown>;
  /** When the question was accepted (ms since the epoch, wall clock: lateness is real time). */
  receivedAt: number;
}

/** How a platform's jobs are answered: its adapter, and its ref rebuilt from JSON in another process. */
export interface InboundPlatform<Ref = unknown> {
  adapter: ChatAdapter<Ref>;
  revive(ref: unknown): Ref;
}

export interface InboundQueueOptions {
  /** Redis; the queue and the worker open their own connections to it. */
  redisUrl: string;
  /** The deployment prefix (PACER_QUEUE_PREFIX). */
  prefix: string;
  log?: Logger;
  /** Tries per question before it is given up (the claim is released then). */
  attempts?: number;
  /** First retry delay; each next one doubles. */
  backoffMs?: number;
  /** An answer later than this after the question says which question (and time) it answers. */
  lateAfterMs?: number;
  /** Give up recording (and answer non-2xx) after this long: the platforms' 3 s ack deadline. */
  acceptTimeoutMs?: number;
  /** The wall clock in ms, for lateness (tests inject one). */
  clock?: () => number;
}

export type Acceptance =
  | { status: "duplicate" }
  /** `done` settles when THIS process has answered it (never, when another process does). */
  | { status: "accepted"; done: Promise<Outcome> };

export interface InboundQueue {
  /** Records the inbound durably (throws when it cannot: the caller must not acknowledge). */
  accept<Ref>(platform: PlatformName, inbound: Inbound<Ref>): Promise<Acceptance>;
  /** Resolves once Redis can record questions (at start-up). */
  ready(): Promise<void>;
  /** Starts answering recorded questions in this process. */
  start(deps: ConversationDeps, platforms: Partial<Record<PlatformName, InboundPlatform<never>>>): void;
  close(): Promise<void>;
}

/** The job id for (platform, event id): BullMQ ids may not contain ":" and have no length limit we want to test. */
export function inboundJobId(platform: PlatformName, eventId: string): string {
  return `${platform}-${createHash("sha256").update(eventId).digest("hex").slice(0, 40)}`;
}

/** Inbounds without a platform event id (the console, the home tab) are keyed by a fresh id: never deduplicated. */
function keyOf(platform: PlatformName, inbound: Inbound<unknown>): string {
  return inbound.eventId !== undefined
    ? inboundJobId(platform, inbound.eventId)
    : inboundJobId(platform, `anon:${Date.now()}:${Math.random()}`);
}

/** `work`, or InboundNotRecordedError when Redis has not answered within `ms`. */
function redisWithin<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  return withTimeout(work, ms, () => new InboundNotRecordedError(`${what}: no answer from Redis in ${ms} ms`));
}

/** The question could not be recorded: the platform must be told to retry (non-2xx). */
export class InboundNotRecordedError extends PacerError {
  static override readonly code = "inbound.not_recorded";
  static override readonly userMessage = {
    "zh-CN": "暂时无法记录这个问题，平台会重试。",
    en: "The question could not be recorded right now; the platform will retry.",
  };
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "InboundNotRecordedError";
  }
}

export function createInboundQueue(options: InboundQueueOptions): InboundQueue {
  const { prefix, log } = options;
  const clock = options.clock ?? Date.now;
  const attempts = options.attempts ?? 12;
  const backoffMs = options.backoffMs ?? 1000;
  const lateAfterMs = options.lateAfterMs ?? 60_000;
  const acceptTimeoutMs = options.acceptTimeoutMs ?? 2000;
  // Fail fast while Redis is away instead of queueing commands past the platform's deadline.
  const queueConnection = new Redis(options.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  queueConnection.on("error", (error) => log?.warn({ err: error }, "inbound queue: redis error"));
  const queue = new Queue<InboundJobData>(INBOUND_QUEUE, { connection: queueConnection, prefix });
  queue.on("error", (error) => log?.warn({ err: error }, "inbound queue: redis error"));
  /** Live refs (with their callbacks: Lark's inline card, Slack's response_url) of jobs accepted here. */
  const local = new Map<string, { ref: unknown; settle: (outcome: Outcome) => void }>();
  let worker: Worker<InboundJobData, Outcome> | undefined;
  let workerConnection: Redis | undefined;

  async function accept<Ref>(platform: PlatformName, inbound: Inbound<Ref>): Promise<Acceptance> {
    const jobId = keyOf(platform, inbound as Inbound<unknown>);
    try {
      // A job with this id (waiting, retrying, or done within the day) already answers this event.
      if (await redisWithin(queue.getJob(jobId), acceptTimeoutMs, "dedupe")) return { status: "duplicate" };
      let settle: (outcome: Outcome) => void = () => {};
      const done = new Promise<Outcome>((resolve) => {
        settle = resolve;
      });
      local.set(jobId, { ref: inbound.ref, settle });
      // Answered by another process, or still retrying: the live ref is not needed forever.
      setTimeout(() => local.delete(jobId), LOCAL_REF_MS).unref();
      const data: InboundJobData = {
        platform,
        inbound: JSON.parse(JSON.stringify(inbound)) as Inbound<unknown>,
        receivedAt: clock(),
      };
      try {
        await redisWithin(
          queue.add("inbound", data, {
            jobId,
            attempts,
            backoff: { type: "exponential", delay: backoffMs },
            removeOnComplete: { age: DAY_SECONDS },
            removeOnFail: true,
          }),
          acceptTimeoutMs,
          "record",
        );
      } catch (error) {
        local.delete(jobId);
        throw error;
      }
      return { status: "accepted", done };
    } catch (error) {
      if (error instanceof InboundNotRecordedError) throw error;
      throw new InboundNotRecordedError(`inbound ${platform} event not recorded: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  function start(deps: ConversationDeps, platforms: Partial<Record<PlatformName, InboundPlatform<never>>>): void {
    if (worker) return;
    // The dedupe is the job id; the core must not claim the event a second time.
    const { claim: _claim, ...core } = deps;
    workerConnection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
    workerConnection.on("error", (error) => log?.warn({ err: error }, "inbound worker: redis error"));
    worker = new Worker<InboundJobData, Outcome>(
      INBOUND_QUEUE,
      async (job: Job<InboundJobData>) => {
        const { platform, inbound, receivedAt } = job.data;
        const target = platforms[platform] as InboundPlatform<unknown> | undefined;
        if (!target) throw new Error(`no ${platform} adapter in this process`);
        const live = local.get(job.id!);
        const ref = live ? live.ref : target.revive(inbound.ref);
        const late = clock() - receivedAt > lateAfterMs;
        const outcome = await converse({ ...core, retryWhenUnavailable: true }, target.adapter, {
          ...inbound,
          ref,
          ...(late ? { askedAt: new Date(receivedAt) } : {}),
        });
        return outcome;
      },
      { connection: workerConnection, prefix, concurrency: 8 },
    );
    worker.on("error", (error) => log?.warn({ err: error }, "inbound worker: redis error"));
    worker.on("completed", (job, outcome) => {
      const live = local.get(job.id!);
      local.delete(job.id!);
      live?.settle(outcome);
    });
    worker.on("failed", (job, error) => {
      if (!job) return;
      const final = job.attemptsMade >= (job.opts.attempts ?? 1);
      log?.[final ? "error" : "warn"](
        { err: error, job: job.id, attempt: job.attemptsMade },
        final ? "inbound question given up" : "inbound question will be retried",
      );
      if (final) local.delete(job.id!);
    });
  }

  return {
    accept,
    start,
    async ready() {
      if (queueConnection.status !== "ready")
        await new Promise<void>((resolve, reject) => {
          queueConnection.once("ready", () => resolve());
          queueConnection.once("end", () => reject(new Error("inbound queue: redis connection ended")));
        });
      await queue.waitUntilReady();
    },
    async close() {
      await worker?.close();
      await queue.close();
      // Ours (the queue and worker do not close connections they were given).
      for (const connection of [queueConnection, workerConnection])
        await connection?.quit().catch(() => connection.disconnect());
    },
  };
}
