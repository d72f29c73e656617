// `npm run worker`: the scheduled jobs' process (the bot is `npm start`). Any number of them may
// run against one Redis and one Postgres: BullMQ hands each job to one worker at a time, the
// schedules are registered idempotently by each, and the deliveries table keeps messages single.
//
// At start: validate the configuration, register the schedules in the organization's time zone
// (sends nothing — schedules fire at their next real time), then take jobs from the runs queue and
// from the delivery queue of every configured platform. SIGTERM/SIGINT: stop taking jobs, let the
// ones in flight finish, close Redis and Postgres, exit 0.
import { createServer, type Server } from "node:http";
import { Worker, type Job } from "bullmq";
import { Redis } from "ioredis";
import { syncSchedules, TRIGGER_JOB } from "./register-schedules.ts";
import { loadEnv, type Env } from "../config/env.ts";
import { openDatabase } from "../db/client.ts";
import { createMetrics, type Metrics } from "../http/metrics.ts";
import { createLogger, type Logger } from "../log.ts";
import { DEFAULT_RATE_LIMITS, RATE_LIMIT_SETTINGS, type RateLimits } from "./rate-limits.ts";
import { loadSettings } from "./settings-spec.ts";
import { createRateLimiter } from "./rate-limiter.ts";
import { createSenders, enabledPlatforms, type Senders } from "./platform-senders.ts";
import { NoOrganizationError } from "../store/kpi-inputs.ts";
import { loadWorkerConfig, type WorkerConfig } from "./config.ts";
import { processDelivery } from "./delivery-job.ts";
import { createQueues, deliverQueueName, RUNS_QUEUE, type Queues } from "./queues.ts";
import { processRun } from "./fan-out.ts";
import { handleTrigger } from "./trigger.ts";

export interface StartWorkerOptions {
  env: Env;
  config: WorkerConfig;
  /** Senders to use instead of the configured platforms' (tests). */
  senders?: Senders;
  log?: Logger;
  metrics?: Metrics;
  /** The real clock (tests of the catch-up window). */
  realNow?: () => number;
  /** Re-register the schedules this often (settings may change); default 5 minutes. */
  resyncMs?: number;
}

export interface PacerWorker {
  queues: Queues;
  metrics: Metrics;
  /** Where /metrics is served (when a port is configured). */
  metricsUrl: string | null;
  /** Graceful: no new jobs, in-flight ones finish, connections close. */
  close(): Promise<void>;
}

