// Registers every job's schedule with BullMQ Job Schedulers, in the organization's time zone.
// Run at every worker start (and periodically, to pick up changed settings); idempotent: an
// unchanged schedule is left alone — so a firing that is due but not yet processed (the worker was
// down at 09:00) keeps its place — a changed one is upserted, and one no longer wanted is removed.
//
// One scheduler per job and local time: `daily-progress@0900`, `daily-progress@0830` (a team with
// its own time), … Each fires a "trigger" job; the trigger decides whether and what to run
// (trigger.ts). Starting the worker therefore never sends anything by itself: the first
// firing of a new scheduler is its next local time.
import type { Queue } from "bullmq";
import type pg from "pg";
import { z } from "zod";
import type { Logger } from "../log.ts";
import { cronPattern, slotId } from "./schedule-time.ts";
import { loadSettings } from "./settings-spec.ts";
import { loadOrganization } from "../store/kpi-inputs.ts";
import { JOBS } from "../../jobs/registry.ts";

export const TRIGGER_JOB = "trigger";

export const triggerDataSchema = z.object({ job: z.string(), slot: z.string().regex(/^\d{2}:\d{2}$/) }).strict();
export type TriggerData = z.output<typeof triggerDataSchema>;

export interface DesiredSchedule {
  id: string;
  pattern: string;
  tz: string;
  data: TriggerData;
}

export async function desiredSchedules(pool: pg.Pool): Promise<DesiredSchedule[]> {
  const { timezone } = await loadOrganization(pool);
  const out: DesiredSchedule[] = [];
  for (const job of JOBS) {
    const settings = await loadSettings(pool, job.settings);
    for (const time of [...new Set(job.schedule.times(settings))].sort())
      out.push({
        id: `${job.id}@${slotId(time)}`,
        pattern: cronPattern(time, job.schedule.dayOfMonth),
        tz: timezone,
        data: { job: job.id, slot: time },
      });
  }
  return out;
}

export interface SyncResult {
  upserted: string[];
  unchanged: string[];
  removed: string[];
}

export async function syncSchedules(queue: Queue, pool: pg.Pool, log?: Logger): Promise<SyncResult> {
  const desired = await desiredSchedules(pool);
  const existing = await queue.getJobSchedulers(0, -1, true);
  const byId = new Map(existing.map((s) => [s.key, s]));
  const result: SyncResult = { upserted: [], unchanged: [], removed: [] };
  const ours = new Set(JOBS.map((j) => j.id));
  for (const s of existing) {
    const owner = s.key.split("@")[0]!;
    if (ours.has(owner) && !desired.some((d) => d.id === s.key)) {
      await queue.removeJobScheduler(s.key);
      result.removed.push(s.key);
    }
  }
  for (const d of desired) {
    const current = byId.get(d.id);
    if (
      current &&
      current.pattern === d.pattern &&
      current.tz === d.tz &&
      JSON.stringify(current.template?.data) === JSON.stringify(d.data)
    ) {
      result.unchanged.push(d.id);
      continue;
    }
    await queue.upsertJobScheduler(
      d.id,
      { pattern: d.pattern, tz: d.tz },
      {
        name: TRIGGER_JOB,
        data: d.data,
        opts: {
          attempts: 3,
          backoff: { type: "exponential", delay: 5000 },
          removeOnComplete: { count: 1000 },
          removeOnFail: { count: 1000 },
        },
      },
    );
    result.upserted.push(d.id);
  }
  if (result.upserted.length || result.removed.length) log?.info(result, "job schedules registered");
  return result;
}
