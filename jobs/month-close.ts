// Month close: at 02:00 local on the 1st, freeze the previous month's results (closeMonth is
// idempotent and takes a lock per period, so two workers — or a retry — close it once).
// Sends nothing, so a firing missed while down is still run when the worker is back.
import { z } from "zod";
import { periodOfLocalDate, previousPeriod } from "../src/kpi/period.ts";
import { closeMonth } from "../src/services/month-close.ts";
import { timeOfDay } from "../src/worker/settings-spec.ts";
import { defineJob } from "./define.ts";

export const monthClosePayload = z.object({ period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/) }).strict();

export type MonthClosePayload = z.output<typeof monthClosePayload>;

/** Month close, on the 1st (02:00 by default). */
const monthCloseSchedule = z.object({ time: timeOfDay.default("02:00") }).strict();

export const monthCloseJob = defineJob({
  id: "month-close",
  name: "Month close",
  payload: monthClosePayload,
  settings: { "schedule.monthClose": { schema: monthCloseSchedule, unset: {} } },
  messages: {},
  schedule: { times: (s) => [s["schedule.monthClose"].time], dayOfMonth: 1, sends: false },
  plan({ date }) {
    const period = previousPeriod(periodOfLocalDate(date));
    return { runId: `month-close.${period}`, payload: { period } };
  },
  async run(ctx, payload) {
    const outcome = await closeMonth(ctx.pool, payload.period, { actor: "jobs:month-close" });
    ctx.log.info(
      { period: payload.period, version: outcome.version, status: outcome.status, stale: outcome.stale },
      "month close",
    );
    return {
      result: {
        period: payload.period,
        version: outcome.version,
        status: outcome.status,
        stale: outcome.stale,
        salespeople: outcome.result.employees.length,
      },
    };
  },
});
