// `npm run bench:demo-data [-- --runs 2000x12,200x12 --seed bench --keep]`
// For each run: creates a scratch database, migrates it, loads the demo world (COPY, one
// transaction) and prints rows per table, seconds and rows/s, with the date, commit and machine.
// The scratch database is dropped afterwards (unless --keep). Server: BENCH_DATABASE_URL, else
// DATABASE_URL's server, else postgresql://postgres@127.0.0.1:5432/postgres.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import os from "node:os";
import { parseArgs } from "node:util";
import pg from "pg";
import { migrate, quoteIdent } from "../src/db/migrator.ts";
import { DemoWorld } from "../src/demo/world.ts";
import { loadDemoData } from "../src/demo/load.ts";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "2000x12,200x12" },
    seed: { type: "string", default: "bench" },
    now: { type: "string" },
    keep: { type: "boolean", default: false },
  },
});

const serverUrl =
  process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const now = values.now ? new Date(values.now) : process.env.PACER_NOW ? new Date(process.env.PACER_NOW) : new Date();
if (Number.isNaN(now.getTime())) throw new Error(`bad --now / PACER_NOW: ${values.now ?? process.env.PACER_NOW}`);

function urlFor(name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(name)}`;
  return url.toString();
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: urlFor("postgres") });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function commit(): string {
  try {
    const sha = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "src/demo", "bench/demo-data.ts"], {
      encoding: "utf8",
    }).trim();
    return dirty ? `${sha} (+ uncommitted demo changes)` : sha;
  } catch {
    return "unknown";
  }
}

const fmt = (n: number) => n.toLocaleString("en-US");
const cpus = os.cpus();
const serverVersion = await admin(
  async (c) => (await c.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]?.v ?? "?",
);
console.log(`# demo-data load benchmark`);
console.log(`date:    ${new Date().toISOString()}`);
console.log(`commit:  ${commit()}`);
console.log(
  `machine: ${cpus.length} cores (${cpus[0]?.model.trim() ?? "?"}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.platform()} ${os.release()}`,
);
console.log(`runtime: Node ${process.version}, PostgreSQL ${serverVersion} (same machine)`);
console.log(
  `load:    ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")} (1/5/15-min load average at start; other work on the machine slows the run)`,
);
console.log(`data:    seed "${values.seed}", now ${now.toISOString()}`);

for (const run of values.runs.split(",")) {
  const match = /^(\d+)x(\d+)$/.exec(run.trim());
  if (!match) throw new Error(`bad run "${run}": expected REPSxMONTHS, e.g. 2000x12`);
  const reps = Number(match[1]);
  const months = Number(match[2]);
  const name = `pacer_bench_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const url = urlFor(name);
  try {
    await migrate(url);
    const t0 = performance.now();
    const world = new DemoWorld({ reps, months, seed: values.seed, now });
    const result = await loadDemoData(world, { databaseUrl: url });
    const seconds = (performance.now() - t0) / 1000;
    const total = Object.values(result.counts).reduce((a, b) => a + b, 0);
    const size = await admin(
      async (c) =>
        (await c.query<{ s: string }>("SELECT pg_size_pretty(pg_database_size($1)) AS s", [name])).rows[0]?.s,
    );
    console.log(`\n## ${reps} reps × ${months} months  (npm run bench:demo-data -- --runs ${reps}x${months})`);
    console.log(`${"table".padEnd(28)} ${"rows".padStart(11)} ${"seconds".padStart(8)} ${"rows/s".padStart(10)}`);
    for (const [table, rows] of Object.entries(result.counts)) {
      const ms = result.timings[table] ?? 0;
      if (rows < 1000 && ms < 200) continue;
      console.log(
        `${table.padEnd(28)} ${fmt(rows).padStart(11)} ${(ms / 1000).toFixed(2).padStart(8)} ${fmt(Math.round(rows / (ms / 1000))).padStart(10)}`,
      );
    }
    const small = Object.entries(result.counts).filter(
      ([table, rows]) => rows < 1000 && (result.timings[table] ?? 0) < 200,
    );
    console.log(
      `${`(${small.length} small tables)`.padEnd(28)} ${fmt(small.reduce((a, [, r]) => a + r, 0)).padStart(11)}`,
    );
    for (const step of ["truncate", "dropForeignKeys", "foreignKeys", "sequences", "analyze", "commit"])
      console.log(
        `${step.padEnd(28)} ${"".padStart(11)} ${((result.timings[step] ?? 0) / 1000).toFixed(2).padStart(8)}`,
      );
    console.log(
      `${"TOTAL".padEnd(28)} ${fmt(total).padStart(11)} ${seconds.toFixed(2).padStart(8)} ${fmt(Math.round(total / seconds)).padStart(10)}`,
    );
    console.log(
      `database size after load: ${size}; peak RSS of this process: ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB`,
    );
  } finally {
    if (values.keep) console.log(`kept database ${name}`);
    else await admin((c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
  }
}
