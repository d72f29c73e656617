// The dispute use cases (docs/KPI-RULES.md "Disputes"): raising one, deciding it, and clearing the
// credit override an approval leaves. Each writes in one transaction with its audit line; a decision
// or a clearing that moves credit then re-closes every closed month whose figures it changed, with
// the dispute as the reason (src/services/month-close.ts keeps the earlier versions).
import type pg from "pg";
import { inTransaction } from "../db/client.ts";
import { recordAudit } from "../store/audit.ts";
import {
  clearOverride,
  closedPeriodsReached,
  type DisputeOrder,
  type DisputeRow,
  insertDispute,
  loadDispute,
  markDecided,
  moveCredit,
} from "../store/disputes.ts";
import { loadOrganization } from "../store/kpi-inputs.ts";
import { closeMonth } from "./month-close.ts";

export interface Actor {
  id: number;
  externalId: string;
  name: string;
}

const actorName = (a: Actor) => `${a.externalId} (${a.name})`;

/** A new version of a closed month, written because a dispute moved credit. */
export interface Reclosed {
  period: string;
  version: number;
}

/** Records the dispute; null when the order already has one open. */
export async function raiseDispute(
  pool: pg.Pool,
  d: { order: DisputeOrder; by: Actor; proposedOwnerId: number | null; at: Date },
): Promise<number | null> {
  return inTransaction(pool, (client) =>
    insertDispute(client, {
      order: d.order,
      raisedBy: d.by.id,
      proposedOwnerId: d.proposedOwnerId,
      at: d.at,
      actor: actorName(d.by),
    }),
  );
}

export type Decision =
  | { status: "decided"; dispute: DisputeRow; newOwnerId: number | null; reclosed: Reclosed[] }
  | { status: "already"; dispute: DisputeRow };

/**
 * Approves or rejects a pending dispute. Approval moves the order's credit to the person named, or
 * — when nobody was named — to the approver (a manager, HR or an admin: never scored, so the credit
 * leaves every scored person).
 */
export async function decideDispute(
  pool: pg.Pool,
  d: { disputeId: number; approve: boolean; by: Actor; at: Date },
): Promise<Decision | null> {
  const outcome = await inTransaction(pool, async (client) => {
    const dispute = await loadDispute(client, d.disputeId, { forUpdate: true });
    if (!dispute) return null;
    if (dispute.status !== "pending") return { status: "already" as const, dispute };
    const status = d.approve ? "approved" : "rejected";
    await markDecided(client, { id: dispute.id, status, by: d.by.id, at: d.at });
    const newOwnerId = d.approve ? (dispute.proposedOwner?.id ?? d.by.id) : null;
    const orderId = dispute.orderId;
    if (newOwnerId !== null)
      await moveCredit(client, {
        orderId,
        ownerId: newOwnerId,
        disputeId: dispute.id,
        setBy: actorName(d.by),
        at: d.at,
      });
    await recordAudit(client, {
      at: d.at,
      actor: actorName(d.by),
      action: d.approve ? "dispute.approve" : "dispute.reject",
      entity: "order",
      entityId: dispute.orderExternalId,
      details: { dispute: dispute.id, from: dispute.fromOwner.externalId, to: newOwnerId },
    });
    const decided = (await loadDispute(client, dispute.id))!;
    return { status: "decided" as const, dispute: decided, newOwnerId, orderId };
  });
  if (!outcome || outcome.status === "already") return outcome;
  const reclosed =
    outcome.newOwnerId === null
      ? []
      : await recloseReached(
          pool,
          outcome.orderId,
          actorName(d.by),
          `dispute #${outcome.dispute.id}: order ${outcome.dispute.orderExternalId} moved from ${outcome.dispute.fromOwner.externalId} to ${
            outcome.dispute.proposedOwner?.externalId ?? d.by.externalId
          }`,
        );
  return { status: "decided", dispute: outcome.dispute, newOwnerId: outcome.newOwnerId, reclosed };
}

/** Removes an order's override: the feed's owner has the credit again. Null when there was none. */
export async function clearCreditOverride(
  pool: pg.Pool,
  c: { order: DisputeOrder; by: Actor; at: Date },
): Promise<{ restoredOwnerId: number; reclosed: Reclosed[] } | null> {
  const restored = await inTransaction(pool, async (client) => {
    const owner = await clearOverride(client, c.order.id, c.at);
    if (owner === null) return null;
    await recordAudit(client, {
      at: c.at,
      actor: actorName(c.by),
      action: "dispute.override_cleared",
      entity: "order",
      entityId: c.order.externalId,
      details: { from: c.order.owner.externalId, to: c.order.sourceOwner?.externalId ?? null },
    });
    return owner;
  });
  if (restored === null) return null;
  const reclosed = await recloseReached(
    pool,
    c.order.id,
    actorName(c.by),
    `override cleared: order ${c.order.externalId} back to ${c.order.sourceOwner?.externalId ?? "its feed's owner"}`,
  );
  return { restoredOwnerId: restored, reclosed };
}

/**
 * Re-closes each closed month the order reaches whose stored close no longer matches the data
 * (the move changed its figures); months it leaves unchanged keep their version.
 */
async function recloseReached(pool: pg.Pool, orderId: number, actor: string, reason: string): Promise<Reclosed[]> {
  const org = await loadOrganization(pool);
  const out: Reclosed[] = [];
  for (const period of await closedPeriodsReached(pool, orderId, org.timezone)) {
    const current = await closeMonth(pool, period);
    if (!current.stale) continue;
    const next = await closeMonth(pool, period, { reclose: true, actor, reason });
    out.push({ period, version: next.version });
  }
  return out;
}
