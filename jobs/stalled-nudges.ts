// Stalled-candidate nudges (10:00, 14:00 and 17:00 local on working days by default): the candidates
// newly stalled (src/recruit/stalled.ts has the rules) go to HR (every one) and to each opening's
// hiring manager (only that opening's candidates), as the stalled card. Each candidate+cause is
// alerted exactly once overall: this job and the HR digest (jobs/hr-digest.ts) both take their items
// with `claimStalledAlerts`, which records them as sent — the run that claims an item first sends it,
// the other never sees it again (docs/DELIVERY.md "Stalled-candidate alerts") — except the same run
// retried after dying between its claim and its sends, which is given its items again.
import { z } from "zod";
import { stalledCard, type StalledCardItem } from "../cards/builders/stalled.ts";
import { STALLED_CAUSES } from "../src/recruit/stalled.ts";
import { claimStalledAlerts, type StalledAlerts } from "../src/services/stalled.ts";
import { activeEmployeeIds } from "../src/store/jobs.ts";
import { slotId } from "../src/worker/schedule-time.ts";
import { timeOfDay } from "../src/worker/settings-spec.ts";
import { type DeliverySpec, defineJob, defineMessage } from "./define.ts";

export const stalledNudgesPayload = z
  .object({
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    slot: z.string().regex(/^(\d{2}:\d{2}|all)$/),
    asOf: z.string().datetime({ offset: true }),
  })
  .strict();

export type StalledNudgesPayload = z.output<typeof stalledNudgesPayload>;

/** When newly stalled candidates are looked for: local times on working days. */
const stalledNudgesSchedule = z
  .object({ times: z.array(timeOfDay).min(1).default(["10:00", "14:00", "17:00"]) })
  .strict();

const person = z.object({ externalId: z.string().min(1), name: z.string() }).strict();

/**
 * A claimed item as a delivery carries it: once claimed the service no longer offers it, so the
 * card is built from what the run claimed, not looked up again at send time.
 */
export const stalledItemContent = z
  .object({
    cause: z.enum(STALLED_CAUSES),
    applicationExternalId: z.string().min(1),
    candidate: person,
    opening: z.object({ externalId: z.string().min(1), title: z.string() }).strict(),
    hiringManager: person.nullable(),
    since: z.string().datetime({ offset: true }),
    workingDaysElapsed: z.number().int().min(0),
    thresholdDays: z.number().int().min(0),
  })
  .strict();

export type StalledItemContent = z.output<typeof stalledItemContent>;

export function toItemContent(i: StalledCardItem): StalledItemContent {
  return {
    cause: i.cause,
    applicationExternalId: i.applicationExternalId,
    candidate: { externalId: i.candidate.externalId, name: i.candidate.name },
    opening: { externalId: i.opening.externalId, title: i.opening.title },
    hiringManager: i.hiringManager ? { externalId: i.hiringManager.externalId, name: i.hiringManager.name } : null,
    since: i.since.toISOString(),
    workingDaysElapsed: i.workingDaysElapsed,
    thresholdDays: i.thresholdDays,
  };
}

export function fromItemContent(i: StalledItemContent): StalledCardItem {
  return { ...i, since: new Date(i.since) };
}

const stalledContent = z.object({
  asOf: z.string().datetime({ offset: true }),
  items: z.array(stalledItemContent).min(1),
});

/** A stalled-alert message kind (each job declares its own type; the card is the same). */
export function stalledMessage<T extends string>(type: T) {
  return defineMessage(stalledContent.extend({ type: z.literal(type) }), async ({ org }, content) => ({
    card: stalledCard(content.items.map(fromItemContent), {
      timezone: org.timezone,
      generatedAt: new Date(content.asOf),
    }),
  }));
}

/**
 * One delivery per recipient of the claimed alerts, with that recipient's items (HR: all; a hiring
 * manager: their openings'). `skip` leaves out people who get the items another way (the digest's HR).
 */
export async function stalledDeliveries(
  ctx: { pool: Parameters<typeof activeEmployeeIds>[0] },
  alerts: StalledAlerts,
  options: {
    /** The delivery content for one recipient's items. */
    content: (items: StalledItemContent[]) => DeliverySpec["content"];
    kind: string;
    keyPrefix: string;
    skip?: ReadonlySet<string>;
  },
): Promise<DeliverySpec[]> {
  const byPerson = new Map<string, StalledItemContent[]>();
  for (const item of alerts.items)
    for (const r of item.recipients) {
      if (options.skip?.has(r.employeeExternalId)) continue;
      const list = byPerson.get(r.employeeExternalId) ?? [];
      list.push(toItemContent(item));
      byPerson.set(r.employeeExternalId, list);
    }
  const ids = await activeEmployeeIds(ctx.pool, [...byPerson.keys()]);
  const deliveries: DeliverySpec[] = [];
  for (const [externalId, items] of byPerson) {
    const id = ids.get(externalId);
    if (id === undefined) continue;
    deliveries.push({
      key: `${options.keyPrefix}:${externalId}`,
      kind: options.kind,
      recipient: `stalled.e${id}`,
      to: { type: "person", employeeId: id, audience: "active" },
      content: options.content(items),
    });
  }
  return deliveries;
}

const stalledNudgeMessage = stalledMessage("stalled-nudge");

export const stalledNudgesJob = defineJob({
  id: "stalled-nudges",
  name: "Stalled-candidate nudges",
  payload: stalledNudgesPayload,
  settings: { "schedule.stalledNudges": { schema: stalledNudgesSchedule, unset: {} } },
  messages: { "stalled-nudge": stalledNudgeMessage },
  schedule: { times: (s) => s["schedule.stalledNudges"].times, sends: true },
  plan({ date, slot, asOf, calendar, manual }) {
    if (!manual && !calendar.isWorkingDay(date)) return { skip: `${date} is not a working day` };
    return {
      runId: `stalled-nudges.${date}.${slot === "all" ? `m${asOf.getTime()}` : slotId(slot)}`,
      payload: { date, slot, asOf: asOf.toISOString() },
    };
  },
  // Claims what is newly stalled (so the digest will not include it) and sends it.
  async run(ctx, payload) {
    const alerts = await claimStalledAlerts(ctx.pool, { now: new Date(payload.asOf), claimant: ctx.runId });
    const tag = payload.slot === "all" ? `m${new Date(payload.asOf).getTime()}` : slotId(payload.slot);
    const deliveries = await stalledDeliveries(ctx, alerts, {
      content: (items) => stalledNudgeMessage.of({ type: "stalled-nudge", asOf: payload.asOf, items }),
      kind: "stalled-nudge",
      keyPrefix: `stalled-nudge:${payload.date}.${tag}`,
    });
    return { deliveries, result: { items: alerts.items.length, deliveries: deliveries.length } };
  },
});
