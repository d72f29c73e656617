// Daily progress: every active salesperson gets their progress card at their team's time (09:00
// local by default) on working days — never on holidays or weekends (China's adjusted Saturday
// workdays count as working days), never to people who left, are on leave or said "stop daily".
import { z } from "zod";
import { slotId } from "../src/worker/schedule-time.ts";
import { defineJob } from "./define.ts";

export const dailyProgressPayload = z
  .object({
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    /** "09:00": the teams whose daily time this is; "all": every team (a run by hand). */
    slot: z.string().regex(/^(\d{2}:\d{2}|all)$/),
    asOf: z.string().datetime({ offset: true }),
  })
  .strict();

export type DailyProgressPayload = z.output<typeof dailyProgressPayload>;

export const dailyProgressJob = defineJob<DailyProgressPayload>({
  id: "daily-progress",
  name: "Daily progress",
  payload: dailyProgressPayload,
  schedule: {
    times: (s) => [s.daily.time, ...Object.values(s.daily.teams)],
    sends: true,
  },
  plan({ date, slot, asOf, calendar }) {
    const day = calendar.dayInfo(date);
    if (!day.working) return { skip: `${date} is not a working day (${day.nameEn ?? day.name ?? day.kind})` };
    return {
      runId: `daily-progress.${date}.${slot === "all" ? "all" : slotId(slot)}`,
      payload: { date, slot, asOf: asOf.toISOString() },
    };
  },
  handler: async () => (await import("../src/jobs/handlers/daily-progress.ts")).handler,
});
