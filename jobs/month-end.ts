// Month end: on the first working day of the month at 09:00 local, each salesperson gets their
// final card of the closed month and each manager their team's report. The month is closed first
// if the 02:00 close did not run; when data changed after the close, nothing is sent and the
// admins are asked to re-close (the cards must show what people are paid on).
import { z } from "zod";
import { periodOfLocalDate, previousPeriod } from "../src/kpi/period.ts";
import { closeMonth } from "../src/services/month-close.ts";
import { monthEndRecipients } from "../src/store/jobs.ts";
import { firstWorkingDayOfMonth } from "../src/worker/schedule-time.ts";
import { timeOfDay } from "../src/worker/settings-spec.ts";
import { type DeliverySpec, defineJob } from "./define.ts";

export const monthEndPayload = z
  .object({
    period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
    /** When the cards were triggered (the admin notice's as-of). */
    asOf: z.string().datetime({ offset: true }),
  })
  .strict();

export type MonthEndPayload = z.output<typeof monthEndPayload>;

/** Final cards and team reports, on the first working day of the month. */
const monthEndSchedule = z.object({ time: timeOfDay.default("09:00") }).strict();

export const monthEndJob = defineJob({
  id: "month-end",
  name: "Month-end final cards",
  payload: monthEndPayload,
  settings: { "schedule.monthEnd": { schema: monthEndSchedule, unset: {} } },
  schedule: { times: (s) => [s["schedule.monthEnd"].time], sends: true },
  plan({ date, asOf, calendar, manual }) {
    const month = periodOfLocalDate(date);
    if (!manual && firstWorkingDayOfMonth(calendar, month) !== date)
      return { skip: `${date} is not the first working day of ${month}` };
    const period = previousPeriod(month);
    return { runId: `month-end.${period}`, payload: { period, asOf: asOf.toISOString() } };
  },
  // Close the month if the 02:00 close did not happen, then each active salesperson of the
  // snapshot gets their final card and each team's active manager the team report. When data
  // changed after the close, nothing goes out: the cards would disagree with the snapshot people
  // are paid on, so the admins are asked to re-close and run it again.
  async run(ctx, payload) {
    const { period } = payload;
    const close = await closeMonth(ctx.pool, period, { actor: "jobs:month-end" });
    if (close.stale)
      return {
        result: { period, version: close.version, held: "data changed after the close" },
        notes: [
          `${period}: data changed after the month was closed (version ${close.version}), so no final cards were sent. ` +
            `Re-close it (pacer close-month ${period} --reclose --reason "…"), then send them with: pacer jobs run month-end --period ${period}`,
        ],
      };
    const { people, teams } = await monthEndRecipients(ctx.pool, period, close.version);
    const deliveries: DeliverySpec[] = [];
    for (const id of people)
      deliveries.push({
        key: `month-end-card:e${id}:${period}`,
        kind: "month-end-card",
        recipient: `e${id}`,
        to: { type: "person", employeeId: id, audience: "active" },
        content: { type: "final", period, version: close.version },
      });
    for (const t of teams)
      deliveries.push({
        key: `month-end-report:e${t.managerId}.t${t.teamId}:${period}`,
        kind: "month-end-report",
        recipient: `e${t.managerId}.t${t.teamId}`,
        to: { type: "person", employeeId: t.managerId, audience: "active" },
        content: { type: "team-report", teamId: t.teamId, period, version: close.version },
      });
    return {
      deliveries,
      result: { period, version: close.version, closed: close.status, recipients: deliveries.length },
    };
  },
});
