// Disputes ("this shipment isn't mine") and the credit overrides they leave beside the source data
// (docs/KPI-RULES.md "Disputes"). `orders.owner_id` is the effective owner every metric reads; while
// an override exists the feed's owner is kept in `order_credit_overrides.source_owner_id`, and the
// ingest upsert (src/store/ingest-upsert.ts) keeps a re-fed order on the override's owner.
import { z } from "zod";
import type { Sql } from "../db/client.ts";
import { recordAudit } from "./audit.ts";

const person = z.object({ id: z.number(), externalId: z.string(), name: z.string(), teamId: z.number().nullable() });
export type DisputePerson = z.infer<typeof person>;

const orderRow = z.object({
  id: z.number(),
  externalId: z.string(),
  customer: z.string(),
  bookedAt: z.date(),
  revenue: z.string(),
  owner: person,
  /** The feed's owner when an override is in force (null: the order is as fed). */
  sourceOwner: person.nullable(),
});
export type DisputeOrder = z.infer<typeof orderRow>;

const ORDER_SELECT = `
  SELECT o.id, o.external_id AS "externalId", c.name AS customer, o.booked_at AS "bookedAt", o.revenue::text AS revenue,
         json_build_object('id', e.id, 'externalId', e.external_id, 'name', e.name, 'teamId', e.team_id) AS owner,
         CASE WHEN ov.order_id IS NULL THEN NULL ELSE
           json_build_object('id', s.id, 'externalId', s.external_id, 'name', s.name, 'teamId', s.team_id) END AS "sourceOwner"
  FROM orders o JOIN customers c ON c.id = o.customer_id JOIN employees e ON e.id = o.owner_id
  LEFT JOIN order_credit_overrides ov ON ov.order_id = o.id LEFT JOIN employees s ON s.id = ov.source_owner_id`;

/** An order by external id: exactly as written, else the one order matching it case-insensitively. */
export async function orderForDispute(sql: Sql, externalId: string): Promise<DisputeOrder | null> {
  const exact = await sql.query(`${ORDER_SELECT} WHERE o.external_id = $1`, [externalId]);
  if (exact.rows[0]) return orderRow.parse(exact.rows[0]);
  const loose = await sql.query(`${ORDER_SELECT} WHERE lower(o.external_id) = lower($1) LIMIT 2`, [externalId]);
  return loose.rows.length === 1 ? orderRow.parse(loose.rows[0]) : null;
}

/** Current employees named `query` (name or external id, case-insensitive). */
export async function peopleForDispute(sql: Sql, query: string): Promise<DisputePerson[]> {
  const res = await sql.query(
    `SELECT id, external_id AS "externalId", name, team_id AS "teamId" FROM employees
     WHERE status <> 'left' AND (lower(name) = lower($1) OR lower(external_id) = lower($1))
     ORDER BY external_id COLLATE "C" LIMIT 5`,
    [query],
  );
  return res.rows.map((r) => person.parse(r));
}

export async function personById(sql: Sql, id: number): Promise<DisputePerson | null> {
  const res = await sql.query(
    `SELECT id, external_id AS "externalId", name, team_id AS "teamId" FROM employees WHERE id = $1`,
    [id],
  );
  return res.rows[0] ? person.parse(res.rows[0]) : null;
}

/**
 * Who decides a dispute on an order of `ownerTeamId`: the nearest active manager up the team tree
 * (the owner's team, then its parents) other than `except`; HR when there is none.
 */
export async function disputeDeciders(sql: Sql, ownerTeamId: number | null, except: number): Promise<number[]> {
  const res = await sql.query<{ id: number }>(
    `WITH RECURSIVE up AS (
       SELECT t.id, t.parent_id, t.manager_id, 0 AS depth FROM teams t WHERE t.id = $1
       UNION ALL SELECT p.id, p.parent_id, p.manager_id, up.depth + 1 FROM teams p JOIN up ON p.id = up.parent_id
       WHERE up.depth < 50)
     SELECT m.id FROM up JOIN employees m ON m.id = up.manager_id
     WHERE m.status = 'active' AND m.id <> $2 ORDER BY up.depth LIMIT 1`,
    [ownerTeamId, except],
  );
  if (res.rows.length) return res.rows.map((r) => r.id);
  const hr = await sql.query<{ id: number }>(
    `SELECT id FROM employees WHERE role = 'hr' AND status = 'active' AND id <> $1 ORDER BY external_id COLLATE "C"`,
    [except],
  );
  return hr.rows.map((r) => r.id);
}

