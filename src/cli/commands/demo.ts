// `pacer demo` (`npm run demo`): the newcomer's path. Migrates a database (DATABASE_URL, else a local
// `pacer_demo`), generates a demo company, closes last month and prints a salesperson's progress
// card as of now — no Slack or Lark account needed.
import type { Command } from "commander";
import { openDatabase } from "../../db/client.ts";
import { migrate } from "../../db/migrator.ts";
import { DemoWorld } from "../../demo/world.ts";
import { loadDemoData } from "../../demo/load.ts";
import { previousPeriod, periodOfInstant } from "../../kpi/period.ts";
import { closeMonth } from "../../services/month-close.ts";
import { progressFor, progressText } from "../../services/progress.ts";
import { loadOrganization } from "../../store/kpi-inputs.ts";
import type { CliContext } from "../context.ts";

export const DEMO_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/pacer_demo";

export function registerDemo(program: Command, ctx: CliContext): void {
  program
    .command("demo")
    .description("Set up a demo company in a local database and show a salesperson's progress card")
    .option("--reps <n>", "number of salespeople", (v) => Number.parseInt(v, 10), 40)
    .option("--months <n>", "months of history", (v) => Number.parseInt(v, 10), 6)
    .option("--seed <seed>", "demo data seed", "demo")
    .action(async (opts: { reps: number; months: number; seed: string }) => {
      let url: string;
      try {
        url = ctx.databaseUrl();
      } catch {
        url = DEMO_DATABASE_URL;
      }
      const now = ctx.now();
      ctx.out(`database: ${url.replace(/\/\/([^:@/]+):[^@/]+@/, "//$1:***@")}`);
      const applied = await migrate(url);
      ctx.out(applied.applied.length ? `migrated: ${applied.applied.length} migration(s) applied` : "migrated: up to date");

      const world = new DemoWorld({ reps: opts.reps, months: opts.months, seed: opts.seed, now });
      const loaded = await loadDemoData(world, { databaseUrl: url, replace: true, audit: { command: "demo" } });
      const c = loaded.counts;
      ctx.out(
        `demo company loaded in ${(loaded.elapsedMs / 1000).toFixed(1)} s: ${c.employees ?? 0} employees, ${c.customers ?? 0} customers, ` +
          `${c.orders ?? 0} orders, ${c.payments ?? 0} payments, ${c.leads ?? 0} leads, ${c.candidates ?? 0} candidates`,
      );

      const database = openDatabase(url, { max: 4 });
      try {
        const org = await loadOrganization(database.pool);
        const last = previousPeriod(periodOfInstant(now, org.timezone));
        const closed = await closeMonth(database.pool, last, { actor: "demo" });
        const best = [...closed.result.employees].sort((a, b) => Number(b.total) - Number(a.total))[0];
        ctx.out(`${last} closed (version ${closed.version}): ${closed.result.employees.length} salespeople scored; top total ${best?.total ?? "-"} (${best?.externalId ?? "-"})`);

        const rep = await database.pool.query<{ external_id: string }>(
          `SELECT e.external_id FROM employees e JOIN kpi_plans p ON p.id = e.plan_id
           WHERE e.role = 'sales' AND e.status = 'active' AND e.team_id IS NOT NULL ORDER BY e.external_id COLLATE "C" LIMIT 1`,
        );
        const who = rep.rows[0]?.external_id;
        if (who) {
          ctx.out("", `— progress card of ${who} —`, "");
          ctx.out(progressText(await progressFor(database.pool, who, now)));
        }
        ctx.out(
          "",
          "Next:",
          `  DATABASE_URL=${url} npm run pacer -- progress <employee> [--as-of ISO]`,
          `  DATABASE_URL=${url} npm run pacer -- close-month ${last} --json`,
          `  DATABASE_URL=${url} npm run pacer -- --help`,
        );
      } finally {
        await database.close();
      }
    });
}
