// Shared helpers of the KPI and ingest benchmarks (bench/kpi.ts, bench/ingest.ts): scratch
// databases on the benchmark server, the demo world loaded into them, the header every figure is
// printed under (date, commit, machine, Postgres settings, load average), and percentiles.
// Benchmarks are not tests: nothing here runs under `npm test`.
import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import pg from "pg";
import { migrate, quoteIdent } from "../src/db/migrator.ts";
import { loadDemoData } from "../src/demo/load.ts";
import { DemoWorld } from "../src/demo/world.ts";

/** The server the benches use: BENCH_DATABASE_URL, else DATABASE_URL's server, else local. */
export const serverUrl =
  process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

/** The URL of database `name` on the benchmark server. */
export function urlFor(name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(name)}`;
  return url.toString();
}

export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}

/** Runs `fn` on the server's maintenance database (CREATE/DROP DATABASE, sizes). */
export async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: urlFor("postgres") });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export interface Scratch {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A new, migrated database named pacer_bench_<tag>_<unique>. */
export async function scratchDatabase(tag: string): Promise<Scratch> {
  const name = `pacer_bench_${tag}_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const url = urlFor(name);
  await migrate(url);
  return { name, url, drop: () => dropDatabase(name) };
}

export async function dropDatabase(name: string): Promise<void> {
  await admin((c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
}

export interface WorldSpec {
  reps: number;
  months: number;
  seed: string;
  now: Date;
}

export const worldLabel = (w: WorldSpec) =>
  `${w.reps} reps × ${w.months} months, seed "${w.seed}", now ${w.now.toISOString()}`;

/**
 * Loads the demo world into `url` (`pacer demo-data`'s loader: COPY, one transaction), then
 * VACUUM ANALYZE and CHECKPOINT: the steady state autovacuum and the checkpointer reach on their own
 * minutes later (visibility map set, so covering indexes are index-only; the load's pages written
 * out), without which the first minutes after a bulk load measure the load, not the service.
 * Returns seconds for each step and the row counts.
 */
export async function loadWorld(
  url: string,
  spec: WorldSpec,
): Promise<{ loadSeconds: number; vacuumSeconds: number; counts: Record<string, number> }> {
  const t0 = performance.now();
  const world = new DemoWorld(spec);
  const result = await loadDemoData(world, { databaseUrl: url, audit: { command: "bench" } });
  const loadSeconds = (performance.now() - t0) / 1000;
  const vacuumSeconds = await vacuumAnalyze(url);
  return { loadSeconds, vacuumSeconds, counts: result.counts };
}

export async function vacuumAnalyze(url: string, tables: string[] = []): Promise<number> {
  const t0 = performance.now();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`VACUUM (ANALYZE)${tables.length ? ` ${tables.map(quoteIdent).join(", ")}` : ""}`);
    // Write the load's (and the vacuum's) dirty pages now: otherwise the checkpointer spreads a
    // gigabyte of writes over the next minutes — the measurement — and backends evicting dirty
    // buffers from a small shared_buffers stall on them. Needs superuser or pg_checkpoint.
    await client
      .query("CHECKPOINT")
      .catch((error: Error) => console.log(`(no CHECKPOINT after the vacuum: ${error.message})`));
  } finally {
    await client.end();
  }
  return (performance.now() - t0) / 1000;
}

/**
 * A database holding the demo world `spec`, kept on the benchmark server between runs and reused
 * when its key matches: generating 20,000 reps × 12 months (~10M orders) takes minutes, measuring
 * it does not. The key is the world (reps, months, seed, now) and the text of the generator and
 * loader, so a change to either loads afresh under a new name. A world is loaded into a
 * `…_loading` database and renamed when complete, so an interrupted load is never reused. Reused
 * databases are migrated up to date (new roll-up tables are filled by their migrations) and
 * vacuumed. `fresh` drops a matching cache first.
 */
export async function cachedWorld(
  tag: string,
  spec: WorldSpec,
  options: { fresh?: boolean } = {},
): Promise<{ url: string; name: string; reused: boolean; loadSeconds: number; vacuumSeconds: number; rows: number }> {
  const name = `pacer_bench_cache_${tag}_${spec.reps}x${spec.months}_${worldKey(spec)}`;
  const url = urlFor(name);
  const exists = async (db: string) =>
    admin(async (c) => (await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [db])).rowCount === 1);
  if (options.fresh) await dropDatabase(name);
  if (await exists(name)) {
    await migrate(url);
    if (await loadedWorld(url)) {
      const vacuumSeconds = await vacuumAnalyze(url);
      return { url, name, reused: true, loadSeconds: 0, vacuumSeconds, rows: 0 };
    }
    await dropDatabase(name);
  }
  const loading = `${name}_loading`;
  await dropDatabase(loading);
  const loadingUrl = urlFor(loading);
  await migrate(loadingUrl);
  const loaded = await loadWorld(loadingUrl, spec);
  await admin((c) => c.query(`ALTER DATABASE ${quoteIdent(loading)} RENAME TO ${quoteIdent(name)}`));
  return {
    url,
    name,
    reused: false,
    loadSeconds: loaded.loadSeconds,
    vacuumSeconds: loaded.vacuumSeconds,
    rows: Object.values(loaded.counts).reduce((a, b) => a + b, 0),
  };
}

