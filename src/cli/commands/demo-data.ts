// `pacer demo-data --reps N --months M --seed S [--replace] [--now ISO]`: generates a realistic
// freight forwarder (see src/demo/world.ts) and loads it with COPY in one transaction.
import { InvalidArgumentError, type Command } from "commander";
import { DemoWorld } from "../../demo/world.ts";
import { DemoDataError, loadDemoData } from "../../store/demo-load.ts";
import { CliError, type CliContext } from "../context.ts";
import type { RegisterCommand } from "./index.ts";

function positiveInt(max: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max)
      throw new InvalidArgumentError(`must be a whole number from 1 to ${max}`);
    return Number(value);
  };
}

const fmt = (n: number) => n.toLocaleString("en-US");

export const registerDemoData: RegisterCommand = (program: Command, ctx: CliContext) => {
  program
    .command("demo-data")
    .description("Load a generated, realistic freight forwarder (deterministic per seed) into an empty database")
    .option("--reps <n>", "number of salespeople (teams of ~10 under regional branches)", positiveInt(100_000), 200)
    .option("--months <n>", "months of orders, ending with the current month (up to now)", positiveInt(60), 12)
    .option("--seed <seed>", "any text; the same seed, size and --now give byte-identical data", "pacer")
    .option("--now <instant>", "business clock, ISO 8601 with offset (default: PACER_NOW, else the real time)")
    .option("--replace", "wipe the business data first (same transaction) instead of refusing a non-empty database")
    .addHelpText(
      "after",
      `
What you get: an organization (Asia/Shanghai, CNY) with regional branches and sales teams, managers,
HR and an admin; salespeople on the "veteran" or "new" KPI plan (some on leave or gone); customers,
orders (sea/air/rail lanes, ~8% cancelled), partial/late/missing payments and refunds, leads,
collaboration ratings, monthly targets and team goals; training courses; job openings with keyword
profiles, candidates with zh/en résumés, applications, interviews and offers (some due within 3
days, some overdue); new hires with onboarding checklists.

Everything is written with COPY in ONE transaction: on any error nothing is left behind.
2,000 reps × 12 months is about 1M orders and 3M rows in all (see docs/BENCHMARKS.md).

Examples:
  pacer demo-data --reps 50 --months 6 --seed demo
  PACER_NOW=2026-10-20T09:00:00+08:00 pacer demo-data --reps 2000 --months 12 --seed bench --replace`,
    )
    .action(async (opts: { reps: number; months: number; seed: string; now?: string; replace?: boolean }) => {
      let now = ctx.now();
      if (opts.now !== undefined) {
        now = new Date(opts.now);
        if (!/^\d{4}-\d{2}-\d{2}T/.test(opts.now) || Number.isNaN(now.getTime()))
          throw new CliError(`--now must be an ISO 8601 instant, e.g. 2026-10-20T09:00:00+08:00 (got ${opts.now})`);
      }
      const databaseUrl = ctx.databaseUrl();
      const started = performance.now();
      const world = new DemoWorld({ reps: opts.reps, months: opts.months, seed: opts.seed, now });
      ctx.err(
        `generating ${fmt(opts.reps)} reps × ${opts.months} months (seed "${opts.seed}", now ${now.toISOString()}) and loading…`,
      );
      let result: Awaited<ReturnType<typeof loadDemoData>>;
      try {
        result = await loadDemoData(world, {
          databaseUrl,
          replace: opts.replace,
          audit: { command: "demo-data" },
        });
      } catch (error) {
        if (error instanceof DemoDataError) throw new CliError(error.message, 2);
        throw error;
      }
      const seconds = (performance.now() - started) / 1000;
      const total = Object.values(result.counts).reduce((a, b) => a + b, 0);
      const width = Math.max(...Object.keys(result.counts).map((t) => t.length));
      for (const [table, rows] of Object.entries(result.counts))
        ctx.out(`${table.padEnd(width)}  ${fmt(rows).padStart(11)}`);
      ctx.out(
        `${"total".padEnd(width)}  ${fmt(total).padStart(11)} rows in ${seconds.toFixed(1)} s (${fmt(Math.round(total / seconds))} rows/s)`,
      );
      const periods = world.periods;
      ctx.out(
        `periods ${periods[0]?.key} … ${periods[periods.length - 1]?.key} (the last one up to ${now.toISOString()})`,
      );
    });
};
