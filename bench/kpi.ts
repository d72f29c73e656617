// `npm run bench:kpi [-- --runs 2000x12,200x12 --calls 200 --keep --database-url URL --explain DIR]`
//
// For each run (REPS×MONTHS of demo data, ~500 orders per rep a year): a scratch database is
// created, migrated, loaded with the demo world (`pacer demo-data`'s loader) and vacuumed; then,
// one caller at a time, on the service's own code paths:
//   - single progress: progressFor() of random salespeople, as of the 18th 15:00 local of the
//     latest full month (what "how far from target?" runs; it computes the rep's whole team to rank)
//   - team leaderboard: computePeriod() with teamIds of one team (~10 reps), and with employeeIds
//     of five teams (~50 reps), as of the same instant
//   - whole-organization month close: closeMonth() of that month with reclose, so it recomputes
// and prints p50/p95/p99 (milliseconds) against the goals of issue 3, with the date, commit and
// machine. --explain DIR writes EXPLAIN (ANALYZE, BUFFERS) of the metric statement for one rep,
// one team, fifty reps and the whole organization into DIR.
//
// --keep keeps the scratch database(s) and prints their URL; --database-url URL reuses such a
// database (one run; its migrations are brought up to date, its world is read from the loader's
// audit-log entry) instead of loading again. Server: BENCH_DATABASE_URL, else DATABASE_URL's
// server, else postgresql://postgres@127.0.0.1:5432/postgres.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { DateTime } from "luxon";
import pg from "pg";
import { migrate } from "../src/db/migrator.ts";
import { firstLocalDay, localDate, periodBounds, periodOfInstant, previousPeriod } from "../src/kpi/period.ts";
import { closeMonth } from "../src/services/month-close.ts";
import { computePeriod, metricWindow } from "../src/services/period-results.ts";
import { progressFor } from "../src/services/progress.ts";
import { loadOrganization, loadScoredPeople, type ScoredPerson } from "../src/store/kpi-inputs.ts";
import { METRICS_SQL, metricParams, queryRawMetrics, queryWithoutJit } from "../src/store/metric-sql.ts";
import {
  admin,
  databaseName,
  fmt,
  loadWorld,
  loadedWorld,
  ms,
  parseNow,
  parseRuns,
  printHeader,
  rng,
  scratchDatabase,
  summarize,
  vacuumAnalyze,
  worldLabel,
  type Summary,
  type WorldSpec,
} from "./lib.ts";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "2000x12,200x12" },
    seed: { type: "string", default: "bench" },
    now: { type: "string" },
    calls: { type: "string", default: "200" },
    "team-calls": { type: "string", default: "100" },
    closes: { type: "string", default: "2" },
    warmup: { type: "string", default: "20" },
    keep: { type: "boolean", default: false },
    "database-url": { type: "string" },
    explain: { type: "string" },
  },
});

const CALLS = Number(values.calls);
const TEAM_CALLS = Number(values["team-calls"]);
const CLOSES = Number(values.closes);
const WARMUP = Number(values.warmup);
for (const [k, v] of Object.entries({ calls: CALLS, "team-calls": TEAM_CALLS, closes: CLOSES, warmup: WARMUP }))
  if (!Number.isInteger(v) || v < 0 || v > 100_000) throw new Error(`--${k} must be a whole number from 0 to 100000`);

const GOALS = { progressP99: 50, leaderboardP99: 150, closeSeconds: 60 };
const PATHS = ["src/store", "src/services", "src/kpi", "src/db", "src/demo", "prisma", "bench/kpi.ts", "bench/lib.ts"];

interface RunResult {
  label: string;
  orders: number;
  progress: Summary;
  team: Summary & { size: number };
  fifty: Summary & { size: number };
  closes: number[];
  orgSql: number;
}

await printHeader("KPI engine benchmark (npm run bench:kpi)", PATHS, [
  `method:   one caller at a time on a pg pool of 10 (as the service); ${WARMUP} warm-up calls per measurement, not counted; times in ms`,
]);

const results: RunResult[] = [];
if (values["database-url"]) {
  const url = values["database-url"];
  await migrate(url);
  const spec = await loadedWorld(url);
  if (!spec) throw new Error(`${databaseName(url)} holds no demo data (no demo_data.load in its audit log)`);
  console.log(`\n## ${worldLabel(spec)} — reusing database ${databaseName(url)}`);
  const vacuum = await vacuumAnalyze(url);
  console.log(`vacuum analyze: ${vacuum.toFixed(1)} s`);
  results.push(await measure(url, spec));
} else {
  const now = parseNow(values.now, "2026-10-20T09:00:00+08:00");
  for (const { reps, months } of parseRuns(values.runs)) {
    const spec: WorldSpec = { reps, months, seed: values.seed, now };
    console.log(`\n## ${worldLabel(spec)}`);
    const db = await scratchDatabase(`kpi_${reps}x${months}`);
    try {
      const loaded = await loadWorld(db.url, spec);
      const total = Object.values(loaded.counts).reduce((a, b) => a + b, 0);
      console.log(
        `loaded ${fmt(total)} rows in ${loaded.loadSeconds.toFixed(1)} s, vacuum analyze ${loaded.vacuumSeconds.toFixed(1)} s`,
      );
      results.push(await measure(db.url, spec));
    } finally {
      if (values.keep) console.log(`kept database: ${db.url}  (rerun with --database-url ${db.url})`);
      else await db.drop();
    }
  }
}

