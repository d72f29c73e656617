// Collaboration rating requests (10:00 local on working days by default): each operations or
// customer-service colleague named on a completed order is asked, once, to rate the salesperson
// (a card with five score buttons; a comment by text reply), and reminded once, on the run of the
// 2nd working day after the request (business calendar), if they have not answered. A rating the
// feed already carries for them (theirs, or their department's naming nobody) is not asked for.
// Exactly-once comes from the claim table rating_requests (src/store/ratings.ts): the run that
// inserts a request asks it and the run that marks it reminded reminds it, however many workers
// run; the delivery keys then keep each message to one send.
import { z } from "zod";
import { ratingRequestCard } from "../cards/builders/rating.ts";
import { ratingOrderOf } from "../src/chat/answers/rating.ts";
import { ratingPart } from "../src/chat/permissions.ts";
import {
  type ClaimedRequest,
  claimRatingReminders,
  claimRatingRequests,
  colleagueRating,
  orderForRating,
} from "../src/store/ratings.ts";
import { slotId } from "../src/worker/schedule-time.ts";
import { timeOfDay } from "../src/worker/settings-spec.ts";
import { type DeliverySpec, defineJob, defineMessage } from "./define.ts";

/** Working days between a request and its reminder. */
export const REMIND_AFTER_WORKING_DAYS = 2;

export const ratingRequestsPayload = z
  .object({
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    slot: z.string().regex(/^(\d{2}:\d{2}|all)$/),
    asOf: z.string().datetime({ offset: true }),
    /** The local date a request made by this run is reminded on (2 working days later). */
    remindOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  })
  .strict();

const ratingRequestsSchedule = z.object({ time: timeOfDay.default("10:00") }).strict();
/** Orders booked longer ago than this are not asked about (no flood of old orders on first start). */
const lookbackDays = z.number().int().min(1).max(366);

/** One request or reminder; the card is built at send time (an answer since skips it). */
const ratingRequestMessage = defineMessage(
  z.object({
    type: z.literal("rating-request"),
    order: z.string().min(1),
    employeeId: z.number().int(),
    reminder: z.boolean(),
  }),
  async ({ pool }, content) => {
    const order = await orderForRating(pool, content.order);
    const part = order ? ratingPart(content.employeeId, order) : null;
    if (!order || part === null) return { skip: "no longer a colleague named on the order" };
    if (order.status !== "completed") return { skip: "the order is no longer completed" };
    if (await colleagueRating(pool, { orderId: order.id, raterId: content.employeeId, part }))
      return { skip: "already rated" };
    return { card: ratingRequestCard({ ...ratingOrderOf(order), part, reminder: content.reminder }) };
  },
);

const delivery = (r: ClaimedRequest, reminder: boolean): DeliverySpec => ({
  key: `${reminder ? "rating-reminder" : "rating-request"}:o${r.orderId}.e${r.employeeId}`,
  kind: reminder ? "rating-reminder" : "rating-request",
  // The child job's id within the run: one per colleague and order (a colleague may have several).
  recipient: `${reminder ? "r" : "a"}.e${r.employeeId}.o${r.orderId}`,
  to: { type: "person", employeeId: r.employeeId, audience: "active" },
  content: ratingRequestMessage.of({
    type: "rating-request",
    order: r.orderExternalId,
    employeeId: r.employeeId,
    reminder,
  }),
});

export const ratingRequestsJob = defineJob({
  id: "rating-requests",
  name: "Collaboration rating requests",
  payload: ratingRequestsPayload,
  settings: {
    "schedule.ratings": { schema: ratingRequestsSchedule, unset: {} },
    "ratings.lookbackDays": { schema: lookbackDays, unset: 30 },
  },
  messages: { "rating-request": ratingRequestMessage },
  schedule: { times: (s) => [s["schedule.ratings"].time], sends: true },
  plan({ date, slot, asOf, calendar, manual }) {
    if (!manual && !calendar.isWorkingDay(date)) return { skip: `${date} is not a working day` };
    let remindOn = date;
    for (let i = 0; i < REMIND_AFTER_WORKING_DAYS; i++) remindOn = calendar.nextWorkingDay(remindOn, { after: true });
    return {
      runId: `rating-requests.${date}.${slot === "all" ? `m${asOf.getTime()}` : slotId(slot)}`,
      payload: { date, slot, asOf: asOf.toISOString(), remindOn },
    };
  },
  // Reminders first (the requests made 2 working days ago), then today's new requests.
  async run(ctx, payload) {
    const now = new Date(payload.asOf);
    const reminders = await claimRatingReminders(ctx.pool, { now, today: payload.date });
    const bookedSince = new Date(now.getTime() - ctx.settings["ratings.lookbackDays"] * 24 * 3600 * 1000);
    const asks = await claimRatingRequests(ctx.pool, { now, remindOn: payload.remindOn, bookedSince });
    return {
      deliveries: [...reminders.map((r) => delivery(r, true)), ...asks.map((r) => delivery(r, false))],
      result: { date: payload.date, requests: asks.length, reminders: reminders.length },
    };
  },
});
