// `npm start`: the bot service. Validates the configuration (one message listing every problem),
// connects to Postgres and Redis, serves HTTP, and shuts down gracefully on SIGTERM/SIGINT:
// stop accepting, finish in-flight requests, then close the pools.
import { Redis } from "ioredis";
import { ConfigError, larkEnabled, loadEnv, slackEnabled, type Env } from "./config/env.ts";
import { openDatabase } from "./db/client.ts";
import { ping } from "./store/health.ts";
import { EX_UNAVAILABLE, StartupError, startWithRetry, waitForDependencies } from "./config/startup.ts";
import { buildServer } from "./http/server.ts";
import { createMetrics } from "./http/metrics.ts";
import { createLogger } from "./log.ts";
import { createSlackBot, type SlackBot } from "./slack/bot.ts";
import { createLarkBot, type LarkBot, type LarkBotDeps } from "./lark/bot.ts";
import type { ConversationDeps } from "./chat/conversation.ts";
import { createInboundQueue, type InboundPlatform, type InboundQueueOptions } from "./events/inbound-queue.ts";
import type { PlatformName } from "./platform.ts";
import { workerConfigSchema } from "./worker/config.ts";
import { createNoticeQueue, type NoticeQueueOptions } from "./worker/chat-notices.ts";
import { createSenders } from "./worker/platform-senders.ts";
import { createRateLimiter } from "./worker/rate-limiter.ts";

/** PACER_QUEUE_PREFIX as the worker reads it (same validation, same default). */
function queuePrefix(source: Record<string, string | undefined>): string {
  return workerConfigSchema.shape.PACER_QUEUE_PREFIX.parse(source.PACER_QUEUE_PREFIX || undefined);
}

export interface Service {
  url: string;
  stop(): Promise<void>;
}

