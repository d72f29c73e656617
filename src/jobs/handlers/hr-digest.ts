// Recipients of the HR digest (active HR staff) and of the probation milestone alerts due today.
import type { DeliverySpec, JobHandler } from "../../../jobs/define.ts";
import type { HrDigestPayload } from "../../../jobs/hr-digest.ts";
import { hrDigest } from "../../services/recruitment.ts";
import { milestoneAlerts } from "../../services/onboarding.ts";
import { employeeIds } from "./people.ts";

export const handler: JobHandler<HrDigestPayload> = {
  async run(ctx, payload) {
    const asOf = new Date(payload.asOf);
    const [digest, alerts] = await Promise.all([
      hrDigest(ctx.pool, { now: asOf }),
      milestoneAlerts(ctx.pool, { date: payload.date }),
    ]);
    const ids = await employeeIds(ctx.pool, [
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
        content: { type: "hr-digest", asOf: payload.asOf },
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
          content: { type: "milestone-alert", date: payload.date, alertKey: alert.idempotencyKey },
        });
      }
    return {
      deliveries,
      result: { date: payload.date, digestRecipients: digest.recipients.length, alerts: alerts.length },
    };
  },
};
