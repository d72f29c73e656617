// Daily progress: every active salesperson gets their progress card at their team's time (09:00
// local by default) on working days — never on holidays or weekends (China's adjusted Saturday
// workdays count as working days), never to people who left, are on leave or said "stop daily".
import { z } from "zod";
import { progressCard } from "../cards/builders/progress.ts";
import { progressFor } from "../src/services/progress.ts";
import { recommendCourse } from "../src/services/recommend.ts";
import { dailyRecipients } from "../src/store/jobs.ts";
import { slotId } from "../src/worker/schedule-time.ts";
import { perTeamTimes, teamTime, timeOfDay } from "../src/worker/settings-spec.ts";
import { type DeliverySpec, defineJob, defineMessage } from "./define.ts";

export const dailyProgressPayload = z
  .object({
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    /** "09:00": the teams whose daily time this is; "all": every team (a run by hand). */
    slot: z.string().regex(/^(\d{2}:\d{2}|all)$/),
    asOf: z.string().datetime({ offset: true }),
  })
  .strict();

export type DailyProgressPayload = z.output<typeof dailyProgressPayload>;

/** The organization's time, and teams that get it at another time. */
const dailySchedule = z.object({ time: timeOfDay.default("09:00"), teams: perTeamTimes.default({}) }).strict();

/** The person's progress card as of `asOf`. */
const progressMessage = defineMessage(
  z.object({ type: z.literal("progress"), asOf: z.string().datetime({ offset: true }) }),
  async ({ pool, contact }, content) => {
    if (!contact) return { skip: "a progress card needs a person" };
    const p = await progressFor(pool, contact.externalId, new Date(content.asOf));
    const recommendation = p.weakest ? await recommendCourse(pool, p.weakest.metric).catch(() => null) : null;
    return { card: progressCard(p, { recommendation, viewer: "self", showButtons: true }) };
  },
);

export const dailyProgressJob = defineJob({
  id: "daily-progress",
  name: "Daily progress",
  payload: dailyProgressPayload,
  settings: { "schedule.daily": { schema: dailySchedule, unset: {} } },
  messages: { progress: progressMessage },
  schedule: {
    times: (s) => [s["schedule.daily"].time, ...Object.values(s["schedule.daily"].teams)],
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
  // The recipients: active salespeople with a KPI plan who have not muted the daily message, in
  // the teams whose daily time is this run's slot. Each gets their progress card as of the run.
  async run(ctx, payload) {
    const schedule = ctx.settings["schedule.daily"];
    const people = (await dailyRecipients(ctx.pool)).filter(
      (p) => payload.slot === "all" || teamTime(schedule, p.team) === payload.slot,
    );
    const deliveries: DeliverySpec[] = people.map((p) => ({
      key: `daily-progress:e${p.id}:${payload.date}`,
      kind: "daily-progress",
      recipient: `e${p.id}`,
      to: { type: "person", employeeId: p.id, audience: "daily" },
      content: progressMessage.of({ type: "progress", asOf: payload.asOf }),
    }));
    return { deliveries, result: { date: payload.date, slot: payload.slot, recipients: deliveries.length } };
  },
});
