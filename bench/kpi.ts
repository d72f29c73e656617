// `npm run bench:kpi [-- --reps 200,2000,20000 --months 12 --calls 200 --team-calls 100 --closes 2
//                       --as-of now|past --quick --fresh --baseline-timeout 600 --explain DIR --cpu-profile DIR]`
//
// Pacer's KPI answers beside the same figures computed the simplest correct way (bench/kpi-baseline.ts:
// the reference statement over the raw rows, scored by the same engine), measured side by side in
// one run so a noisy machine slows both alike and the ratio still says what changed. For each
// company size (REPS salespeople × MONTHS of demo data, ~500 orders per rep a year), on the
// service's own code paths (src/services), one caller at a time on a pool opened as the bot opens
// its own (a pool of 10 with the configuration cache, src/db/config-cache.ts):
//   - progress: progressFor() of a random salesperson as the chat asks it (the asker's id and team
//     at hand, from the cached viewer), as of the world's "now" — the question is always about now
//     ("how far from target?"; it computes the rep's whole team to rank)
//   - one team: computePeriod() with the teamIds of one team (~10 reps), as of the same instant
//   - ~50 reps: computePeriod() with the teamIds of five teams (a branch manager's view), same instant
//   With --as-of past those three are asked about the 18th 15:00 local of the latest full month
//   instead: a past instant, whose partial day must skip every payment made since (slower, rarer).
//   - the close: closeMonth() of that month with reclose (it recomputes everyone and writes a new
//     version); the baseline computes the same whole-organization results from the raw rows
// Each measurement runs in pairs on the same input: Pacer then the baseline, the next pair the other
// way round (so neither always finds the other's pages warm). Both answers are compared on every
// pair (totals, ranks, the close's JSON); a difference is printed. Prints p50/p99 of both and
// the ratio Pacer ÷ raw rows per size, with the load average at each measurement, then a summary
// against the goals of issue 16 and the growth of Pacer's per-answer cost across sizes.
//
// The demo worlds are generated once and kept on the benchmark server (bench/lib.ts cachedWorld:
// pacer_bench_cache_kpi_<size>_<key>; the key covers the generator's source): a re-run reuses them
// and prints their generation time separately from the figures. --fresh regenerates. Dropping them:
// `DROP DATABASE pacer_bench_cache_kpi_…`. --quick: 200 reps, few calls (a smoke run).
// --explain DIR writes EXPLAIN (ANALYZE, BUFFERS) of the production metric statement for one rep,
// one team, fifty reps and the whole organization into DIR, then times the statement alone for
// random teams (prepared, one connection) and prints how many generic and custom plans it got.
// --cpu-profile DIR CPU-profiles 2,000 warm progress answers (Pacer alone) and prints the service's
// CPU per answer by area (bench/cpu-profile.ts); the .cpuprofile opens in Chrome DevTools.
// Server: BENCH_DATABASE_URL, else DATABASE_URL's server, else postgresql://postgres@127.0.0.1:5432/postgres.
import { mkdir, writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import os from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { DateTime } from "luxon";
import type pg from "pg";
import { openDatabase } from "../src/db/client.ts";
import { toCloseJson, type PeriodResult } from "../src/kpi/evaluate.ts";
import { firstLocalDay, periodBounds, periodOfInstant, previousPeriod } from "../src/kpi/period.ts";
import { closeMonth } from "../src/services/month-close.ts";
import { computePeriod, metricWindow } from "../src/services/period-results.ts";
import { progressFor } from "../src/services/progress.ts";
import { loadOrganization, loadScoredPeople, type ScoredPerson } from "../src/store/kpi-inputs.ts";
import { METRICS_SQL, metricParams, queryWithoutJit } from "../src/store/metric-sql.ts";
import { baselinePeriod } from "./kpi-baseline.ts";
import {
  admin,
  cachedWorld,
  databaseName,
  fmt,
  ms,
  parseNow,
  printHeader,
  rng,
  summarize,
  worldLabel,
  type Summary,
  type WorldSpec,
} from "./lib.ts";
import { type CpuProfile, summarizeProfile } from "./cpu-profile.ts";

/** --cpu-profile: warm progress answers profiled. */
const PROFILED_ANSWERS = 2000;
/** --explain's timing of the statement alone: calls counted, after this many not counted. */
const STATEMENT_CALLS = 300;
const STATEMENT_WARMUP = 20;

const { values } = parseArgs({
  options: {
    reps: { type: "string" },
    months: { type: "string", default: "12" },
    seed: { type: "string", default: "bench" },
    now: { type: "string" },
    calls: { type: "string" },
    "team-calls": { type: "string" },
    closes: { type: "string" },
    warmup: { type: "string" },
    quick: { type: "boolean", default: false },
    fresh: { type: "boolean", default: false },
    "baseline-timeout": { type: "string", default: "600" },
    "as-of": { type: "string", default: "now" },
    explain: { type: "string" },
    "cpu-profile": { type: "string" },
  },
});

const QUICK = values.quick;
const whole = (name: string, value: string | undefined, fallback: number, max = 100_000) => {
  const n = Number(value ?? fallback);
  if (!Number.isInteger(n) || n < 0 || n > max) throw new Error(`--${name} must be a whole number from 0 to ${max}`);
  return n;
};
const SIZES = (values.reps ?? (QUICK ? "200" : "200,2000,20000")).split(",").map((r) => {
  const n = Number(r.trim());
  if (!Number.isInteger(n) || n < 10 || n > 100_000)
    throw new Error(`--reps: "${r}" is not a number of reps (10–100000)`);
  return n;
});
const MONTHS = whole("months", values.months, 12, 60);
const CALLS = whole("calls", values.calls, QUICK ? 40 : 200);
const TEAM_CALLS = whole("team-calls", values["team-calls"], QUICK ? 20 : 100);
const CLOSES = whole("closes", values.closes, QUICK ? 1 : 2);
const WARMUP = whole("warmup", values.warmup, QUICK ? 5 : 20);
const BASELINE_TIMEOUT_S = whole("baseline-timeout", values["baseline-timeout"], 600, 3600);
const AS_OF = values["as-of"];
if (AS_OF !== "now" && AS_OF !== "past") throw new Error(`--as-of must be "now" or "past"`);

/** Goals of issue 16 (2-core box, one run). The close: < 1 s at 2,000 reps, < 10 s at 20,000. */
const GOALS = { progressP99: 5, fiftyP99: 15, closeSecondsPerRep: 1 / 2000 };
const PATHS = [
  "src/store",
  "src/services",
  "src/kpi",
  "src/db",
  "src/demo",
  "prisma",
  "bench/kpi.ts",
  "bench/kpi-baseline.ts",
  "bench/lib.ts",
  "test/kpi/reference-metric-sql.ts",
];

const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");

/** One measurement: Pacer and the raw-row baseline on the same inputs. */
interface Pair {
  what: string;
  pacer: Summary;
  raw: Summary;
  /** Pairs whose two answers differ (should be 0). */
  differ: number;
  /** Load average when the measurement started. */
  load: string;
  /** The baseline gave up (statement timeout) after this many pairs. */
  rawTimedOut?: boolean;
}

interface SizeResult {
  reps: number;
  label: string;
  orders: number;
  generation: string;
  pairs: Pair[];
}

await printHeader("KPI answers beside the raw-row baseline (npm run bench:kpi)", PATHS, [
  `method:   Pacer (src/services) and the baseline (bench/kpi-baseline.ts: the reference statement over raw rows, the same scoring) in pairs on the same input, ` +
    `order alternating; one caller at a time on a pg pool of 10 opened like the bot's (configuration cache on: both read plans, people, targets and goals from it); ` +
    `answers as of ${AS_OF === "now" ? "the world's now" : "a past instant (the 18th 15:00 of the last full month)"}; ${WARMUP} warm-up pairs per measurement, not counted; ` +
    `times in ms; ratio = Pacer ÷ raw rows (below 1: Pacer is faster)`,
]);

const results: SizeResult[] = [];
const now = parseNow(values.now, "2026-10-20T09:00:00+08:00");
for (const reps of SIZES) {
  const spec: WorldSpec = { reps, months: MONTHS, seed: values.seed, now };
  console.log(`\n## ${worldLabel(spec)}`);
  const t0 = performance.now();
  const world = await cachedWorld("kpi", spec, { fresh: values.fresh });
  const generation = world.reused
    ? `reused cached database ${world.name} (vacuum ${world.vacuumSeconds.toFixed(1)} s)`
    : `generated and loaded ${fmt(world.rows)} rows in ${world.loadSeconds.toFixed(1)} s, vacuum ${world.vacuumSeconds.toFixed(1)} s ` +
      `(${((performance.now() - t0) / 1000).toFixed(1)} s with migrations; kept as ${world.name} for the next run)`;
  console.log(`data:     ${generation}; load average ${load()}`);
  results.push(await measure(world.url, spec, generation));
}

console.log(
  `\n## summary (ms unless stated; ratio = Pacer ÷ raw rows; load = 1-min load average at the measurement's start)`,
);
console.log(
  `${"reps".padStart(6)} ${"orders".padStart(11)}  ${"measurement".padEnd(10)} ${"Pacer p50 / p99".padStart(17)} ${"raw rows p50 / p99".padStart(20)} ${"ratio p50 / p99".padStart(16)} ${"load".padStart(5)}  answers`,
);
for (const r of results)
  for (const p of r.pairs) {
    const unit = p.what === "close" ? (x: number) => `${(x / 1000).toFixed(2)} s` : ms;
    const raw = p.raw.n ? `${unit(p.raw.p50)} / ${unit(p.raw.p99)}` : "-";
    console.log(
      `${String(r.reps).padStart(6)} ${fmt(r.orders).padStart(11)}  ${p.what.padEnd(10)} ${`${unit(p.pacer.p50)} / ${unit(p.pacer.p99)}`.padStart(17)} ${`${raw}${p.rawTimedOut ? " (timed out)" : ""}`.padStart(20)} ${`${ratio(p.pacer.p50, p.raw.p50)} / ${ratio(p.pacer.p99, p.raw.p99)}`.padStart(16)} ${p.load.split(" ")[0]!.padStart(5)}  ${p.differ ? `${p.differ} DIFFER` : "equal"}`,
    );
  }
const verdict = (ok: boolean) => (ok ? "meets" : "MISSES");
for (const r of results) {
  const get = (what: string) => r.pairs.find((p) => p.what === what);
  const parts: string[] = [];
  const progress = get("progress");
  if (progress)
    parts.push(
      `progress p99 ${ms(progress.pacer.p99)} ms ${verdict(progress.pacer.p99 < GOALS.progressP99)} < ${GOALS.progressP99}`,
    );
  const fifty = get("~50 reps");
  if (fifty)
    parts.push(
      `~50 reps p99 ${ms(fifty.pacer.p99)} ms ${verdict(fifty.pacer.p99 < GOALS.fiftyP99)} < ${GOALS.fiftyP99}`,
    );
  const close = get("close");
  if (close?.pacer.n) {
    const goal = Math.max(1, r.reps * GOALS.closeSecondsPerRep);
    parts.push(`close ${(close.pacer.max / 1000).toFixed(2)} s ${verdict(close.pacer.max / 1000 < goal)} < ${goal} s`);
  }
  console.log(`${r.label}: ${parts.join("; ")}`);
}
if (results.length > 1) {
  const base = results[0]!;
  for (const r of results.slice(1)) {
    const growth = r.pairs.map((p) => {
      const b = base.pairs.find((x) => x.what === p.what);
      return `${p.what} p50 ×${b ? (p.pacer.p50 / b.pacer.p50).toFixed(2) : "-"}`;
    });
    console.log(
      `growth of Pacer's cost ${base.label} → ${r.label} (orders ×${(r.orders / base.orders).toFixed(1)}): ${growth.join(", ")}`,
    );
  }
}

function ratio(pacer: number, raw: number): string {
  return Number.isFinite(pacer) && Number.isFinite(raw) && raw > 0 ? (pacer / raw).toFixed(3) : "-";
}

async function measure(url: string, spec: WorldSpec, generation: string): Promise<SizeResult> {
  const database = openDatabase(url, { max: 10, configCache: true });
  const pool = database.pool;
  try {
    await database.configCache!.start();
    const org = await loadOrganization(pool);
    const zone = org.timezone;
    // The close: the latest full month. The answers: now, in the running month (or --as-of past).
    const period = previousPeriod(periodOfInstant(spec.now, zone));
    const start = DateTime.fromJSDate(periodBounds(period, zone).start, { zone });
    const asOf = AS_OF === "now" ? spec.now : start.plus({ days: 17, hours: 15 }).toJSDate();
    const asked = periodOfInstant(asOf, zone);
    const orders = Number((await pool.query<{ n: string }>("SELECT count(*) AS n FROM orders")).rows[0]!.n);
    console.log(
      `close ${period}; progress and leaderboards of ${asked} as of ${asOf.toISOString()} (${DateTime.fromJSDate(asOf, { zone }).toFormat("yyyy-MM-dd HH:mm")} ${zone}); ${fmt(orders)} orders`,
    );

    // Who is scored in the period (people who left before it are not).
    const people = await loadScoredPeople(pool, { periodStart: firstLocalDay(asked) });
    const inTeams = people.filter((p) => p.teamId !== null);
    const byTeam = new Map<number, ScoredPerson[]>();
    for (const p of inTeams) byTeam.set(p.teamId!, [...(byTeam.get(p.teamId!) ?? []), p]);
    const teams = [...byTeam.keys()];
    const random = rng(`${spec.seed}:${spec.reps}x${spec.months}`);
    const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)]!;
    const fiveTeams = () => {
      const chosen = new Set<number>();
      while (chosen.size < Math.min(5, teams.length)) chosen.add(pick(teams));
      return [...chosen];
    };
    const closeJson = (p: string, result: PeriodResult) => JSON.stringify(toCloseJson(p, zone, result));
    const pairs: Pair[] = [];

    // A bot that has been running has its teams' inputs in the configuration cache (kept per period
    // and team, emptied on a change or after the cache's TTL); the measurements below pick teams at
    // random, so first every team is asked once — those first answers, which read the inputs from
    // Postgres, are timed here on their own.
    const organization = await loadOrganization(pool);
    const cold: number[] = [];
    for (const members of byTeam.values()) {
      const who = members[0]!;
      const t = performance.now();
      await progressFor(pool, who.externalId, asOf, { organization, employee: { id: who.id, teamId: who.teamId } });
      cold.push(performance.now() - t);
    }
    const first = summarize(cold);
    console.log(
      `first answer per team (inputs read from Postgres, not yet cached): n=${first.n}  Pacer p50 ${ms(first.p50)} p99 ${ms(first.p99)} max ${ms(first.max)}`,
    );

    // Progress: "how far from target?" for a random salesperson, as the chat asks it: the asker's
    // id and team are at hand (the cached viewer). The baseline computes the rep's team from raw rows.
    pairs.push(
      await paired(
        "progress",
        CALLS,
        () => pick(inTeams),
        async (who) =>
          progressFor(pool, who.externalId, asOf, {
            organization: await loadOrganization(pool),
            employee: { id: who.id, teamId: who.teamId },
          }),
        async (who) => {
          const organization = await loadOrganization(pool);
          const { result } = await baselinePeriod(pool, asked, {
            asOf,
            organization,
            freshness: true,
            calendar: true,
            ...(who.teamId === null ? { employeeIds: [who.id] } : { teamIds: [who.teamId] }),
          });
          return result.people.find((p) => p.person.id === who.id)!;
        },
        (a, b) => a.total === b.total.toFixed(2) && a.base === b.score.baseText && a.teamRank === b.teamRank,
      ),
    );

    // One team (~10 reps) by teamIds.
    pairs.push(
      await paired(
        "one team",
        TEAM_CALLS,
        () => [pick(teams)],
        (teamIds) => computePeriod(pool, asked, { asOf, teamIds }).then((c) => closeJson(asked, c.result)),
        (teamIds) => baselinePeriod(pool, asked, { asOf, teamIds }).then((b) => closeJson(asked, b.result)),
        (a, b) => a === b,
      ),
    );

    // ~50 reps: five random teams, by teamIds.
    pairs.push(
      await paired(
        "~50 reps",
        TEAM_CALLS,
        fiveTeams,
        (teamIds) => computePeriod(pool, asked, { asOf, teamIds }).then((c) => closeJson(asked, c.result)),
        (teamIds) => baselinePeriod(pool, asked, { asOf, teamIds }).then((b) => closeJson(asked, b.result)),
        (a, b) => a === b,
      ),
    );

    // The close of the whole organization (reclose recomputes and writes a version); the baseline
    // computes the same results from raw rows. No warm-up: a close is not a hot path.
    const closeLoad = load();
    const pacerCloses: number[] = [];
    const rawCloses: number[] = [];
    let differ = 0;
    let rawTimedOut = false;
    for (let i = 0; i < CLOSES; i++) {
      const runPacer = async () => {
        const t = performance.now();
        const outcome = await closeMonth(pool, period, { reclose: true, actor: "bench:kpi", reason: "benchmark" });
        pacerCloses.push(performance.now() - t);
        return JSON.stringify(outcome.result);
      };
      const runRaw = async () => {
        if (rawTimedOut) return undefined;
        const t = performance.now();
        try {
          const { result } = await baselinePeriod(pool, period, { timeoutMs: BASELINE_TIMEOUT_S * 1000 });
          rawCloses.push(performance.now() - t);
          return closeJson(period, result);
        } catch (error) {
          if ((error as { code?: string }).code !== "57014") throw error;
          rawTimedOut = true;
          return undefined;
        }
      };
      let a: string;
      let b: string | undefined;
      if (i % 2 === 0) {
        a = await runPacer();
        b = await runRaw();
      } else {
        b = await runRaw();
        a = await runPacer();
      }
      if (b !== undefined && a !== b) differ++;
      console.log(
        `close ${period} #${i + 1}: Pacer ${(pacerCloses.at(-1)! / 1000).toFixed(2)} s, raw rows ${
          b === undefined
            ? `over ${BASELINE_TIMEOUT_S} s (statement timeout)`
            : `${(rawCloses.at(-1)! / 1000).toFixed(2)} s`
        } (${fmt(people.length)} people; load average ${load()})`,
      );
    }
    pairs.push({
      what: "close",
      pacer: summarize(pacerCloses),
      raw: summarize(rawCloses),
      differ,
      load: closeLoad,
      rawTimedOut,
    });

    if (values["cpu-profile"]) {
      // Where a warm progress answer's service CPU goes: Pacer alone, one caller at a time.
      const session = new Session();
      session.connect();
      await session.post("Profiler.enable");
      await session.post("Profiler.setSamplingInterval", { interval: 200 });
      await session.post("Profiler.start");
      const t = performance.now();
      for (let i = 0; i < PROFILED_ANSWERS; i++) {
        const who = pick(inTeams);
        await progressFor(pool, who.externalId, asOf, {
          organization: await loadOrganization(pool),
          employee: { id: who.id, teamId: who.teamId },
        });
      }
      const wall = performance.now() - t;
      const { profile } = (await session.post("Profiler.stop")) as unknown as { profile: CpuProfile };
      session.disconnect();
      await mkdir(values["cpu-profile"], { recursive: true });
      const file = join(values["cpu-profile"], `progress-${spec.reps}x${spec.months}.cpuprofile`);
      await writeFile(file, JSON.stringify(profile));
      console.log(
        `\nCPU profile of ${PROFILED_ANSWERS} warm progress answers (${ms(wall / PROFILED_ANSWERS)} ms each on average): ${file}`,
      );
      const busy = summarizeProfile(profile);
      console.log(`service CPU per answer: ${ms(busy / 1000 / PROFILED_ANSWERS)} ms; load average ${load()}`);
    }

    if (values.explain)
      await explain(pool, values.explain, spec, {
        period,
        asked,
        zone,
        asOf,
        people,
        inTeams,
        byTeam,
        teams,
        pick,
        fiveTeams,
      });

    const size = await admin(
      async (c) =>
        (await c.query<{ s: string }>("SELECT pg_size_pretty(pg_database_size($1)) AS s", [databaseName(url)])).rows[0]
          ?.s,
    );
    console.log(`database size: ${size}`);
    return { reps: spec.reps, label: `${spec.reps}×${spec.months}`, orders, generation, pairs };
  } finally {
    await database.close();
  }
}

