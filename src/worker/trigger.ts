// From a schedule's firing (or an operator's `pacer jobs run`) to a run: the job's plan says
// whether the day calls for a run (working day, first working day of the week, …) and under which
// deterministic id; adding a run whose id exists is a no-op, so two triggers of the same run —
// two workers, a retry, a manual run after the scheduled one — make one run.
import type { Job, Queue } from "bullmq";
import type pg from "pg";
import type { AnyJob, Plan } from "../../jobs/define.ts";
import { findJob } from "../../jobs/registry.ts";
import { triggerDataSchema } from "./register-schedules.ts";
import { firstLocalDay, isLocalDate, localDate, nextPeriod, type LocalDate } from "../kpi/period.ts";
import type { Logger } from "../log.ts";
import { loadWorkingCalendar } from "../store/calendar.ts";
import { loadOrganization } from "../store/kpi-inputs.ts";
import { catchUpDeadline, localInstant } from "./schedule-time.ts";
import { loadSettings } from "./settings-spec.ts";

export interface TriggerDeps {
  pool: pg.Pool;
  runs: Queue;
  log: Logger;
  /** The business clock (PACER_NOW or the real time). */
  now: () => Date;
  /** PACER_NOW is set: "today" comes from it, not from the firing. */
  businessClockFixed: boolean;
  /** The real clock (catch-up deadlines are real time). */
  realNow?: () => number;
}

export type TriggerResult = { runId: string; created: boolean } | { skipped: string };

/** The instant a scheduler meant this job to fire (its id is `repeat:<scheduler>:<millis>`). */
export function fireTimeOf(job: Pick<Job, "id" | "timestamp" | "delay">): Date {
  const millis = Number(/^repeat:.+:(\d+)$/.exec(job.id ?? "")?.[1]);
  return new Date(Number.isFinite(millis) ? millis : job.timestamp + (job.delay ?? 0));
}

export async function handleTrigger(deps: TriggerDeps, job: Job): Promise<TriggerResult> {
  const data = triggerDataSchema.parse(job.data);
  const definition = findJob(data.job);
  if (!definition) return { skipped: `no job ${data.job} (a schedule left by an older version)` };
  const { timezone } = await loadOrganization(deps.pool);
  const fireAt = fireTimeOf(job);
  const realNow = deps.realNow?.() ?? Date.now();
  if (definition.schedule.sends && realNow > catchUpDeadline(fireAt, timezone).getTime()) {
    // docs/DELIVERY.md "Schedules, triggers, catch-up": a run missed while down is caught up until 12:00 local the same day, never later.
    deps.log.warn(
      { job: data.job, slot: data.slot, fireAt: fireAt.toISOString() },
      "missed run not caught up (too late); use `pacer jobs run` to send it by hand",
    );
    return { skipped: `fired at ${fireAt.toISOString()}, too late to catch up` };
  }
  const date = localDate(deps.businessClockFixed ? deps.now() : fireAt, timezone);
  const plan = await planRun(deps.pool, definition, { date, slot: data.slot, asOf: deps.now(), manual: false });
  if ("skip" in plan) {
    deps.log.info({ job: data.job, date, slot: data.slot, reason: plan.skip }, "no run today");
    return { skipped: plan.skip };
  }
  return enqueueRun(deps.runs, definition, plan);
}

export async function planRun(
  pool: pg.Pool,
  definition: AnyJob,
  input: { date: LocalDate; slot: string; asOf: Date; manual: boolean },
): Promise<Plan<unknown>> {
  const org = await loadOrganization(pool);
  const [calendar, settings] = await Promise.all([
    loadWorkingCalendar(pool, org.calendarSource),
    loadSettings(pool, definition.settings),
  ]);
  return definition.plan({ ...input, tz: org.timezone, calendar, settings });
}

export async function enqueueRun(
  runs: Queue,
  definition: AnyJob,
  plan: { runId: string; payload: unknown },
): Promise<{ runId: string; created: boolean }> {
  const payload = definition.payload.parse(plan.payload);
  const existing = await runs.getJob(plan.runId);
  if (existing) return { runId: plan.runId, created: false };
  await runs.add(definition.id, { payload }, { jobId: plan.runId });
  return { runId: plan.runId, created: true };
}

/**
 * A run by hand: `date` (default: the business today), or for month jobs `period` (the month the
 * run is about). Figures are as of now for today, else as of the schedule's time that day.
 */
export async function manualPlan(
  pool: pg.Pool,
  definition: AnyJob,
  options: { date?: string; period?: string; now: Date },
): Promise<Plan<unknown>> {
  const { timezone } = await loadOrganization(pool);
  const settings = await loadSettings(pool, definition.settings);
  const today = localDate(options.now, timezone);
  let date: LocalDate = today;
  if (options.period) {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(options.period))
      throw new RangeError(`--period must be YYYY-MM, got ${options.period}`);
    // Month jobs are planned from a date in the month after the one they are about.
    date = firstLocalDay(nextPeriod(options.period));
  } else if (options.date) {
    if (!isLocalDate(options.date)) throw new RangeError(`--date must be YYYY-MM-DD, got ${options.date}`);
    date = options.date;
  }
  if (date > today && !options.period) throw new RangeError(`${date} is in the future`);
  const time = definition.schedule.times(settings)[0] ?? "09:00";
  const asOf = date === today || options.period ? options.now : localInstant(date, time, timezone);
  return planRun(pool, definition, { date, slot: "all", asOf, manual: true });
}
