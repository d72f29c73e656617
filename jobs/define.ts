// What a scheduled job is (one definition per file in jobs/, listed in jobs/registry.ts):
//   id        stable name: the BullMQ job name, the prefix of its run ids and of `pacer jobs run <id>`
//   payload   zod schema of a run's data — checked when a run is enqueued and again when it starts
//   schedule  the local times it fires at (from settings), in the organization's time zone
//   plan      given the local date a trigger fired (or an operator asked for), whether to run and
//             under which deterministic run id — the id is what makes a second trigger a no-op
//   handler   lazily loaded (the worker loads a job's code only when it runs it): does the work,
//             or selects the recipients, one delivery each, which the runner fans out
import type pg from "pg";
import type { z } from "zod";
import type { WorkingCalendar } from "../src/calendar/calendar.ts";
import type { LocalDate } from "../src/kpi/period.ts";
import type { Logger } from "../src/log.ts";
import type { Platform } from "../src/worker/send-message.ts";
import type { JobSettings } from "../src/worker/job-settings.ts";
import type { DeliveryPayload } from "../src/worker/delivery-payload.ts";

export interface JobContext {
  pool: pg.Pool;
  log: Logger;
  /** The business clock (PACER_NOW or the real time). */
  now: () => Date;
  /** Platforms Pacer can send on. */
  platforms: readonly Platform[];
}

export interface PlanInput {
  /** The organization's local date the run is for. */
  date: LocalDate;
  /** The schedule slot ("09:00") that fired, or "all" for a run started by hand. */
  slot: string;
  /** When the run's figures are taken (as-of instant). */
  asOf: Date;
  /** Started with `pacer jobs run` (an operator's explicit choice) rather than by the schedule. */
  manual: boolean;
  tz: string;
  calendar: WorkingCalendar;
  settings: JobSettings;
}

export type Plan<P> = { runId: string; payload: P } | { skip: string };

/** One message to fan out: a child job (queued on the platform it will most likely go out on). */
export type DeliverySpec = Omit<DeliveryPayload, "runId">;

export type RunOutcome = {
  /** What `pacer jobs status` shows about the run. */
  result: Record<string, unknown>;
  /** Messages to send, one child job each (none: the work is done). */
  deliveries?: DeliverySpec[];
  /** Something the admins must hear about (sent to them once, with what could not be delivered). */
  notes?: string[];
};

export interface JobHandler<P> {
  run(ctx: JobContext, payload: P): Promise<RunOutcome>;
}

export interface ScheduleSpec {
  /** Every local time ("HH:MM") the job fires at under these settings. */
  times(settings: JobSettings): string[];
  /** Only on this day of the month (e.g. 1); every day when absent. */
  dayOfMonth?: number;
  /** Sends messages: a firing missed while down is caught up only until 12:00 local that day. */
  sends: boolean;
}

export interface JobDefinition<P = unknown> {
  id: string;
  name: string;
  payload: z.ZodType<P>;
  schedule: ScheduleSpec;
  plan(input: PlanInput): Plan<P>;
  handler(): Promise<JobHandler<P>>;
}

export function defineJob<P>(definition: JobDefinition<P>): JobDefinition<P> {
  if (!/^[a-z][a-z0-9-]*$/.test(definition.id))
    throw new Error(`job id must be lower-case words joined by "-": ${definition.id}`);
  return definition;
}