/**
 * `n` pairs (after WARMUP uncounted ones) of Pacer and the baseline on one input each, the order
 * alternating; their answers compared with `same`. Prints and returns both summaries.
 */
async function paired<I, A, B>(
  what: string,
  n: number,
  input: () => I,
  pacer: (i: I) => Promise<A>,
  raw: (i: I) => Promise<B>,
  same: (a: A, b: B) => boolean,
): Promise<Pair> {
  const startLoad = load();
  const times = { pacer: [] as number[], raw: [] as number[] };
  let differ = 0;
  const timed = async <T>(fn: () => Promise<T>, into: number[] | null): Promise<T> => {
    const t = performance.now();
    const out = await fn();
    into?.push(performance.now() - t);
    return out;
  };
  for (let k = 0; k < WARMUP + n; k++) {
    const counted = k >= WARMUP;
    const i = input();
    let a: A;
    let b: B;
    if (k % 2 === 0) {
      a = await timed(() => pacer(i), counted ? times.pacer : null);
      b = await timed(() => raw(i), counted ? times.raw : null);
    } else {
      b = await timed(() => raw(i), counted ? times.raw : null);
      a = await timed(() => pacer(i), counted ? times.pacer : null);
    }
    if (!same(a, b)) differ++;
  }
  const pair: Pair = { what, pacer: summarize(times.pacer), raw: summarize(times.raw), differ, load: startLoad };
  console.log(
    `${what.padEnd(9)} n=${pair.pacer.n}  Pacer p50 ${ms(pair.pacer.p50)} p99 ${ms(pair.pacer.p99)} max ${ms(pair.pacer.max)}  |  ` +
      `raw rows p50 ${ms(pair.raw.p50)} p99 ${ms(pair.raw.p99)} max ${ms(pair.raw.max)}  |  ratio p50 ${ratio(pair.pacer.p50, pair.raw.p50)} ` +
      `p99 ${ratio(pair.pacer.p99, pair.raw.p99)}  |  answers ${differ ? `${differ} DIFFER` : "equal"}  |  load average ${startLoad}`,
  );
  return pair;
}

