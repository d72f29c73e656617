// Month end: on the first working day of the month at 09:00 local, each salesperson gets their
// final card of the closed month and each manager their team's report. The month is closed first
// if the 02:00 close did not run; when data changed after the close, nothing is sent and the
// admins are asked to re-close (the cards must show what people are paid on).
import { z } from "zod";
import { firstWorkingDayOfMonth } from "../src/worker/schedule-time.ts";
import { periodOfLocalDate, previousPeriod } from "../src/kpi/period.ts";
import { defineJob } from "./define.ts";

export const monthEndPayload = z
  .object({
    period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
    /** When the cards were triggered (the admin notice's as-of). */
    asOf: z.string().datetime({ offset: true }),
  })
  .strict();

export type MonthEndPayload = z.output<typeof monthEndPayload>;

export const monthEndJob = defineJob<MonthEndPayload>({
  id: "month-end",
  name: "Month-end final cards",
  payload: monthEndPayload,
  schedule: { times: (s) => [s.monthEnd.time], sends: true },
  plan({ date, asOf, calendar, manual }) {
    const month = periodOfLocalDate(date);
    if (!manual && firstWorkingDayOfMonth(calendar, month) !== date)
      return { skip: `${date} is not the first working day of ${month}` };
    const period = previousPeriod(month);
    return { runId: `month-end.${period}`, payload: { period, asOf: asOf.toISOString() } };
  },
  handler: async () => (await import("../src/jobs/handlers/month-end.ts")).handler,
});
