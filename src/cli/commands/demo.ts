// `pacer demo` (`npm run demo`): the newcomer's path. Migrates the CLI's database (DATABASE_URL, else
// the docker-compose Postgres: LOCAL_DATABASE_URL), replaces its business data with a generated demo
// company, closes last month and prints a salesperson's progress card as of now — no Slack or Lark
// account needed.
import type { Command } from "commander";
import { openDatabase } from "../../db/client.ts";
import { migrate } from "../../db/migrator.ts";
import { DemoWorld } from "../../demo/world.ts";
import { loadDemoData } from "../../store/demo-load.ts";
import { previousPeriod, periodOfInstant } from "../../kpi/period.ts";
import { closeMonth } from "../../services/month-close.ts";
import { renderText } from "../../../cards/render-text.ts";
import { answer } from "../../chat/answer.ts";
import { LOCAL_DATABASE_URL, LOCAL_REDIS_URL } from "../../config/defaults.ts";
import { loadEnv } from "../../config/env.ts";
import { runConsole } from "../../console/chat.ts";
import { createLogger } from "../../log.ts";
import { startService, type Service } from "../../main.ts";
import { loadOrganization } from "../../store/kpi-inputs.ts";
import { findEmployeeByExternalId, firstScoredSalesperson } from "../../store/people.ts";
import { parseIntent } from "../../chat/parse.ts";
import type { CliContext } from "../context.ts";
import type pg from "pg";

export function registerDemo(program: Command, ctx: CliContext): void {
  program
    .command("demo")
    .description("Set up a demo company in a local database and show a salesperson's progress card")
    .option("--reps <n>", "number of salespeople", (v) => Number.parseInt(v, 10), 40)
    .option("--months <n>", "months of history", (v) => Number.parseInt(v, 10), 6)
    .option("--seed <seed>", "demo data seed", "demo")
    .option("--no-chat", "set up and print the cards, without the interactive chat")
    .action(async (opts: { reps: number; months: number; seed: string; chat?: boolean }) => {
      const url = ctx.databaseUrl();
      const now = ctx.now();
      ctx.out(`database: ${url.replace(/\/\/([^:@/]+):[^@/]+@/, "//$1:***@")}`);
      const applied = await migrate(url);
      ctx.out(
        applied.applied.length ? `migrated: ${applied.applied.length} migration(s) applied` : "migrated: up to date",
      );

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
        ctx.out(
          `${last} closed (version ${closed.version}): ${closed.result.employees.length} salespeople scored; top total ${best?.total ?? "-"} (${best?.externalId ?? "-"})`,
        );

        const who = (await firstScoredSalesperson(database.pool)) ?? undefined;
        const interactive = opts.chat !== false && Boolean(process.stdin.isTTY);
        if (!interactive) {
          // Not a terminal (CI, a pipe): show what the chat would answer, then stop.
          if (who) await showScripted(database.pool, now, who, ctx);
          ctx.out(
            "",
            "Run `npm run demo` in a terminal to chat with Pacer as any demo user; or try the CLI on this database" +
              (url === LOCAL_DATABASE_URL ? ":" : " (with the same DATABASE_URL):"),
            `  npm run pacer -- progress ${who ?? "<employee>"}`,
            `  npm run pacer -- close-month ${last} --json`,
          );
          return;
        }
        const service = await startDemoService(url, ctx);
        ctx.out("", "Chat with Pacer in this terminal (no Slack or Lark account needed).");
        const log = createLogger("error", process.stderr);
        await runConsole({
          pool: database.pool,
          now: () => ctx.now(),
          input: process.stdin,
          output: process.stdout,
          log,
        });
        await service?.stop();
      } finally {
        await database.close();
      }
    });
}

/** What the chat answers a salesperson and their manager, printed once (non-interactive runs). */
async function showScripted(pool: pg.Pool, now: Date, rep: string, ctx: CliContext): Promise<void> {
  const row = await findEmployeeByExternalId(pool, rep);
  if (!row) return;
  const deps = { pool, now: () => now };
  for (const [employeeId, said] of [
    [row.id, "离目标还差多少？"],
    [row.managerId, "team"],
  ] as const) {
    if (employeeId === null) continue;
    const reply = await answer(deps, { employeeId, platform: "console", inGroup: false }, parseIntent(said));
    ctx.out("", `> ${said}`, renderText(reply.card, reply.locale).text);
  }
}

/** The HTTP service beside the console (Slack/Lark too when configured); the chat works without it. */
async function startDemoService(databaseUrl: string, ctx: CliContext): Promise<Service | undefined> {
  try {
    const env = loadEnv({
      REDIS_URL: LOCAL_REDIS_URL,
      LOG_LEVEL: "warn",
      ...process.env,
      DATABASE_URL: databaseUrl,
    });
    const service = await startService(env, { host: "127.0.0.1" });
    ctx.out(`service: ${service.url} (GET /readyz, /metrics; Slack/Lark when configured)`);
    return service;
  } catch (error) {
    ctx.err(`note: the HTTP service did not start (${(error as Error).message}); the terminal chat works without it`);
    return undefined;
  }
}
