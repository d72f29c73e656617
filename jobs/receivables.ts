// Receivables: on the first working day of the week (Monday; the next working day when Monday is a
// holiday) at `schedule.receivables` time, each rep with overdue unpaid orders gets them (amount
// due, days overdue, customer, a snooze button each), and each team's manager the team's total and
// its largest items (`receivables.topN`). Snoozed orders are left out until the snooze ends; nobody
// with nothing overdue gets a message; each recipient gets one per ISO week (the delivery key).
import { z } from "zod";
import { receivablesCard } from "../cards/builders/receivables.ts";
import { loadOrganization } from "../src/store/kpi-inputs.ts";
import { overdueReceivables, receivablesRecipients } from "../src/store/receivables.ts";
import { timeOfDay } from "../src/worker/settings-spec.ts";
import { type DeliverySpec, defineJob, defineMessage } from "./define.ts";
import { planWeekly, weeklyPayload } from "./weekly.ts";

const receivablesSchedule = z.object({ time: timeOfDay.default("09:00") }).strict();
/** Rows a manager's message lists (the largest amounts due). */
const topN = z.number().int().min(1).max(15);

/** A rep's overdue orders, or a team's total and largest; built at send time (a payment since skips it). */
const receivablesMessage = defineMessage(
  z.discriminatedUnion("audience", [
    z.object({
      type: z.literal("receivables"),
      audience: z.literal("rep"),
      ownerId: z.number().int(),
      asOf: z.string().datetime({ offset: true }),
    }),
    z.object({
      type: z.literal("receivables"),
      audience: z.literal("manager"),
      teamId: z.number().int(),
      topN: topN.default(10),
      asOf: z.string().datetime({ offset: true }),
    }),
  ]),
  async ({ pool, org }, content) => {
    const asOf = new Date(content.asOf);
    const base = { asOf, tz: org.timezone };
    const orders = await overdueReceivables(
      pool,
      content.audience === "rep" ? { ...base, ownerIds: [content.ownerId] } : { ...base, teamIds: [content.teamId] },
    );
    if (!orders.length) return { skip: "nothing overdue any more" };
    const card = receivablesCard(orders, {
      audience: content.audience,
      currency: org.currency,
      timezone: org.timezone,
      asOf,
      ...(content.audience === "manager" ? { topN: content.topN } : {}),
    });
    return { card };
  },
);

export const receivablesJob = defineJob({
  id: "receivables",
  name: "Weekly receivables",
  payload: weeklyPayload,
  settings: {
    "schedule.receivables": { schema: receivablesSchedule, unset: {} },
    "receivables.topN": { schema: topN, unset: 10 },
  },
  messages: { receivables: receivablesMessage },
  schedule: { times: (s) => [s["schedule.receivables"].time], sends: true },
  plan: (input) => planWeekly("receivables", input),
  // The recipients: every owner of an overdue, unsnoozed order, and the active manager of each of
  // their teams. Eligibility (left, on leave) is the worker's, at send time.
  async run(ctx, payload) {
    const org = await loadOrganization(ctx.pool);
    const asOf = new Date(payload.asOf);
    const { ownerIds, teams } = await receivablesRecipients(ctx.pool, { asOf, tz: org.timezone });
    const deliveries: DeliverySpec[] = [
      ...ownerIds.map(
        (id): DeliverySpec => ({
          key: `receivables:e${id}:${payload.week}`,
          kind: "receivables",
          recipient: `e${id}`,
          to: { type: "person", employeeId: id, audience: "active" },
          content: receivablesMessage.of({ type: "receivables", audience: "rep", ownerId: id, asOf: payload.asOf }),
        }),
      ),
      ...teams.map(
        (t): DeliverySpec => ({
          key: `receivables-team:e${t.managerId}.t${t.teamId}:${payload.week}`,
          kind: "receivables-team",
          recipient: `e${t.managerId}.t${t.teamId}`,
          to: { type: "person", employeeId: t.managerId, audience: "active" },
          content: receivablesMessage.of({
            type: "receivables",
            audience: "manager",
            teamId: t.teamId,
            topN: ctx.settings["receivables.topN"],
            asOf: payload.asOf,
          }),
        }),
      ),
    ];
    return {
      deliveries,
      result: { week: payload.week, slot: payload.slot, reps: ownerIds.length, teams: teams.length },
    };
  },
});
