// Receivables: live orders whose due date has passed in the organization's local calendar and whose
// collected total (payments, refunds negative) is below revenue — minus the ones snoozed at that
// instant. Amounts are exact decimals as strings; the SQL computes them in numeric.
import { z } from "zod";
import type { Sql } from "../db/client.ts";
import type { SnoozeReason } from "../kpi/receivables.ts";

export interface OverdueOrder {
  orderId: number;
  externalId: string;
  ownerId: number;
  ownerExternalId: string;
  ownerName: string;
  teamId: number | null;
  customer: string;
  /** Local calendar date, "YYYY-MM-DD". */
  dueDate: string;
  revenue: string;
  collected: string;
  /** revenue − collected, > 0. */
  amountDue: string;
  daysOverdue: number;
}

const overdueRow = z.object({
  orderId: z.number(),
  externalId: z.string(),
  ownerId: z.number(),
  ownerExternalId: z.string(),
  ownerName: z.string(),
  teamId: z.number().nullable(),
  customer: z.string(),
  dueDate: z.string(),
  revenue: z.string(),
  collected: z.string(),
  amountDue: z.string(),
  daysOverdue: z.number(),
});

/** Whose orders: these owners, or the members of these teams (both absent: everyone's). */
export interface ReceivablesScope {
  ownerIds?: readonly number[];
  teamIds?: readonly number[];
}

/**
 * Overdue unpaid orders at `asOf`, largest amount due first. "Collected" is the order's payment
 * roll-up (`paid_total`, kept by triggers) less any payment dated after `asOf`, so the figures are
 * those of the instant asked about even when later payments are already recorded.
 */
export async function overdueReceivables(
  sql: Sql,
  options: { asOf: Date; tz: string } & ReceivablesScope,
): Promise<OverdueOrder[]> {
  const res = await sql.query(
    `WITH today AS (SELECT ($1::timestamptz AT TIME ZONE $2)::date AS d),
     o AS (
       SELECT o.id, o.external_id, o.owner_id, o.customer_id, o.due_date, o.revenue,
              o.paid_total - COALESCE((SELECT sum(p.amount) FROM payments p
                                       WHERE p.order_id = o.id AND p.paid_at > $1::timestamptz), 0) AS collected
       FROM orders o, today
       WHERE o.status <> 'cancelled' AND o.due_date IS NOT NULL AND o.due_date < today.d
         AND ($3::int[] IS NULL OR o.owner_id = ANY($3::int[]))
         AND ($4::int[] IS NULL OR o.owner_id IN (SELECT id FROM employees WHERE team_id = ANY($4::int[])))
         AND NOT EXISTS (SELECT 1 FROM receivable_snoozes s
                         WHERE s.order_id = o.id AND s.snoozed_at <= $1::timestamptz AND s.until > $1::timestamptz)
     )
     SELECT o.id AS "orderId", o.external_id AS "externalId", e.id AS "ownerId", e.external_id AS "ownerExternalId",
            e.name AS "ownerName", e.team_id AS "teamId", c.name AS customer, o.due_date::text AS "dueDate",
            o.revenue::text AS revenue, o.collected::text AS collected, (o.revenue - o.collected)::text AS "amountDue",
            (today.d - o.due_date) AS "daysOverdue"
     FROM o, today, employees e, customers c
     WHERE e.id = o.owner_id AND c.id = o.customer_id AND o.collected < o.revenue
     ORDER BY o.revenue - o.collected DESC, o.external_id COLLATE "C"`,
    [options.asOf, options.tz, options.ownerIds ?? null, options.teamIds ?? null],
  );
  return res.rows.map((r) => overdueRow.parse(r));
}

/** Owners with at least one overdue order at `asOf`, and the teams with any (who the job sends to). */
export async function receivablesRecipients(
  sql: Sql,
  options: { asOf: Date; tz: string },
): Promise<{ ownerIds: number[]; teams: { teamId: number; managerId: number }[] }> {
  const rows = await overdueReceivables(sql, options);
  const ownerIds = [...new Set(rows.map((r) => r.ownerId))];
  const teamIds = [...new Set(rows.flatMap((r) => (r.teamId === null ? [] : [r.teamId])))];
  const teams = await sql.query(
    `SELECT t.id AS "teamId", m.id AS "managerId" FROM teams t JOIN employees m ON m.id = t.manager_id AND m.status = 'active'
     WHERE t.id = ANY($1::int[]) ORDER BY t.external_id COLLATE "C"`,
    [teamIds],
  );
  const team = z.object({ teamId: z.number(), managerId: z.number() });
  return { ownerIds, teams: teams.rows.map((r) => team.parse(r)) };
}

/** The order a snooze button names: its owner and the owner's team (null when no such order). */
export async function orderForSnooze(
  sql: Sql,
  externalId: string,
): Promise<{ id: number; externalId: string; ownerId: number; ownerTeamId: number | null } | null> {
  const res = await sql.query(
    `SELECT o.id, o.external_id AS "externalId", o.owner_id AS "ownerId", e.team_id AS "ownerTeamId"
     FROM orders o JOIN employees e ON e.id = o.owner_id WHERE o.external_id = $1`,
    [externalId],
  );
  if (!res.rows.length) return null;
  return z
    .object({ id: z.number(), externalId: z.string(), ownerId: z.number(), ownerTeamId: z.number().nullable() })
    .parse(res.rows[0]);
}

/** Records a snooze and its audit line (call inside one transaction). */
export async function insertSnooze(
  sql: Sql,
  snooze: {
    orderId: number;
    orderExternalId: string;
    by: number;
    actor: string;
    reason: SnoozeReason;
    at: Date;
    until: Date;
  },
): Promise<void> {
  await sql.query(
    `INSERT INTO receivable_snoozes (order_id, snoozed_by_id, reason, snoozed_at, until) VALUES ($1, $2, $3, $4, $5)`,
    [snooze.orderId, snooze.by, snooze.reason, snooze.at, snooze.until],
  );
  await sql.query(
    `INSERT INTO audit_log (at, actor, action, entity, entity_id, details) VALUES ($1, $2, 'receivable.snooze', 'order', $3, $4::jsonb)`,
    [snooze.at, snooze.actor, snooze.orderExternalId, JSON.stringify({ reason: snooze.reason, until: snooze.until })],
  );
}