/** The cache key of a world: its parameters and the source of the generator and loader. */
function worldKey(spec: WorldSpec): string {
  const hash = createHash("sha256").update(`${spec.reps}x${spec.months}:${spec.seed}:${spec.now.toISOString()}`);
  const root = new URL("../", import.meta.url);
  const sources = [
    ...readdirSync(new URL("src/demo/", root))
      .filter((f) => f.endsWith(".ts"))
      .sort()
      .map((f) => `src/demo/${f}`),
    "src/store/demo-load.ts",
  ];
  for (const file of sources) hash.update(file).update(readFileSync(new URL(file, root)));
  return hash.digest("hex").slice(0, 10);
}

/**
 * The demo world an existing database was loaded with (from the loader's audit-log entry), for
 * benches pointed at a kept database with --database-url.
 */
export async function loadedWorld(url: string): Promise<WorldSpec | null> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const res = await client.query<{ details: { seed: string; reps: number; months: number; now: string } }>(
      `SELECT details FROM audit_log WHERE action = 'demo_data.load' ORDER BY id DESC LIMIT 1`,
    );
    const d = res.rows[0]?.details;
    return d ? { seed: String(d.seed), reps: d.reps, months: d.months, now: new Date(d.now) } : null;
  } finally {
    await client.end();
  }
}

/** Short commit id, marked when files that change the figures have uncommitted edits. */
export function commit(paths: string[]): string {
  try {
    const quiet: { encoding: "utf8"; stdio: ["ignore", "pipe", "ignore"] } = {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    };
    const sha = execFileSync("git", ["rev-parse", "--short", "HEAD"], quiet).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--", ...paths], quiet)
      .split("\n")
      .filter((l) => l.length > 3)
      .map((l) => l.slice(3).split("/").slice(0, 2).join("/"));
    return dirty.length ? `${sha} (+ uncommitted changes in ${[...new Set(dirty)].join(", ")})` : sha;
  } catch {
    return "unknown";
  }
}

/** Prints the header every figure of a bench is read with; returns it as lines too. */
export async function printHeader(title: string, paths: string[], extra: string[] = []): Promise<string[]> {
  const cpus = os.cpus();
  const settings = await admin(async (c) => {
    const res = await c.query<{ name: string; setting: string }>(
      `SELECT name, current_setting(name) AS setting FROM unnest($1::text[]) AS name`,
      [
        [
          "server_version",
          "shared_buffers",
          "work_mem",
          "effective_cache_size",
          "random_page_cost",
          "jit",
          "max_parallel_workers_per_gather",
        ],
      ],
    );
    return Object.fromEntries(res.rows.map((r) => [r.name, r.setting]));
  });
  const load = os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");
  const lines = [
    `# ${title}`,
    `date:     ${new Date().toISOString()}`,
    `commit:   ${commit(paths)}`,
    `machine:  ${cpus.length} cores (${cpus[0]?.model.trim() ?? "?"}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.platform()} ${os.release()}; load average ${load}`,
    `runtime:  Node ${process.version}; PostgreSQL ${settings.server_version?.split(" ")[0]} on the same machine ` +
      `(shared_buffers ${settings.shared_buffers}, work_mem ${settings.work_mem}, effective_cache_size ${settings.effective_cache_size}, ` +
      `random_page_cost ${settings.random_page_cost}, jit ${settings.jit}, max_parallel_workers_per_gather ${settings.max_parallel_workers_per_gather})`,
    ...extra,
  ];
  for (const line of lines) console.log(line);
  return lines;
}

export interface Summary {
  n: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentiles of `samples` (milliseconds). */
export function summarize(samples: number[]): Summary {
  if (samples.length === 0) return { n: 0, mean: NaN, p50: NaN, p95: NaN, p99: NaN, max: NaN };
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
  return {
    n: sorted.length,
    mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
    p50: at(50),
    p95: at(95),
    p99: at(99),
    max: sorted[sorted.length - 1]!,
  };
}

export const ms = (x: number) =>
  Number.isNaN(x) ? "-" : x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0);
export const fmt = (n: number) => n.toLocaleString("en-US");

/** A small deterministic PRNG (mulberry32), so every run asks about the same people. */
export function rng(seed: string): () => number {
  let h = 1779033703 ^ seed.length;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 3432918353) ^ (h >>> 19);
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Parses "2000x12,200x12" into [reps, months] pairs. */
export function parseRuns(value: string): Array<{ reps: number; months: number }> {
  return value.split(",").map((run) => {
    const match = /^(\d+)x(\d+)$/.exec(run.trim());
    if (!match) throw new Error(`bad run "${run}": expected REPSxMONTHS, e.g. 2000x12`);
    return { reps: Number(match[1]), months: Number(match[2]) };
  });
}

export function parseNow(value: string | undefined, fallback: string): Date {
  const now = new Date(value ?? process.env.PACER_NOW ?? fallback);
  if (Number.isNaN(now.getTime())) throw new Error(`bad --now / PACER_NOW: ${value ?? process.env.PACER_NOW}`);
  return now;
}