async function explain(
  pool: pg.Pool,
  dir: string,
  spec: WorldSpec,
  ctx: {
    period: string;
    asked: string;
    zone: string;
    asOf: Date;
    people: ScoredPerson[];
    inTeams: ScoredPerson[];
    byTeam: Map<number, ScoredPerson[]>;
    teams: number[];
    pick: <T>(xs: T[]) => T;
    fiveTeams: () => number[];
  },
): Promise<void> {
  await mkdir(dir, { recursive: true });
  const window = metricWindow(ctx.period, ctx.zone);
  const partial = metricWindow(ctx.asked, ctx.zone, ctx.asOf);
  const sets: Array<[string, number[], typeof window]> = [
    ["single", [ctx.pick(ctx.inTeams).id], partial],
    ["team", ctx.byTeam.get(ctx.pick(ctx.teams))!.map((p) => p.id), partial],
    ["fifty", ctx.fiveTeams().flatMap((t) => ctx.byTeam.get(t)!.map((p) => p.id)), partial],
    ["org", ctx.people.map((p) => p.id), window],
  ];
  for (const [name, ids, w] of sets) {
    await queryWithoutJit(pool, METRICS_SQL, metricParams(ids, w)); // warm
    const res = await queryWithoutJit(pool, `EXPLAIN (ANALYZE, BUFFERS) ${METRICS_SQL}`, metricParams(ids, w));
    const file = join(dir, `explain-${spec.reps}x${spec.months}-${name}.txt`);
    // The id array is repeated in several nodes; 2,000 ids would make every such line 10 kB.
    const text = res.rows
      .map((r: Record<string, string>) => r["QUERY PLAN"])
      .join("\n")
      .replace(
        /'\{(\d+),(\d+),(?:\d+,){8,}(\d+)\}'/g,
        (all, a, b, z) => `'{${a},${b},…,${z}: ${all.split(",").length} ids}'`,
      );
    await writeFile(file, `-- ${ids.length} reps, window [${w.from.toISOString()}, ${w.to.toISOString()})\n${text}\n`);
    console.log(
      `EXPLAIN ${name} (${ids.length} reps): ${/Execution Time: ([\d.]+ ms)/.exec(text)?.[1] ?? "?"} → ${file}`,
    );
  }
  // The statement alone, as a team's answer sends it (prepared, on one connection, one caller), and
  // which plans Postgres used: is a slow answer the statement's own spread, or re-planning?
  const client = await pool.connect();
  try {
    const times: number[] = [];
    for (let i = 0; i < STATEMENT_CALLS + STATEMENT_WARMUP; i++) {
      const ids = ctx.byTeam.get(ctx.pick(ctx.teams))!.map((p) => p.id);
      const t = performance.now();
      await client.query({ name: "pacer_bench_statement", text: METRICS_SQL, values: metricParams(ids, partial) });
      if (i >= STATEMENT_WARMUP) times.push(performance.now() - t);
    }
    const plans = await client.query<{ generic: string; custom: string }>(
      `SELECT generic_plans AS generic, custom_plans AS custom FROM pg_prepared_statements WHERE name = 'pacer_bench_statement'`,
    );
    const st = summarize(times);
    console.log(
      `statement alone, a team at ${ctx.asOf.toISOString()} (prepared, one connection, ${STATEMENT_CALLS} calls after ${STATEMENT_WARMUP}): p50 ${ms(st.p50)} p95 ${ms(st.p95)} p99 ${ms(st.p99)} max ${ms(st.max)} ms; plans: ${plans.rows[0]?.generic ?? "?"} generic, ${plans.rows[0]?.custom ?? "?"} custom; load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}`,
    );
  } finally {
    client.release();
  }
}
