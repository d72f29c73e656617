// Month close: at 02:00 local on the 1st, freeze the previous month's results (closeMonth is
// idempotent and takes a lock per period, so two workers — or a retry — close it once).
// Sends nothing, so a firing missed while down is still run when the worker is back.
import { z } from "zod";
import { periodOfLocalDate, previousPeriod } from "../src/kpi/period.ts";
import { defineJob } from "./define.ts";

export const monthClosePayload = z.object({ period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/) }).strict();

export type MonthClosePayload = z.output<typeof monthClosePayload>;

export const monthCloseJob = defineJob<MonthClosePayload>({
  id: "month-close",
  name: "Month close",
  payload: monthClosePayload,
  schedule: { times: (s) => [s.monthClose.time], dayOfMonth: 1, sends: false },
  plan({ date }) {
    const period = previousPeriod(periodOfLocalDate(date));
    return { runId: `month-close.${period}`, payload: { period } };
  },
  handler: async () => (await import("../src/jobs/handlers/month-close.ts")).handler,
});
