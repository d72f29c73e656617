// Weekly leaderboard: on the first working day of the week (Monday; the next working day when
// Monday is a holiday) at the team's time, each team's manager gets the full leaderboard by DM, and
// a team channel configured in `leaderboard.channels` gets the privacy view (top N, never the
// bottom rank — or only the team goal).
import { z } from "zod";
import { firstWorkingDayOfWeek, isoWeek, slotId } from "../src/worker/schedule-time.ts";
import { defineJob } from "./define.ts";

export const weeklyLeaderboardPayload = z
  .object({
    /** ISO week, e.g. "2026-W42": part of every delivery key, so the week gets one message each. */
    week: z.string().regex(/^\d{4}-W\d{2}$/),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    slot: z.string().regex(/^(\d{2}:\d{2}|all)$/),
    asOf: z.string().datetime({ offset: true }),
  })
  .strict();

export type WeeklyLeaderboardPayload = z.output<typeof weeklyLeaderboardPayload>;

export const weeklyLeaderboardJob = defineJob<WeeklyLeaderboardPayload>({
  id: "weekly-leaderboard",
  name: "Weekly leaderboard",
  payload: weeklyLeaderboardPayload,
  schedule: {
    times: (s) => [s.weekly.time, ...Object.values(s.weekly.teams)],
    sends: true,
  },
  plan({ date, slot, asOf, calendar, manual }) {
    // By hand it runs for the week of the date given, whatever the day.
    if (!manual && firstWorkingDayOfWeek(calendar, date) !== date)
      return { skip: `${date} is not the first working day of its week` };
    const week = isoWeek(date);
    return {
      runId: `weekly-leaderboard.${week}.${slot === "all" ? "all" : slotId(slot)}`,
      payload: { week, date, slot, asOf: asOf.toISOString() },
    };
  },
  handler: async () => (await import("../src/jobs/handlers/weekly-leaderboard.ts")).handler,
});
