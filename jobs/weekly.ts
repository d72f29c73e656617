// What the weekly jobs (receivables, weekly leaderboard) share: one run per ISO week, on the week's
// first working day (Monday; the next working day when Monday is a holiday), identified by the week
// and the schedule slot that fired.
import { z } from "zod";
import { firstWorkingDayOfWeek, isoWeek, slotId } from "../src/worker/schedule-time.ts";
import type { Plan, PlanInput } from "./define.ts";

export const weeklyPayload = z
  .object({
    /** ISO week, e.g. "2026-W42": part of every delivery key, so the week gets one message each. */
    week: z.string().regex(/^\d{4}-W\d{2}$/),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    slot: z.string().regex(/^(\d{2}:\d{2}|all)$/),
    asOf: z.string().datetime({ offset: true }),
  })
  .strict();

export type WeeklyPayload = z.output<typeof weeklyPayload>;

/** The run `jobId` makes for this week, or why not today. */
export function planWeekly(
  jobId: string,
  { date, slot, asOf, calendar, manual }: PlanInput<unknown>,
): Plan<WeeklyPayload> {
  // By hand it runs for the week of the date given, whatever the day.
  if (!manual && firstWorkingDayOfWeek(calendar, date) !== date)
    return { skip: `${date} is not the first working day of its week` };
  const week = isoWeek(date);
  return {
    runId: `${jobId}.${week}.${slot === "all" ? "all" : slotId(slot)}`,
    payload: { week, date, slot, asOf: asOf.toISOString() },
  };
}
