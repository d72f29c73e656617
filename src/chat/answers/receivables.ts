// Overdue receivables in chat: the asker's list (a manager's: their teams'; HR and admins: all),
// and the snooze button — its reason choice, then the snooze itself (audited), after which the
// card shows the list again without that order. Only the order's owner or a manager of the owner's
// team may snooze it; anyone else gets the same refusal whether or not the order exists.
import type { Card } from "../../../cards/model.ts";
import { text } from "../../../cards/model.ts";
import { errorCard } from "../../../cards/index.ts";
import { receivablesCard, snoozedNotice, snoozeReasonCard } from "../../../cards/builders/receivables.ts";
import type { Text } from "../../../cards/model.ts";
import { inTransaction } from "../../db/client.ts";
import { snoozeUntil } from "../../kpi/receivables.ts";
import type { OrganizationInfo } from "../../store/kpi-inputs.ts";
import { insertSnooze, orderForSnooze, overdueReceivables } from "../../store/receivables.ts";
import type { IntentOf } from "../intents.ts";
import type { Viewer } from "../permissions.ts";
import { type ChatDeps, Refusal } from "./context.ts";

const cannotSnooze = text(
  "只有订单负责人或其团队经理可以暂缓这笔订单。",
  "Only the order's owner or their team's manager can snooze this order.",
);

/** The owner, or a manager of the owner's team (with its branches). */
function maySnooze(viewer: Viewer, order: { ownerId: number; ownerTeamId: number | null }): boolean {
  if (viewer.id === order.ownerId) return true;
  return viewer.role === "manager" && order.ownerTeamId !== null && viewer.managedTeamIds.includes(order.ownerTeamId);
}

/** The viewer's receivables card: their own orders, their teams' (managers), or all (HR, admins). */
export async function receivablesFor(
  deps: ChatDeps,
  org: OrganizationInfo,
  viewer: Viewer,
  notice?: Text,
): Promise<Card> {
  const asOf = deps.now();
  const base = { asOf, tz: org.timezone };
  const everyone = viewer.role === "hr" || viewer.role === "admin";
  const team = viewer.role === "manager" && viewer.managedTeamIds.length > 0;
  const orders = await overdueReceivables(
    deps.pool,
    everyone ? base : team ? { ...base, teamIds: viewer.managedTeamIds } : { ...base, ownerIds: [viewer.id] },
  );
  return receivablesCard(orders, {
    audience: everyone || team ? "manager" : "rep",
    currency: org.currency,
    timezone: org.timezone,
    asOf,
    ...(notice ? { notice } : {}),
  });
}

/** A snooze button: without a reason the reason choice, with one the snooze and the updated list. */
export async function snoozeReceivable(
  deps: ChatDeps,
  org: OrganizationInfo,
  viewer: Viewer,
  intent: IntentOf<"receivable_snooze">,
): Promise<Card> {
  const order = await orderForSnooze(deps.pool, intent.order);
  if (!order || !maySnooze(viewer, order)) throw new Refusal(errorCard(cannotSnooze));
  if (!intent.reason) return snoozeReasonCard(order);
  const reason = intent.reason;
  const now = deps.now();
  const { until, date } = snoozeUntil(now, org.timezone);
  await inTransaction(deps.pool, (client) =>
    insertSnooze(client, {
      orderId: order.id,
      orderExternalId: order.externalId,
      by: viewer.id,
      actor: `${viewer.externalId} (${viewer.name})`,
      reason,
      at: now,
      until,
    }),
  );
  return receivablesFor(deps, org, viewer, snoozedNotice(order.externalId, reason, date));
}
