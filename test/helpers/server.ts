// A real Pacer HTTP server on 127.0.0.1 (random port) over a fresh database and the real Redis.
import { Redis } from "ioredis";
import { openDatabase, type Database } from "../../src/db/client.ts";
import { buildServer } from "../../src/http/server.ts";
import { createMetrics } from "../../src/http/metrics.ts";
import { createLogger } from "../../src/log.ts";
import { freshDatabase, type FreshDatabase } from "./db.ts";
import type { TcpProxy } from "./tcp-proxy.ts";

export interface TestServer {
  url: string;
  fresh: FreshDatabase;
  database: Database;
  redis: Redis;
  close(): Promise<void>;
}

export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/** The server's business clock unless a test gives its own: never the wall clock's date or hour. */
export const TEST_SERVER_NOW = new Date("2026-10-15T09:00:00+08:00");

/**
 * The ingest bulk threshold of servers started without their own: undefined is the service's
 * default. A suite re-run on the COPY path sets it to 1 before loading the suite
 * (see test/http/ingest-bulk.test.ts).
 */
let ingestBulkThreshold: number | undefined;
export function setIngestBulkThreshold(rows: number | undefined): void {
  ingestBulkThreshold = rows;
}

export async function startTestServer(
  options: {
    bodyLimit?: number;
    now?: Date;
    redisUrl?: string;
    /** Reach Postgres through this proxy (to cut or stall it). */
    dbProxy?: TcpProxy;
    statementTimeoutMs?: number;
    requestTimeoutMs?: number;
    ingestBulkThreshold?: number;
  } = {},
): Promise<TestServer> {
  const fresh = await freshDatabase();
  const database = openDatabase(options.dbProxy ? options.dbProxy.urlFor(fresh.url) : fresh.url, {
    max: 8,
    ...(options.statementTimeoutMs ? { statementTimeoutMs: options.statementTimeoutMs } : {}),
  });
  const redis = new Redis(options.redisUrl ?? REDIS_URL, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on("error", () => {});
  await redis.connect().catch(() => {});
  const app = await buildServer({
    pool: database.pool,
    redis,
    log: createLogger("silent"),
    metrics: createMetrics({ defaults: false }),
    now: () => options.now ?? TEST_SERVER_NOW,
    ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}),
    ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
    ...((options.ingestBulkThreshold ?? ingestBulkThreshold) !== undefined
      ? { ingestBulkThreshold: options.ingestBulkThreshold ?? ingestBulkThreshold }
      : {}),
  });
  const url = await app.listen({ port: 0, host: "127.0.0.1" });
  return {
    url,
    fresh,
    database,
    redis,
    async close() {
      await app.close();
      redis.disconnect();
      await database.close();
      await fresh.drop();
    },
  };
}

/** A response's JSON body, typed loosely for assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const json = (res: Response): Promise<any> => res.json() as Promise<any>;
