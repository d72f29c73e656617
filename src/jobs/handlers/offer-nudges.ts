// The nudges due now, one delivery per offer, nudge and recipient (HR and the hiring manager).
import type { DeliverySpec, JobHandler } from "../../../jobs/define.ts";
import type { OfferNudgesPayload } from "../../../jobs/offer-nudges.ts";
import { dueOfferNudges } from "../../services/recruitment.ts";
import { employeeIds } from "./people.ts";

export const handler: JobHandler<OfferNudgesPayload> = {
  async run(ctx, payload) {
    const nudges = await dueOfferNudges(ctx.pool, { now: new Date(payload.asOf) });
    const ids = await employeeIds(
      ctx.pool,
      nudges.flatMap((n) => n.recipients.map((r) => r.employeeExternalId)),
    );
    const deliveries: DeliverySpec[] = [];
    for (const nudge of nudges)
      for (const r of nudge.recipients) {
        const id = ids.get(r.employeeExternalId);
        if (id === undefined) continue;
        deliveries.push({
          key: r.idempotencyKey,
          kind: "offer-nudge",
          recipient: `${nudge.offerExternalId.replace(/[^A-Za-z0-9_.@-]/g, "_")}.${nudge.kind}.e${id}`,
          to: { type: "person", employeeId: id, audience: "active" },
          content: {
            type: "offer-nudge",
            offer: nudge.offerExternalId,
            nudge: nudge.kind,
            asOf: payload.asOf,
            hr: r.role === "hr",
          },
        });
      }
    return { deliveries, result: { nudges: nudges.length, deliveries: deliveries.length } };
  },
};