const disputeRow = z.object({
  id: z.number(),
  status: z.enum(["pending", "approved", "rejected"]),
  raisedAt: z.date(),
  decidedAt: z.date().nullable(),
  raisedBy: person,
  fromOwner: person,
  proposedOwner: person.nullable(),
  decidedBy: person.nullable(),
  orderId: z.number(),
  orderExternalId: z.string(),
});
export type DisputeRow = z.infer<typeof disputeRow>;

const PERSON_JSON = (alias: string) =>
  `json_build_object('id', ${alias}.id, 'externalId', ${alias}.external_id, 'name', ${alias}.name, 'teamId', ${alias}.team_id)`;

export async function loadDispute(
  sql: Sql,
  id: number,
  options: { forUpdate?: boolean } = {},
): Promise<DisputeRow | null> {
  const res = await sql.query(
    `SELECT d.id, d.status::text AS status, d.raised_at AS "raisedAt", d.decided_at AS "decidedAt",
            ${PERSON_JSON("r")} AS "raisedBy", ${PERSON_JSON("f")} AS "fromOwner",
            CASE WHEN p.id IS NULL THEN NULL ELSE ${PERSON_JSON("p")} END AS "proposedOwner",
            CASE WHEN b.id IS NULL THEN NULL ELSE ${PERSON_JSON("b")} END AS "decidedBy",
            o.id AS "orderId", o.external_id AS "orderExternalId"
     FROM order_disputes d JOIN orders o ON o.id = d.order_id JOIN employees r ON r.id = d.raised_by_id
     JOIN employees f ON f.id = d.from_owner_id LEFT JOIN employees p ON p.id = d.proposed_owner_id
     LEFT JOIN employees b ON b.id = d.decided_by_id
     WHERE d.id = $1${options.forUpdate ? " FOR UPDATE OF d" : ""}`,
    [id],
  );
  return res.rows[0] ? disputeRow.parse(res.rows[0]) : null;
}

/** The order's open dispute, if any. */
export async function pendingDisputeId(sql: Sql, orderId: number): Promise<number | null> {
  const res = await sql.query<{ id: number }>(
    `SELECT id FROM order_disputes WHERE order_id = $1 AND status = 'pending'`,
    [orderId],
  );
  return res.rows[0]?.id ?? null;
}

/** Records a dispute and its audit line (call inside one transaction); null when one is already open. */
export async function insertDispute(
  sql: Sql,
  d: { order: DisputeOrder; raisedBy: number; proposedOwnerId: number | null; at: Date; actor: string },
): Promise<number | null> {
  const res = await sql.query<{ id: number }>(
    `INSERT INTO order_disputes (order_id, raised_by_id, from_owner_id, proposed_owner_id, raised_at)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (order_id) WHERE status = 'pending' DO NOTHING RETURNING id`,
    [d.order.id, d.raisedBy, d.order.owner.id, d.proposedOwnerId, d.at],
  );
  const id = res.rows[0]?.id;
  if (id === undefined) return null;
  await recordAudit(sql, {
    at: d.at,
    actor: d.actor,
    action: "dispute.raise",
    entity: "order",
    entityId: d.order.externalId,
    details: { dispute: id, from: d.order.owner.externalId, proposed: d.proposedOwnerId },
  });
  return id;
}

/** Marks a pending dispute decided; false when it was no longer pending. */
export async function markDecided(
  sql: Sql,
  d: { id: number; status: "approved" | "rejected"; by: number; at: Date },
): Promise<boolean> {
  const res = await sql.query(
    `UPDATE order_disputes SET status = $2::"DisputeStatus", decided_by_id = $3, decided_at = $4
     WHERE id = $1 AND status = 'pending'`,
    [d.id, d.status, d.by, d.at],
  );
  return res.rowCount === 1;
}

/**
 * Moves an order's credit to `ownerId`: the override keeps the feed's owner (the first override's
 * source, or the order's owner when there was none) and `orders.owner_id` becomes the new owner.
 * Moving it back to the feed's owner simply removes the override.
 */