console.log(`\n## summary (ms unless stated; goals from issue 3)`);
console.log(
  `${"data".padEnd(22)} ${"orders".padStart(9)} | ${"progress p50/p95/p99".padEnd(22)} | ${"team p50/p99 (size)".padEnd(22)} | ${"~50 reps p50/p99 (size)".padEnd(24)} | ${"org close s".padEnd(12)} | metric SQL s`,
);
for (const r of results) {
  console.log(
    `${r.label.padEnd(22)} ${fmt(r.orders).padStart(9)} | ${`${ms(r.progress.p50)} / ${ms(r.progress.p95)} / ${ms(r.progress.p99)}`.padEnd(22)} | ${`${ms(r.team.p50)} / ${ms(r.team.p99)} (${r.team.size.toFixed(1)})`.padEnd(22)} | ${`${ms(r.fifty.p50)} / ${ms(r.fifty.p99)} (${r.fifty.size.toFixed(0)})`.padEnd(24)} | ${r.closes
      .map((s) => s.toFixed(1))
      .join(", ")
      .padEnd(12)} | ${(r.orgSql / 1000).toFixed(1)}`,
  );
}
const verdict = (ok: boolean) => (ok ? "meets" : "MISSES");
for (const r of results) {
  console.log(
    `${r.label}: progress p99 ${ms(r.progress.p99)} ms ${verdict(r.progress.p99 < GOALS.progressP99)} < ${GOALS.progressP99}; ` +
      `~50-rep leaderboard p99 ${ms(r.fifty.p99)} ms ${verdict(r.fifty.p99 < GOALS.leaderboardP99)} < ${GOALS.leaderboardP99}; ` +
      `org close ${Math.max(...r.closes).toFixed(1)} s ${verdict(Math.max(...r.closes) < GOALS.closeSeconds)} < ${GOALS.closeSeconds} s`,
  );
}
if (results.length > 1) {
  const [a, b] = [results[0]!, results[results.length - 1]!];
  const ratio = (x: number, y: number) => (y > 0 ? (x / y).toFixed(1) : "-");
  console.log(
    `growth ${a.label} vs ${b.label} (orders ×${ratio(a.orders, b.orders)}): progress p50 ×${ratio(a.progress.p50, b.progress.p50)}, ` +
      `team p50 ×${ratio(a.team.p50, b.team.p50)}, ~50 reps p50 ×${ratio(a.fifty.p50, b.fifty.p50)}, org close ×${ratio(Math.min(...a.closes), Math.min(...b.closes))}`,
  );
}

