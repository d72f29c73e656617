// `pacer jobs status` and `pacer jobs run <job> [--date YYYY-MM-DD | --period YYYY-MM]`: look at the
// scheduled jobs, and start a run by hand (e.g. a day missed while everything was down — runs older
// than today are never back-filled automatically). A run by hand goes through the same queue and
// the same deliveries table as a scheduled one, so it never sends anyone a second message.
import type { Command } from "commander";
import { Job } from "bullmq";
import { Redis } from "ioredis";
import { JOBS, findJob } from "../../../jobs/registry.ts";
import { openDatabase } from "../../db/client.ts";
import { loadWorkerConfig } from "../../worker/config.ts";
import { createQueues, type Queues } from "../../worker/queues.ts";
import { jobsStatus } from "../../worker/status.ts";
import { enqueueRun, manualPlan } from "../../worker/trigger.ts";
import { NoOrganizationError } from "../../store/kpi-inputs.ts";
import { CliError, type CliContext } from "../context.ts";

async function withQueues<T>(ctx: CliContext, fn: (queues: Queues, pool: import("pg").Pool) => Promise<T>): Promise<T> {
  const url = process.env.REDIS_URL;
  if (!url) throw new CliError("REDIS_URL is not set (e.g. redis://127.0.0.1:6379)");
  let config: ReturnType<typeof loadWorkerConfig>;
  try {
    config = loadWorkerConfig(process.env);
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  const connection = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: true });
  connection.on("error", () => {});
  await connection.connect().catch((error: Error) => {
    throw new CliError(`cannot connect to Redis at ${url}: ${error.message}`);
  });
  const queues = createQueues(connection, config);
  const database = openDatabase(ctx.databaseUrl(), { max: 2 });
  try {
    return await fn(queues, database.pool);
  } catch (error) {
    if (error instanceof NoOrganizationError || error instanceof RangeError) throw new CliError(error.message);
    throw error;
  } finally {
    await queues.close();
    connection.disconnect();
    await database.close();
  }
}

function localTime(iso: string | null, tz: string): string {
  if (!iso) return "-";
  return new Date(iso).toLocaleString("sv-SE", { timeZone: tz, hour12: false }).slice(0, 16);
}

export function registerJobs(program: Command, ctx: CliContext): void {
  const jobs = program.command("jobs").description("Scheduled jobs: daily progress, weekly leaderboards, month end");

  jobs
    .command("status")
    .description("Schedules and their next run, queue depth, the latest runs, today's deliveries")
    .option("--json", "print it as JSON")
    .action(async (opts: { json?: boolean }) => {
      await withQueues(ctx, async (queues, pool) => {
        const status = await jobsStatus(pool, queues, ctx.now());
        if (opts.json) return ctx.out(JSON.stringify(status, null, 1));
        const tz = status.timezone;
        ctx.out(`schedules (${tz}):`);
        if (status.schedules.length === 0) ctx.out("  none registered — is a worker running? (npm run worker)");
        for (const s of status.schedules)
          ctx.out(`  ${s.id.padEnd(28)} ${s.pattern.padEnd(12)} next ${localTime(s.next, tz)}`);
        ctx.out("queues:");
        for (const q of status.queues) {
          const c = q.counts;
          const paused = q.rateLimitedForMs > 0 ? `  rate-limited for ${Math.ceil(q.rateLimitedForMs / 1000)} s` : "";
          ctx.out(
            `  ${q.name.padEnd(14)} waiting ${c.waiting} active ${c.active} delayed ${c.delayed} waiting-children ${c["waiting-children"]} failed ${c.failed}${paused}`,
          );
        }
        ctx.out("latest runs:");
        if (status.runs.length === 0) ctx.out("  none yet");
        for (const r of status.runs)
          ctx.out(
            `  ${r.id.padEnd(36)} ${r.state.padEnd(16)} ${localTime(r.finishedAt, tz)}  ${r.failedReason ?? (r.result ? JSON.stringify(r.result) : "")}`,
          );
        ctx.out("deliveries today:");
        if (status.deliveriesToday.length === 0) ctx.out("  none");
        for (const d of status.deliveriesToday) ctx.out(`  ${d.kind.padEnd(20)} ${d.status.padEnd(8)} ${d.count}`);
      });
    });

  jobs
    .command("run")
    .description(`Start a run by hand (jobs: ${JOBS.map((j) => j.id).join(", ")}); waits until it is done`)
    .argument("<job>", "the job's id")
    .option("--date <YYYY-MM-DD>", "the local date to run for (default: today)")
    .option("--period <YYYY-MM>", "month jobs: the month to close or send the final cards of")
    .option("--no-wait", "return once the run is queued")
    .option("--timeout <seconds>", "give up waiting after this long", "600")
    .action(async (id: string, opts: { date?: string; period?: string; wait: boolean; timeout: string }) => {
      const definition = findJob(id);
      if (!definition) throw new CliError(`no job ${JSON.stringify(id)}; jobs: ${JOBS.map((j) => j.id).join(", ")}`);
      await withQueues(ctx, async (queues, pool) => {
        const plan = await manualPlan(pool, definition, {
          ...(opts.date ? { date: opts.date } : {}),
          ...(opts.period ? { period: opts.period } : {}),
          now: ctx.now(),
        });
        if ("skip" in plan) return ctx.out(`no run: ${plan.skip}`);
        const { runId, created } = await enqueueRun(queues.runs, definition, plan);
        const existing = created ? undefined : await Job.fromId(queues.runs, runId);
        const state = existing ? await existing.getState() : "waiting";
        if (existing && state === "failed") {
          await existing.retry();
          ctx.out(`${runId}: failed before; retrying it`);
        } else if (existing && state === "completed") {
          // Nothing to do: the deliveries table would send nobody anything anyway.
          return ctx.out(`${runId}: already ran: ${JSON.stringify(existing.returnvalue)}`);
        } else ctx.out(created ? `${runId}: queued` : `${runId}: already ${state}`);
        if (!opts.wait) return;
        const deadline = Date.now() + Number(opts.timeout) * 1000;
        for (;;) {
          // The state first, then the job: a job read before it finished has no result on it yet.
          const now = await queues.runs.getJobState(runId);
          if (now === "completed" || now === "failed") {
            const job = (await Job.fromId(queues.runs, runId))!;
            if (now === "completed") return ctx.out(`${runId}: done: ${JSON.stringify(job.returnvalue)}`);
            throw new CliError(`${runId} failed: ${job.failedReason}`);
          }
          if (Date.now() > deadline)
            throw new CliError(
              `${runId} is still ${now} after ${opts.timeout} s — is a worker running? (npm run worker)`,
            );
          await new Promise((r) => setTimeout(r, 250));
        }
      });
    });
}
