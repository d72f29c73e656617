// Next month's targets: on the last working day of the month (by the organization's calendar) at
// `schedule.monthTargets` time, each active manager gets, per team they manage, the card of every
// member's targets for next month — the suggestion from their own history beside this month's
// target and actual — to accept all or edit one (the same card as "设目标" in chat). One message per
// manager, team and month (the delivery key); built at send time, so targets set since show.
import { z } from "zod";
import { teamTargetsCard } from "../src/chat/answers/targets.ts";
import { addPeriods, periodOfLocalDate } from "../src/kpi/period.ts";
import { targetCardRecipients } from "../src/store/targets.ts";
import { slotId } from "../src/worker/schedule-time.ts";
import { timeOfDay } from "../src/worker/settings-spec.ts";
import { type DeliverySpec, defineJob, defineMessage } from "./define.ts";

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);

export const monthTargetsPayload = z
  .object({
    /** The month the targets are for (the one after the run's date). */
    period: month,
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    slot: z.string().regex(/^(\d{2}:\d{2}|all)$/),
    asOf: z.string().datetime({ offset: true }),
  })
  .strict();

const monthTargetsSchedule = z.object({ time: timeOfDay.default("10:00") }).strict();

const monthTargetsMessage = defineMessage(
  z.object({
    type: z.literal("month-targets"),
    teamId: z.number().int(),
    period: month,
    asOf: z.string().datetime({ offset: true }),
  }),
  async ({ pool, org }, content) => {
    const card = await teamTargetsCard(pool, org, content.teamId, content.period, new Date(content.asOf));
    return card ? { card } : { skip: "the team is gone" };
  },
);

export const monthTargetsJob = defineJob({
  id: "month-targets",
  name: "Next month's targets",
  payload: monthTargetsPayload,
  settings: { "schedule.monthTargets": { schema: monthTargetsSchedule, unset: {} } },
  messages: { "month-targets": monthTargetsMessage },
  schedule: { times: (s) => [s["schedule.monthTargets"].time], sends: true },
  plan({ date, slot, asOf, calendar, manual }) {
    const running = periodOfLocalDate(date);
    // By hand it runs for the month after the date given, whatever the day.
    if (!manual && calendar.workingDatesInPeriod(running).at(-1) !== date)
      return { skip: `${date} is not the last working day of ${running}` };
    const period = addPeriods(running, 1);
    return {
      runId: `month-targets.${period}.${slot === "all" ? "all" : slotId(slot)}`,
      payload: { period, date, slot, asOf: asOf.toISOString() },
    };
  },
  // The recipients: each team's active manager (a team with nobody on a plan has nothing to set).
  async run(ctx, payload) {
    const recipients = await targetCardRecipients(ctx.pool);
    const deliveries = recipients.map(
      (r): DeliverySpec => ({
        key: `month-targets:e${r.managerId}.t${r.teamId}:${payload.period}`,
        kind: "month-targets",
        recipient: `e${r.managerId}.t${r.teamId}`,
        to: { type: "person", employeeId: r.managerId, audience: "active" },
        content: monthTargetsMessage.of({
          type: "month-targets",
          teamId: r.teamId,
          period: payload.period,
          asOf: payload.asOf,
        }),
      }),
    );
    return { deliveries, result: { period: payload.period, teams: recipients.length } };
  },
});
