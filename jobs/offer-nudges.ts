// Offer nudges: at the times in `schedule.offerNudges` (every two hours in the working day by
// default), the offers that reached T-48h, T-24h or their deadline (escalation) are sent to HR and
// the hiring manager — each nudge once per offer and recipient (its key carries the deadline, so an
// extended offer is nudged again for the new one), never after the offer is answered.
import { z } from "zod";
import { offersCard } from "../cards/builders/hr.ts";
import { NUDGE_NOTICE } from "../cards/builders/job-messages.ts";
import { dueOfferNudges, listOffers } from "../src/services/recruitment.ts";
import { remindConfigured } from "../src/services/remind.ts";
import { activeEmployeeIds } from "../src/store/jobs.ts";
import { slotId } from "../src/worker/schedule-time.ts";
import { timeOfDay } from "../src/worker/settings-spec.ts";
import { type DeliverySpec, defineJob, defineMessage } from "./define.ts";

export const offerNudgesPayload = z
  .object({
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    slot: z.string().regex(/^(\d{2}:\d{2}|all)$/),
    asOf: z.string().datetime({ offset: true }),
  })
  .strict();

export type OfferNudgesPayload = z.output<typeof offerNudgesPayload>;

/** When offer nudges (T-48h, T-24h, overdue) are looked for: a list of local times. */
const offerNudgesSchedule = z
  .object({ times: z.array(timeOfDay).min(1).default(["09:00", "11:00", "13:00", "15:00", "17:00", "19:00"]) })
  .strict();

/** An offer deadline nudge; nothing is sent if the offer was answered before it went out. */
const offerNudgeMessage = defineMessage(
  z.object({
    type: z.literal("offer-nudge"),
    offer: z.string().min(1),
    nudge: z.enum(["t48", "t24", "overdue"]),
    asOf: z.string().datetime({ offset: true }),
    hr: z.boolean(),
  }),
  async ({ pool, org }, content) => {
    const now = new Date(content.asOf);
    const offer = (await listOffers(pool, { now, scope: "all" })).find((o) => o.externalId === content.offer);
    // Answered (or withdrawn) since the nudge was planned: nothing to nudge about.
    if (offer?.status !== "pending") return { skip: `offer ${content.offer} is no longer pending` };
    return {
      card: offersCard([offer], {
        timezone: org.timezone,
        now,
        canAct: content.hr,
        canRemind: await remindConfigured(pool),
        notice: NUDGE_NOTICE[content.nudge],
      }),
    };
  },
);

export const offerNudgesJob = defineJob({
  id: "offer-nudges",
  name: "Offer deadline nudges",
  payload: offerNudgesPayload,
  settings: { "schedule.offerNudges": { schema: offerNudgesSchedule, unset: {} } },
  messages: { "offer-nudge": offerNudgeMessage },
  // Deadlines do not wait for working days: nudges go out every day.
  schedule: { times: (s) => s["schedule.offerNudges"].times, sends: true },
  plan({ date, slot, asOf }) {
    return {
      runId: `offer-nudges.${date}.${slot === "all" ? `m${asOf.getTime()}` : slotId(slot)}`,
      payload: { date, slot, asOf: asOf.toISOString() },
    };
  },
  // The nudges due now, one delivery per offer, nudge and recipient (HR and the hiring manager).
  async run(ctx, payload) {
    const nudges = await dueOfferNudges(ctx.pool, { now: new Date(payload.asOf) });
    const ids = await activeEmployeeIds(
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
          content: offerNudgeMessage.of({
            type: "offer-nudge",
            offer: nudge.offerExternalId,
            nudge: nudge.kind,
            asOf: payload.asOf,
            hr: r.role === "hr",
          }),
        });
      }
    return { deliveries, result: { nudges: nudges.length, deliveries: deliveries.length } };
  },
});
