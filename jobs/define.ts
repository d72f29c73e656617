// What a scheduled job is — one file per job in jobs/, listed in jobs/registry.ts:
//   id        stable name: the BullMQ job name, the prefix of its run ids and of `pacer jobs run <id>`
//   payload   zod schema of a run's data — checked when a run is enqueued and again when it starts
//   settings  the settings keys it reads, each with its schema and its value when unset
//   schedule  the local times it fires at (from its settings), in the organization's time zone
//   plan      given the local date a trigger fired (or an operator asked for), whether to run and
//             under which deterministic run id — the id is what makes a second trigger a no-op
//   run       does the work, or selects the recipients (one delivery each, with the content its card
//             is built from when sent) which the worker fans out (src/worker/fan-out.ts)
//   messages  the kinds of content its deliveries carry: each one's zod schema and how its card is
//             built (with a builder from cards/) when the message is sent
import type pg from "pg";
import type { z } from "zod";
import type { Card } from "../cards/model.ts";
import type { WorkingCalendar } from "../src/calendar/calendar.ts";
import type { LocalDate } from "../src/kpi/period.ts";
import type { Logger } from "../src/log.ts";
import type { FileMessage } from "../src/outgoing-file.ts";
import type { PlatformName } from "../src/platform.ts";
import type { Contact } from "../src/store/jobs.ts";
import type { OrganizationInfo } from "../src/store/kpi-inputs.ts";
import type { DeliveryContent, DeliveryPayload } from "../src/worker/delivery-payload.ts";
import type { SettingSpecs } from "../src/worker/settings-spec.ts";

export interface JobContext<S> {
  /** The run's id (from its plan): the same for a retry of the run, distinct for every other run. */
  runId: string;
  pool: pg.Pool;
  log: Logger;
  /** The business clock (PACER_NOW or the real time). */
  now: () => Date;
  /** Platforms Pacer can send on. */
  platforms: readonly PlatformName[];
  /** The job's settings, read when the run started. */
  settings: S;
}

export interface PlanInput<S> {
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
  settings: S;
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

export interface ScheduleSpec<S> {
  /** Every local time ("HH:MM") the job fires at under these settings. */
  times(settings: S): string[];
  /** Only on this day of the month (e.g. 1); every day when absent. */
  dayOfMonth?: number;
  /** Sends messages: a firing missed while down is caught up only until 12:00 local that day. */
  sends: boolean;
}

/** What a message's card is built from when it is sent. */
export interface MessageContext {
  pool: pg.Pool;
  org: OrganizationInfo;
  /** The person it goes to (null: a channel). */
  contact: Contact | null;
}

/** The card (or the file) to send, or why nothing is sent (the data no longer calls for it). */
export type BuiltCard = { card: Card } | { file: FileMessage } | { skip: string };

export interface MessageSpec<C, I = C> {
  /** The content a delivery carries (`type` is the message's key in `messages`): checked at fan-out and at send time. */
  content: z.ZodType<C>;
  /** A delivery's content of this kind, type-checked where the job's `run` writes it. */
  of(content: I): DeliveryContent;
  /** Builds the card (or file) with the data as it is at send time (the content's as-of instant decides the figures). */
  build(ctx: MessageContext, content: C): Promise<BuiltCard>;
}

/** A message kind, its content types taken from its schema. */
export function defineMessage<Z extends z.ZodType>(
  content: Z,
  build: (ctx: MessageContext, content: z.output<Z>) => Promise<BuiltCard>,
): MessageSpec<z.output<Z>, z.input<Z>> {
  return { content: content as z.ZodType<z.output<Z>>, of: (c) => c as DeliveryContent, build };
}

export interface JobDefinition<P, S> {
  id: string;
  name: string;
  payload: z.ZodType<P>;
  settings: SettingSpecs<S>;
  schedule: ScheduleSpec<S>;
  plan(input: PlanInput<S>): Plan<P>;
  run(ctx: JobContext<S>, payload: P): Promise<RunOutcome>;
  /** Content type → message kind (none: the job sends nothing). */
  messages: Readonly<Record<string, MessageSpec<unknown>>>;
}

/** A job of the registry, whatever its payload and settings (the worker checks both with their schemas). */
export type AnyJob = JobDefinition<unknown, unknown>;

/** A job definition, its payload type taken from its payload schema. */
export function defineJob<Z extends z.ZodType, S>(
  definition: Omit<JobDefinition<z.output<Z>, S>, "payload"> & { payload: Z },
): JobDefinition<z.output<Z>, S> {
  if (!/^[a-z][a-z0-9-]*$/.test(definition.id))
    throw new Error(`job id must be lower-case words joined by "-": ${definition.id}`);
  // A schema of type Z parses to z.output<Z>: TS cannot see that through the generic.
  return definition as JobDefinition<z.output<Z>, S>;
}