async function measure(url: string, spec: WorldSpec): Promise<RunResult> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  pool.on("error", () => {});
  try {
    const org = await loadOrganization(pool);
    const zone = org.timezone;
    const period = previousPeriod(periodOfInstant(spec.now, zone));
    const start = DateTime.fromJSDate(periodBounds(period, zone).start, { zone });
    const asOf = start.plus({ days: 17, hours: 15 }).toJSDate();
    const orders = Number((await pool.query<{ n: string }>("SELECT count(*) AS n FROM orders")).rows[0]!.n);
    console.log(
      `period ${period}, progress and leaderboards as of ${asOf.toISOString()} (${localDate(asOf, zone)} 15:00 ${zone}); ${fmt(orders)} orders`,
    );

    // Who is scored in the period (people who left before it are not).
    const people = await loadScoredPeople(pool, { periodStart: firstLocalDay(period) });
    const inTeams = people.filter((p) => p.teamId !== null);
    const byTeam = new Map<number, ScoredPerson[]>();
    for (const p of inTeams) byTeam.set(p.teamId!, [...(byTeam.get(p.teamId!) ?? []), p]);
    const teams = [...byTeam.keys()];
    const random = rng(`${spec.seed}:${spec.reps}x${spec.months}`);
    const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)]!;

    // Single progress: "how far from target?" for a random salesperson.
    const progress = await timed(CALLS, () => progressFor(pool, pick(inTeams).externalId, asOf));
    line(`single progress (progressFor, team computed to rank)`, progress);

    // Team leaderboard: one team (~10 reps) by teamIds.
    const sizes: number[] = [];
    const team = await timed(TEAM_CALLS, async () => {
      const id = pick(teams);
      sizes.push(byTeam.get(id)!.length);
      await computePeriod(pool, period, { asOf, teamIds: [id] });
    });
    const teamSize = sizes.reduce((a, b) => a + b, 0) / Math.max(1, sizes.length);
    line(`team leaderboard, 1 team (mean ${teamSize.toFixed(1)} reps)`, team);

    // ~50 reps: the scored members of five random teams, by employeeIds.
    const fiftySizes: number[] = [];
    const fiveTeams = () => {
      const chosen = new Set<number>();
      while (chosen.size < Math.min(5, teams.length)) chosen.add(pick(teams));
      return [...chosen].flatMap((t) => byTeam.get(t)!.map((p) => p.id));
    };
    const fifty = await timed(TEAM_CALLS, async () => {
      const ids = fiveTeams();
      fiftySizes.push(ids.length);
      await computePeriod(pool, period, { asOf, employeeIds: ids });
    });
    const fiftySize = fiftySizes.reduce((a, b) => a + b, 0) / Math.max(1, fiftySizes.length);
    line(`leaderboard of 5 teams (mean ${fiftySize.toFixed(0)} reps, employeeIds)`, fifty);

    // The whole organization: the metric statement alone, then month close (reclose recomputes).
    const window = metricWindow(period, zone);
    const everyone = people.map((p) => p.id);
    let t = performance.now();
    await queryRawMetrics(pool, everyone, window);
    const orgSql = performance.now() - t;
    console.log(
      `org-wide metric statement (${fmt(everyone.length)} reps, whole ${period}): ${(orgSql / 1000).toFixed(2)} s`,
    );
    const closes: number[] = [];
    for (let i = 0; i < CLOSES; i++) {
      t = performance.now();
      const outcome = await closeMonth(pool, period, { reclose: true, actor: "bench:kpi", reason: "benchmark" });
      closes.push((performance.now() - t) / 1000);
      console.log(
        `month close ${period} (reclose → version ${outcome.version}, ${fmt(outcome.result.employees.length)} people): ${closes[i]!.toFixed(2)} s`,
      );
    }

    if (values.explain) {
      await mkdir(values.explain, { recursive: true });
      const partial = metricWindow(period, zone, asOf);
      const oneTeam = byTeam.get(pick(teams))!.map((p) => p.id);
      const sets: Array<[string, number[], typeof window]> = [
        ["single", [pick(inTeams).id], partial],
        ["team", oneTeam, partial],
        ["fifty", fiveTeams(), partial],
        ["org", everyone, window],
      ];
      for (const [name, ids, w] of sets) {
        await queryWithoutJit(pool, METRICS_SQL, metricParams(ids, w)); // warm
        const res = await queryWithoutJit(pool, `EXPLAIN (ANALYZE, BUFFERS) ${METRICS_SQL}`, metricParams(ids, w));
        const file = join(values.explain, `explain-${spec.reps}x${spec.months}-${name}.txt`);
        // The id array is repeated in several nodes; 2,000 ids would make every such line 10 kB.
        const text = res.rows
          .map((r: Record<string, string>) => r["QUERY PLAN"])
          .join("\n")
          .replace(
            /'\{(\d+),(\d+),(?:\d+,){8,}(\d+)\}'/g,
            (all, a, b, z) => `'{${a},${b},…,${z}: ${all.split(",").length} ids}'`,
          );
        await writeFile(
          file,
          `-- ${ids.length} reps, window [${w.from.toISOString()}, ${w.to.toISOString()})\n${text}\n`,
        );
        console.log(
          `EXPLAIN ${name} (${ids.length} reps): ${/Execution Time: ([\d.]+ ms)/.exec(text)?.[1] ?? "?"} → ${file}`,
        );
      }
    }
    const size = await admin(
      async (c) =>
        (await c.query<{ s: string }>("SELECT pg_size_pretty(pg_database_size($1)) AS s", [databaseName(url)])).rows[0]
          ?.s,
    );
    console.log(`database size: ${size}`);
    return {
      label: `${spec.reps}×${spec.months}`,
      orders,
      progress,
      team: { ...team, size: teamSize },
      fifty: { ...fifty, size: fiftySize },
      closes,
      orgSql,
    };
  } finally {
    await pool.end();
  }
}

/** Runs `fn` WARMUP times (not counted), then `n` times one after another; milliseconds. */
async function timed(n: number, fn: () => Promise<unknown>): Promise<Summary> {
  for (let i = 0; i < Math.min(WARMUP, n); i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return summarize(samples);
}

function line(what: string, s: Summary): void {
  console.log(
    `${what.padEnd(58)} n=${s.n}  p50 ${ms(s.p50)}  p95 ${ms(s.p95)}  p99 ${ms(s.p99)}  max ${ms(s.max)}  mean ${ms(s.mean)}`,
  );
}
