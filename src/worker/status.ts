// What `pacer jobs status` shows: the schedules and their next firing (local time), each queue's
// depth and whether it is paused by a rate limit, the latest runs with their results, and today's
// deliveries by kind and status.
import { getNextMillis } from "bullmq";
import type pg from "pg";
import { TRIGGER_JOB } from "./register-schedules.ts";
import { localDate } from "../kpi/period.ts";
import { deliveryCountsSince } from "../store/deliveries.ts";
import { loadOrganization } from "../store/kpi-inputs.ts";
import { localInstant } from "./schedule-time.ts";
import type { Queues } from "./queues.ts";

export interface JobsStatus {
  timezone: string;
  schedules: { id: string; pattern: string; tz: string; next: string | null }[];
  queues: { name: string; counts: Record<string, number>; rateLimitedForMs: number }[];
  runs: {
    id: string;
    job: string;
    state: string;
    finishedAt: string | null;
    result: unknown;
    failedReason: string | null;
  }[];
  deliveriesToday: { kind: string; status: string; count: number }[];
}

/**
 * `now`: the business clock (PACER_NOW or the real time). Each schedule's next firing is computed
 * from it and its pattern, not read from Redis, where BullMQ stamped it with the wall clock at
 * registration: so the answer (and its order) depends on the clock given, not on the time of day.
 * "Today's deliveries" are those stamped since local midnight of `now`'s date.
 */
export async function jobsStatus(
  pool: pg.Pool,
  queues: Queues,
  now: Date = new Date(),
  options: { runs?: number } = {},
): Promise<JobsStatus> {
  const { timezone } = await loadOrganization(pool);
  const schedulers = await queues.runs.getJobSchedulers(0, -1, true);
  const queueList = [queues.runs, queues.deliver.slack, queues.deliver.lark];
  const depth = await Promise.all(
    queueList.map(async (q) => ({
      name: q.name,
      counts: await q.getJobCounts("waiting", "active", "delayed", "waiting-children", "failed", "completed"),
      rateLimitedForMs: Math.max(0, await q.getRateLimitTtl()),
    })),
  );
  const jobs = await queues.runs.getJobs(["active", "waiting", "waiting-children", "completed", "failed"], 0, 200);
  const runs = await Promise.all(
    jobs
      .filter((j) => j.name !== TRIGGER_JOB)
      .sort((a, b) => (b.finishedOn ?? b.timestamp) - (a.finishedOn ?? a.timestamp))
      .slice(0, options.runs ?? 10)
      .map(async (j) => ({
        id: j.id!,
        job: j.name,
        state: await j.getState(),
        finishedAt: j.finishedOn ? new Date(j.finishedOn).toISOString() : null,
        result: j.returnvalue ?? null,
        failedReason: j.failedReason || null,
      })),
  );
  const since = localInstant(localDate(now, timezone), "00:00", timezone);
  const deliveriesToday = await deliveryCountsSince(pool, since);
  return {
    timezone,
    schedules: schedulers
      .map((s) => {
        const next = s.pattern ? getNextMillis(now.getTime(), { pattern: s.pattern, tz: s.tz ?? timezone }) : s.next;
        return {
          id: s.key,
          pattern: s.pattern ?? "",
          tz: s.tz ?? "",
          next: next ? new Date(next).toISOString() : null,
        };
      })
      // Soonest first; simultaneous firings by id, so the order never depends on Redis' insertion.
      .sort((a, b) => (a.next ?? "~").localeCompare(b.next ?? "~") || a.id.localeCompare(b.id)),
    queues: depth,
    runs,
    deliveriesToday,
  };
}
