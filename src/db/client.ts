// How the service talks to Postgres. Data access lives in src/store/ (one module per domain).
// Most of it is hand-written SQL on a `pg` pool, which reads numerics as exact decimal strings, and
// it must stay so where the statement is the point: the KPI aggregate and its drill-down (built
// from store/metric-rows.ts; the chat's hot path, prepared, JIT off), set-based upserts that
// report created / updated / unchanged (ingest, scenario import), COPY (store/demo-load.ts), and
// the locking transactions of month close and recruitment. Prisma Client (through the pg driver
// adapter) serves plain CRUD on one table where nothing is special: today the settings the admin
// CLI edits (store/settings.ts, through the CLI's `ctx.db()`, i.e. createDb). `openDatabase` hands
// one out over its pool too, for the same kind of use; the prisma/ schema and its migrations define
// the tables either way.
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client.ts";
import { attachConfigCache, ConfigCache, type ConfigCacheOptions } from "./config-cache.ts";

export type Db = PrismaClient;

/** Anything that runs SQL: the pool itself, or one client inside a transaction. */
export type Sql = Pick<pg.Pool | pg.PoolClient, "query">;

export interface Database {
  pool: pg.Pool;
  prisma: PrismaClient;
  /** With `configCache`: the organization's configuration kept in process (./config-cache.ts). */
  configCache?: ConfigCache;
  close(): Promise<void>;
}

/** Pools opened by openDatabase, and their clients: their sessions run with JIT compilation off. */
const jitOff = new WeakSet<object>();

/** True when `sql` is a pool (or one of its clients) whose sessions have JIT compilation off. */
export function hasJitOff(sql: Sql): boolean {
  return jitOff.has(sql);
}

export interface OpenOptions {
  max?: number;
  /**
   * Bounds every statement (server side: statement_timeout) and every wait for an answer or a
   * connection (client side: query_timeout, connectionTimeoutMillis), so API work against a
   * stalled or unreachable Postgres fails fast instead of hanging. Unset: no limit (jobs, CLI).
   */
  statementTimeoutMs?: number;
  /**
   * Keep the organization's configuration (its row, plans, calendar) in process, invalidated by
   * Postgres notifications (./config-cache.ts): the long-running processes (bot, worker) do.
   */
  configCache?: boolean | ConfigCacheOptions;
}

export function openDatabase(databaseUrl: string, options: OpenOptions = {}): Database {
  // Idle connections stay open for minutes, not pg's default 10 s: under a bursty load the pool
  // otherwise closes and re-opens backends all the time, and a new backend's first statements
  // (catalog caches, the prepared KPI statement's planning) were the slowest answers.
  const t = options.statementTimeoutMs;
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.max ?? 10,
    idleTimeoutMillis: 5 * 60_000,
    // The client-side limit is a little longer, so a live server reports its own timeout (57014).
    ...(t ? { statement_timeout: t, query_timeout: t + 1000, connectionTimeoutMillis: t } : {}),
  });
  // An idle client that loses its connection must not crash the process.
  pool.on("error", () => {});
  // Our statements are short and planned fresh; JIT compiling the big KPI statement costs more than
  // running it (src/store/metric-sql.ts). Set once per session, so no statement pays a round trip
  // for it; the client queues this before anything the pool hands it out for.
  jitOff.add(pool);
  pool.on("connect", (client) => {
    jitOff.add(client);
    client.query("SET jit = off").catch(() => {});
  });
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  let configCache: ConfigCache | undefined;
  if (options.configCache) {
    configCache = new ConfigCache(databaseUrl, options.configCache === true ? {} : options.configCache);
    attachConfigCache(pool, configCache);
    void configCache.start();
  }
  return {
    pool,
    prisma,
    ...(configCache ? { configCache } : {}),
    async close() {
      await configCache?.close();
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

export function createDb(databaseUrl: string, options: { max?: number } = {}): Db {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: options.max ?? 10 });
  return new PrismaClient({ adapter });
}

/**
 * The driver's error behind an error from Prisma Client, in pg's shape (an Error with Postgres'
 * SQLSTATE or the socket error as `code`), so one handler reads both; any other error as it is.
 */
export function driverErrorOf(error: unknown): unknown {
  type Cause = { kind?: string; originalCode?: string; originalMessage?: string; host?: string; port?: number };
  const cause = (error as { meta?: { driverAdapterError?: { cause?: Cause } } } | null)?.meta?.driverAdapterError
    ?.cause;
  if (!cause) return error;
  if (cause.originalCode)
    return Object.assign(new Error(cause.originalMessage ?? cause.originalCode), { code: cause.originalCode });
  if (cause.kind === "DatabaseNotReachable")
    return Object.assign(new Error(`connect ECONNREFUSED ${cause.host ?? "?"}:${cause.port ?? "?"}`), {
      code: "ECONNREFUSED",
    });
  return error;
}

export interface TransactionOptions {
  isolation?: "read committed" | "repeatable read" | "serializable";
  /** A session advisory lock taken before the transaction starts (so its snapshot is fresh). */
  lock?: [string, string];
}

/** Runs `work` in one transaction on one client; rolls back on any error. */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const client = await pool.connect();
  let failed: unknown;
  if (options.lock) await client.query("SELECT pg_advisory_lock(hashtext($1), hashtext($2))", options.lock);
  try {
    await client.query(options.isolation ? `BEGIN ISOLATION LEVEL ${options.isolation.toUpperCase()}` : "BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    failed = error;
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    if (options.lock)
      await client.query("SELECT pg_advisory_unlock(hashtext($1), hashtext($2))", options.lock).catch(() => {});
    // A client whose query timed out may still have that query in flight: discard it, not reuse it.
    client.release(isTimeout(failed) ? (failed as Error) : undefined);
  }
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && /query read timeout|connection terminated/i.test(error.message);
}