export async function startWorker(options: StartWorkerOptions): Promise<PacerWorker> {
  const { env, config } = options;
  const log = options.log ?? createLogger(env.LOG_LEVEL).child({ process: "worker" });
  const metrics = options.metrics ?? createMetrics();
  const senders = options.senders ?? (await createSenders(env));
  const platforms = enabledPlatforms(senders);
  // Each concurrent delivery may hold a connection for its advisory lock while it sends.
  // The configuration cache: each job's KPI reads skip the organization, plans and calendar.
  const database = openDatabase(env.DATABASE_URL, {
    max: config.PACER_WORKER_CONCURRENCY * platforms.length + 8,
    configCache: { onError: (error) => log.warn({ err: error }, "configuration cache: listener lost") },
  });
  // BullMQ's blocking commands need maxRetriesPerRequest: null (it reconnects and retries itself).
  const connection = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null });
  connection.on("error", (error) => log.warn({ err: error }, "redis error"));
  const queues = createQueues(connection, config);
  const limiter = createRateLimiter(connection, config.PACER_QUEUE_PREFIX);
  const fixed = env.PACER_NOW;
  const now = () => fixed ?? new Date();

  // Settings are read from Postgres at most every 30 s (they change rarely; a send happens often).
  let limitsCache: { at: number; value: RateLimits } | undefined;
  const limits = async (): Promise<RateLimits> => {
    if (limitsCache && Date.now() - limitsCache.at < 30_000) return limitsCache.value;
    const value = await loadSettings(database.pool, RATE_LIMIT_SETTINGS)
      .then((s) => s["delivery.rateLimits"])
      .catch((error: Error) => {
        log.error({ err: error }, "delivery.rateLimits is invalid; using the defaults");
        return DEFAULT_RATE_LIMITS;
      });
    limitsCache = { at: Date.now(), value };
    return value;
  };

  const sync = async () => {
    try {
      await syncSchedules(queues.runs, database.pool, log);
    } catch (error) {
      if (error instanceof NoOrganizationError)
        log.warn("no organization yet: schedules are registered once one is imported");
      else log.error({ err: error }, "could not register the job schedules");
    }
  };
  await sync();
  const resync = setInterval(() => void sync(), options.resyncMs ?? 5 * 60_000);
  resync.unref();

  const workerOptions = {
    connection,
    prefix: config.PACER_QUEUE_PREFIX,
    lockDuration: config.PACER_WORKER_LOCK_MS,
    stalledInterval: config.PACER_WORKER_LOCK_MS,
    // A job whose worker died is retried once by another worker; a second stall fails it (and
    // the deliveries row tells what is known).
    maxStalledCount: 2,
  };
  const runsWorker = new Worker(
    RUNS_QUEUE,
    async (job: Job, token?: string) => {
      if (job.name === TRIGGER_JOB)
        return handleTrigger(
          {
            pool: database.pool,
            runs: queues.runs,
            log,
            now,
            businessClockFixed: fixed !== undefined,
            ...(options.realNow ? { realNow: options.realNow } : {}),
          },
          job,
        );
      return processRun({ pool: database.pool, queues, log, now, platforms }, job, token!);
    },
    { ...workerOptions, concurrency: 4 },
  );
  const deliveryWorkers = platforms.map((platform) => {
    const worker: Worker = new Worker(
      deliverQueueName(platform),
      (job: Job, token?: string) =>
        processDelivery(
          { pool: database.pool, senders, platforms, limiter, limits, log, metrics },
          worker,
          platform,
          job,
          token!,
        ),
      { ...workerOptions, concurrency: config.PACER_WORKER_CONCURRENCY },
    );
    return worker;
  });
  const workers = [runsWorker, ...deliveryWorkers];
  for (const worker of workers) {
    worker.on("error", (error) => log.error({ err: error, queue: worker.name }, "worker error"));
    worker.on("failed", (job, error) => {
      if (job && job.attemptsMade >= (job.opts.attempts ?? 1))
        log.error({ err: error, queue: worker.name, job: job.id }, "job failed");
    });
  }

  const refreshDepth = async () => {
    for (const queue of [queues.runs, queues.deliver.slack, queues.deliver.lark]) {
      const counts = await queue.getJobCounts(
        "waiting",
        "active",
        "delayed",
        "failed",
        "waiting-children",
        "prioritized",
      );
      for (const [state, n] of Object.entries(counts)) metrics.queueDepth.set({ queue: queue.name, state }, n);
    }
  };
  const depthTimer = setInterval(() => void refreshDepth().catch(() => {}), 15_000);
  depthTimer.unref();

  let server: Server | undefined;
  let metricsUrl: string | null = null;
  if (config.PACER_WORKER_METRICS_PORT > 0) {
    server = createServer((req, res) => {
      if (req.url === "/metrics") {
        void refreshDepth()
          .catch(() => {})
          .then(() => metrics.registry.metrics())
          .then((body) => res.writeHead(200, { "content-type": metrics.registry.contentType }).end(body));
      } else if (req.url === "/healthz")
        res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
      else res.writeHead(404).end();
    });
    const listening = await new Promise<boolean>((resolve) => {
      server!.once("error", (error) => {
        // A second worker on the same host: it still works, without its own /metrics.
        log.error(
          { err: error, port: config.PACER_WORKER_METRICS_PORT },
          "cannot serve /metrics (set PACER_WORKER_METRICS_PORT per process, or 0)",
        );
        resolve(false);
      });
      server!.listen(config.PACER_WORKER_METRICS_PORT, "0.0.0.0", () => resolve(true));
    });
    if (listening) metricsUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/metrics`;
    else server = undefined;
  }
  log.info(
    {
      platforms,
      prefix: config.PACER_QUEUE_PREFIX,
      concurrency: config.PACER_WORKER_CONCURRENCY,
      metrics: metricsUrl,
      now: fixed?.toISOString(),
    },
    "pacer worker started",
  );

  let closing: Promise<void> | undefined;
  return {
    queues,
    metrics,
    metricsUrl,
    close() {
      closing ??= (async () => {
        clearInterval(resync);
        clearInterval(depthTimer);
        // Stop fetching, wait for the jobs in flight (each finishes its send and its record).
        await Promise.all(workers.map((w) => w.close()));
        await queues.close();
        await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
        await database.close();
        await connection.quit().catch(() => connection.disconnect());
        log.info("pacer worker stopped");
      })();
      return closing;
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let env: Env;
  let config: WorkerConfig;
  try {
    env = loadEnv();
    config = loadWorkerConfig();
  } catch (error) {
    if (error instanceof Error) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const worker = await startWorker({ env, config });
  for (const signal of ["SIGTERM", "SIGINT"] as const)
    process.once(signal, () => {
      void worker.close().then(() => process.exit(0));
    });
}