export async function moveCredit(
  sql: Sql,
  m: { orderId: number; ownerId: number; disputeId: number | null; setBy: string; at: Date },
): Promise<void> {
  const source = await sql.query<{ source: number }>(
    `SELECT COALESCE(ov.source_owner_id, o.owner_id) AS source FROM orders o
     LEFT JOIN order_credit_overrides ov ON ov.order_id = o.id WHERE o.id = $1 FOR UPDATE OF o`,
    [m.orderId],
  );
  const sourceOwnerId = source.rows[0]!.source;
  if (sourceOwnerId === m.ownerId)
    await sql.query(`DELETE FROM order_credit_overrides WHERE order_id = $1`, [m.orderId]);
  else
    await sql.query(
      `INSERT INTO order_credit_overrides (order_id, owner_id, source_owner_id, dispute_id, set_by, set_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (order_id) DO UPDATE SET owner_id = EXCLUDED.owner_id, dispute_id = EXCLUDED.dispute_id,
         set_by = EXCLUDED.set_by, set_at = EXCLUDED.set_at`,
      [m.orderId, m.ownerId, sourceOwnerId, m.disputeId, m.setBy, m.at],
    );
  await sql.query(`UPDATE orders SET owner_id = $2, updated_at = $3 WHERE id = $1 AND owner_id <> $2`, [
    m.orderId,
    m.ownerId,
    m.at,
  ]);
}

/** Removes an order's override and puts the feed's owner back; the restored owner's id, or null when there was none. */
export async function clearOverride(sql: Sql, orderId: number, at: Date): Promise<number | null> {
  const res = await sql.query<{ source: number }>(
    `DELETE FROM order_credit_overrides WHERE order_id = $1 RETURNING source_owner_id AS source`,
    [orderId],
  );
  const source = res.rows[0]?.source;
  if (source === undefined) return null;
  await sql.query(`UPDATE orders SET owner_id = $2, updated_at = $3 WHERE id = $1 AND owner_id <> $2`, [
    orderId,
    source,
    at,
  ]);
  return source;
}

/**
 * The closed months an order's credit can reach: every closed period from the local month of its
 * earliest booking, payment or rating on (retention, overdue and later repurchases reach forward).
 */
export async function closedPeriodsReached(sql: Sql, orderId: number, tz: string): Promise<string[]> {
  const res = await sql.query<{ period: string }>(
    `WITH first AS (
       SELECT to_char(least(o.booked_at,
                            COALESCE((SELECT min(paid_at) FROM payments WHERE order_id = o.id), o.booked_at),
                            COALESCE((SELECT min(rated_at) FROM ratings WHERE order_id = o.id), o.booked_at))
                      AT TIME ZONE $2, 'YYYY-MM') AS period
       FROM orders o WHERE o.id = $1)
     SELECT DISTINCT c.period::text AS period FROM month_closes c, first WHERE c.period >= first.period
     ORDER BY 1`,
    [orderId, tz],
  );
  return res.rows.map((r) => r.period);
}

/** Which of these order and employee external ids exist (a bundle's overrides are checked first). */
export async function existingOrdersAndEmployees(
  sql: Sql,
  orders: string[],
  employees: string[],
): Promise<{ orders: Set<string>; employees: Set<string> }> {
  const o = await sql.query<{ k: string }>(`SELECT external_id AS k FROM orders WHERE external_id = ANY($1::text[])`, [
    orders,
  ]);
  const e = await sql.query<{ k: string }>(
    `SELECT external_id AS k FROM employees WHERE external_id = ANY($1::text[])`,
    [employees],
  );
  return { orders: new Set(o.rows.map((r) => r.k)), employees: new Set(e.rows.map((r) => r.k)) };
}

/**
 * A bundle's override: the order's credit goes to the employee, the feed's owner kept beside it.
 * "unchanged" when the order's credit is already theirs.
 */
export async function importOverride(
  sql: Sql,
  o: { orderExternalId: string; ownerExternalId: string; at: Date },
): Promise<"created" | "updated" | "unchanged"> {
  const res = await sql.query<{ order_id: number; owner_id: number; current: number | null }>(
    `SELECT o.id AS order_id, e.id AS owner_id, ov.owner_id AS current
     FROM orders o JOIN employees e ON e.external_id = $2 LEFT JOIN order_credit_overrides ov ON ov.order_id = o.id
     WHERE o.external_id = $1`,
    [o.orderExternalId, o.ownerExternalId],
  );
  const row = res.rows[0]!;
  if (row.current === row.owner_id) return "unchanged";
  await moveCredit(sql, { orderId: row.order_id, ownerId: row.owner_id, disputeId: null, setBy: "import", at: o.at });
  return row.current === null ? "created" : "updated";
}

/** The language each of these employees reads in (null: the organization's). */
export async function localesOf(sql: Sql, ids: readonly number[]): Promise<Map<number, string | null>> {
  const res = await sql.query<{ id: number; locale: string | null }>(
    `SELECT id, locale FROM employees WHERE id = ANY($1::int[])`,
    [ids],
  );
  return new Map(res.rows.map((r) => [r.id, r.locale]));
}
