// HR's daily digest (09:30 local on working days): offers expiring within 3 days or overdue,
// today's interviews, new hires behind — and, in the same run, the probation milestone alerts
// (30/60/90 days, confirmation) for HR and each new hire's manager, and the newly stalled
// candidates: claimed here (so the stalled nudges never send them again, jobs/stalled-nudges.ts),
// listed in HR's digest and sent as the stalled card to each hiring manager who is not HR.
import { z } from "zod";
import { hrDigestCard, milestoneAlertCard } from "../cards/builders/hr.ts";
import { milestoneAlerts } from "../src/services/onboarding.ts";
import { hrDigest } from "../src/services/recruitment.ts";
import { claimStalledAlerts } from "../src/services/stalled.ts";
import { activeEmployeeIds } from "../src/store/jobs.ts";
import { slotId } from "../src/worker/schedule-time.ts";
import { timeOfDay } from "../src/worker/settings-spec.ts";
import { type DeliverySpec, defineJob, defineMessage } from "./define.ts";
import {
  fromItemContent,
  stalledDeliveries,
  stalledItemContent,
  stalledMessage,
  toItemContent,
} from "./stalled-nudges.ts";

export const hrDigestPayload = z
  .object({
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    slot: z.string().regex(/^(\d{2}:\d{2}|all)$/),
    asOf: z.string().datetime({ offset: true }),
  })
  .strict();

export type HrDigestPayload = z.output<typeof hrDigestPayload>;

/** HR's daily digest and the probation milestone alerts (working days). */
const hrSchedule = z.object({ time: timeOfDay.default("09:30") }).strict();

/** HR's daily digest as of `asOf`, with the stalled candidates the run claimed. */
const hrDigestMessage = defineMessage(
  z.object({
    type: z.literal("hr-digest"),
    asOf: z.string().datetime({ offset: true }),
    stalled: z.array(stalledItemContent).default([]),
  }),
  async ({ pool, org }, content) => ({
    card: hrDigestCard(await hrDigest(pool, { now: new Date(content.asOf) }), {
      timezone: org.timezone,
      stalled: content.stalled.map(fromItemContent),
    }),
  }),
);

/** The stalled card for a hiring manager who does not get HR's digest. */
const digestStalledMessage = stalledMessage("hr-digest-stalled");

/** A probation milestone alert, found again at send time by its key. */
const milestoneAlertMessage = defineMessage(
  z.object({
    type: z.literal("milestone-alert"),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    alertKey: z.string().min(1),
  }),
  async ({ pool, org }, content) => {
    const alert = (await milestoneAlerts(pool, { date: content.date })).find(
      (a) => a.idempotencyKey === content.alertKey,
    );
    if (!alert) return { skip: `milestone alert ${content.alertKey} no longer applies` };
    return { card: milestoneAlertCard(alert, { timezone: org.timezone }) };
  },
);

export const hrDigestJob = defineJob({
  id: "hr-digest",
  name: "HR digest and probation alerts",
  payload: hrDigestPayload,
  settings: { "schedule.hr": { schema: hrSchedule, unset: {} } },
  messages: {
    "hr-digest": hrDigestMessage,
    "milestone-alert": milestoneAlertMessage,
    "hr-digest-stalled": digestStalledMessage,
  },
  schedule: { times: (s) => [s["schedule.hr"].time], sends: true },
  plan({ date, slot, asOf, calendar, manual }) {
    if (!manual && !calendar.isWorkingDay(date)) return { skip: `${date} is not a working day` };
    return {
      runId: `hr-digest.${date}.${slot === "all" ? "all" : slotId(slot)}`,
      payload: { date, slot, asOf: asOf.toISOString() },
    };
  },
  // Recipients of the HR digest (active HR staff), of the probation milestone alerts due today and
  // of the stalled candidates this run claims (HR in the digest, other hiring managers apart).
  async run(ctx, payload) {
    const asOf = new Date(payload.asOf);
    const [digest, alerts] = await Promise.all([
      hrDigest(ctx.pool, { now: asOf }),
      milestoneAlerts(ctx.pool, { date: payload.date }),
    ]);
    const stalled = await claimStalledAlerts(ctx.pool, { now: asOf, claimant: ctx.runId });
    const stalledItems = stalled.items.map(toItemContent);
    const ids = await activeEmployeeIds(ctx.pool, [
      ...digest.recipients.map((r) => r.employeeExternalId),
      ...alerts.flatMap((a) => a.recipients.map((r) => r.employeeExternalId)),
    ]);
    const deliveries: DeliverySpec[] = [];
    for (const r of digest.recipients) {
      const id = ids.get(r.employeeExternalId);
      if (id === undefined) continue;
      deliveries.push({
        key: r.idempotencyKey,
        kind: "hr-digest",
        recipient: `e${id}`,
        to: { type: "person", employeeId: id, audience: "active" },
        content: hrDigestMessage.of({ type: "hr-digest", asOf: payload.asOf, stalled: stalledItems }),
      });
    }
    for (const alert of alerts)
      for (const r of alert.recipients) {
        const id = ids.get(r.employeeExternalId);
        if (id === undefined) continue;
        deliveries.push({
          key: r.idempotencyKey,
          kind: "probation-alert",
          recipient: `a${deliveries.length}-e${id}`,
          to: { type: "person", employeeId: id, audience: "active" },
          content: milestoneAlertMessage.of({
            type: "milestone-alert",
            date: payload.date,
            alertKey: alert.idempotencyKey,
          }),
        });
      }
    // The digest's HR readers see every stalled item in it; hiring managers get their own card.
    const inDigest = new Set(digest.recipients.map((r) => r.employeeExternalId));
    deliveries.push(
      ...(await stalledDeliveries(ctx, stalled, {
        content: (items) => digestStalledMessage.of({ type: "hr-digest-stalled", asOf: payload.asOf, items }),
        kind: "stalled-alert",
        keyPrefix: `hr-digest-stalled:${payload.date}.${payload.slot === "all" ? "all" : slotId(payload.slot)}`,
        skip: inDigest,
      })),
    );
    return {
      deliveries,
      result: {
        date: payload.date,
        digestRecipients: digest.recipients.length,
        alerts: alerts.length,
        stalled: stalled.items.length,
      },
    };
  },
});
