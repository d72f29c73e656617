// Offer nudges: at the times in `schedule.offerNudges` (every two hours in the working day by
// default), the offers that reached T-48h, T-24h or their deadline (escalation) are sent to HR and
// the hiring manager — each nudge once per offer and recipient (its key carries the deadline, so an
// extended offer is nudged again for the new one), never after the offer is answered.
import { z } from "zod";
import { slotId } from "../src/worker/schedule-time.ts";
import { defineJob } from "./define.ts";

export const offerNudgesPayload = z
  .object({
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    slot: z.string().regex(/^(\d{2}:\d{2}|all)$/),
    asOf: z.string().datetime({ offset: true }),
  })
  .strict();

export type OfferNudgesPayload = z.output<typeof offerNudgesPayload>;

export const offerNudgesJob = defineJob<OfferNudgesPayload>({
  id: "offer-nudges",
  name: "Offer deadline nudges",
  payload: offerNudgesPayload,
  // Deadlines do not wait for working days: nudges go out every day.
  schedule: { times: (s) => s.offerNudges.times, sends: true },
  plan({ date, slot, asOf }) {
    return {
      runId: `offer-nudges.${date}.${slot === "all" ? `m${asOf.getTime()}` : slotId(slot)}`,
      payload: { date, slot, asOf: asOf.toISOString() },
    };
  },
  handler: async () => (await import("../src/jobs/handlers/offer-nudges.ts")).handler,
});
