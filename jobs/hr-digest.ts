// HR's daily digest (09:30 local on working days): offers expiring within 3 days or overdue,
// today's interviews, new hires behind — and, in the same run, the probation milestone alerts
// (30/60/90 days, confirmation) for HR and each new hire's manager.
import { z } from "zod";
import { slotId } from "../src/worker/schedule-time.ts";
import { defineJob } from "./define.ts";

export const hrDigestPayload = z
  .object({
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    slot: z.string().regex(/^(\d{2}:\d{2}|all)$/),
    asOf: z.string().datetime({ offset: true }),
  })
  .strict();

export type HrDigestPayload = z.output<typeof hrDigestPayload>;

export const hrDigestJob = defineJob<HrDigestPayload>({
  id: "hr-digest",
  name: "HR digest and probation alerts",
  payload: hrDigestPayload,
  schedule: { times: (s) => [s.hr.time], sends: true },
  plan({ date, slot, asOf, calendar, manual }) {
    if (!manual && !calendar.isWorkingDay(date)) return { skip: `${date} is not a working day` };
    return {
      runId: `hr-digest.${date}.${slot === "all" ? "all" : slotId(slot)}`,
      payload: { date, slot, asOf: asOf.toISOString() },
    };
  },
  handler: async () => (await import("../src/jobs/handlers/hr-digest.ts")).handler,
});