export async function startService(
  env: Env,
  options: {
    host?: string;
    larkCache?: LarkBotDeps["cache"];
    eventPrefix?: string;
    /** Retry tuning of the inbound questions (tests shorten the backoff). */
    inbound?: Pick<InboundQueueOptions, "attempts" | "backoffMs" | "lateAfterMs" | "acceptTimeoutMs" | "clock">;
    /** Retry tuning of the notices to other people (tests shorten the backoff). */
    notices?: Pick<NoticeQueueOptions, "attempts" | "backoffMs">;
    /** A stand-in answer (bench/chat.ts's echo); see ConversationDeps.substitute. */
    substitute?: ConversationDeps["substitute"];
  } = {},
): Promise<Service> {
  const log = createLogger(env.LOG_LEVEL);
  // The configuration cache spares every chat answer the organization, plans and calendar reads.
  const database = openDatabase(env.DATABASE_URL, {
    max: 10,
    statementTimeoutMs: env.PACER_DB_TIMEOUT_MS,
    configCache: { onError: (error) => log.warn({ err: error }, "configuration cache: listener lost") },
  });
  const redis = new Redis(env.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 2 });
  let redisError: unknown;
  redis.on("error", (error) => {
    redisError = error;
    log.warn({ err: error }, "redis error");
  });
  // Not listening (so never ready) until both answer; see src/config/startup.ts.
  try {
    await waitForDependencies(
      [
        { name: "Postgres", probe: () => ping(database.pool) },
        // ioredis reports "max retries"; the reason is the connection error it saw.
        { name: "Redis", probe: () => redis.ping().catch((e) => Promise.reject(redisError ?? e)) },
      ],
      {
        timeoutMs: env.PACER_STARTUP_TIMEOUT_MS,
        onRetry: (name, reason) => log.warn({ dependency: name, reason }, "waiting for a dependency"),
      },
    );
  } catch (error) {
    redis.disconnect();
    await database.close().catch(() => {});
    throw error;
  }
  const fixed = env.PACER_NOW;
  const now = () => fixed ?? new Date();
  // The conversation core, shared by every platform adapter. Questions are recorded in the inbound
  // queue (its job ids are the dedupe claims) under the deployment prefix, like the other queues
  // (two deployments may share one Redis), and answered by its worker in this process.
  const eventPrefix = options.eventPrefix ?? queuePrefix(process.env);
  // Answers that concern other people (a dispute's decider, a rep whose targets changed) tell them
  // on their own platform, whichever the question came from, once, retried until sent.
  const notices = createNoticeQueue({
    pool: database.pool,
    senders: await createSenders(env),
    limiter: createRateLimiter(redis, eventPrefix),
    log,
    redisUrl: env.REDIS_URL,
    prefix: eventPrefix,
    ...options.notices,
  });
  const chat: ConversationDeps = {
    pool: database.pool,
    now,
    log,
    notify: (n) => notices.send(n),
    ...(options.substitute ? { substitute: options.substitute } : {}),
  };
  const inbound = createInboundQueue({ redisUrl: env.REDIS_URL, prefix: eventPrefix, log, ...options.inbound });
  await inbound.ready();
  const platforms: Partial<Record<PlatformName, InboundPlatform<never>>> = {};
  let larkBot: LarkBot | undefined;
  const app = await buildServer({
    pool: database.pool,
    redis,
    log,
    metrics: createMetrics(),
    now,
    requestTimeoutMs: env.PACER_REQUEST_TIMEOUT_MS,
    readiness: (): Record<string, "ok" | "down"> => {
      const lark = larkBot?.connection();
      return lark ? { lark } : {};
    },
  });
  let slack: SlackBot | undefined;
  if (slackEnabled(env)) {
    slack = createSlackBot({ env, log, inbound });
    platforms.slack = slack.platform as InboundPlatform<never>;
    slack.receiver?.register(app);
  }
  if (larkEnabled(env)) {
    larkBot = createLarkBot({
      env,
      log,
      inbound,
      ...(options.larkCache ? { cache: options.larkCache } : {}),
    });
    if (env.LARK_MODE === "webhook") larkBot.register(app);
    platforms.lark = larkBot.platform as InboundPlatform<never>;
  }
  inbound.start(chat, platforms);
  // The platform connections are start-up dependencies like Postgres and Redis: not listening (so
  // never ready) until Slack answers and the Lark long connection is open; a StartupError (exit 69)
  // when they cannot. See src/config/startup.ts and src/lark/long-connection.ts.
  try {
    const bot = slack;
    if (bot)
      await startWithRetry("Slack", () => bot.start(), {
        timeoutMs: env.PACER_STARTUP_TIMEOUT_MS,
        onRetry: (name, reason) => log.warn({ dependency: name, reason }, "waiting for a dependency"),
      });
    await larkBot?.start();
  } catch (error) {
    await Promise.allSettled([app.close(), slack?.stop(), larkBot?.stop(), inbound.close(), notices.close()]);
    await database.close().catch(() => {});
    redis.disconnect();
    throw error;
  }
  const url = await app.listen({ port: env.PORT, host: options.host ?? "0.0.0.0" });
  log.info(
    { url, slack: Boolean(env.SLACK_BOT_TOKEN), lark: Boolean(env.LARK_APP_ID), now: fixed?.toISOString() },
    "pacer is listening",
  );
  let stopping: Promise<void> | undefined;
  return {
    url,
    stop() {
      stopping ??= (async () => {
        await app.close();
        await slack?.stop();
        await larkBot?.stop();
        await inbound.close();
        await notices.close();
        await database.close();
        redis.disconnect();
      })();
      return stopping;
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let env: Env;
  try {
    env = loadEnv();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const service = await startService(env).catch((error: unknown) => {
    if (!(error instanceof StartupError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(EX_UNAVAILABLE);
  });
  for (const signal of ["SIGTERM", "SIGINT"] as const)
    process.once(signal, () => {
      void service.stop().then(() => process.exit(0));
    });
}
