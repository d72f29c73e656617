// The raw ingredients of the 12 metrics, aggregated in Postgres for a set of salespeople in one
// statement (one person, a team or the whole organization). Ratios come back as numerator and
// denominator so the engine divides exactly (src/kpi/actuals.ts); money comes back as numeric text.
//
// Window: [from, to) — a whole period, or [start of period, as-of instant) for progress.
// Definitions: docs/KPI-RULES.md "The twelve metrics"; each CTE names the rule it implements.
import pg from "pg";
import { z } from "zod";
import { hasJitOff, type Sql } from "../db/client.ts";

export interface MetricWindow {
  /** Start of the period (inclusive). */
  from: Date;
  /** End of the window (exclusive): the period's end, or the as-of instant. */
  to: Date;
  /** Start of the previous period (for retention). */
  previousFrom: Date;
  /** Local date (YYYY-MM-DD) of `to`: orders due before it are overdue at `to`. */
  overdueBefore: string;
  timezone: string;
}

const dec = z.string().regex(/^-?\d+(\.\d+)?$/);
const int = z.coerce.number().int().nonnegative();

export const rawMetricsRow = z.object({
  employee_id: z.number().int(),
  booked_revenue: dec,
  collected_revenue: dec,
  shipments: int,
  gross_profit: dec,
  new_customers: int,
  repurchase_num: int,
  repurchase_den: int,
  retention_num: int,
  retention_den: int,
  conversion_num: int,
  conversion_den: int,
  collection_days_sum: int,
  collection_days_n: int,
  rating_sum: int,
  rating_n: int,
  overdue_receivables: dec,
});
export type RawMetrics = z.infer<typeof rawMetricsRow>;

// How it stays fast (docs/BENCHMARKS.md, "KPI engine"): everything is driven from the orders of
// the people asked about. Each order carries roll-ups of its payments and ratings (paid_total,
// last_paid_at, last_rated_at; kept by triggers, migration order_rollups), so only orders with a
// payment or rating dated from the window's start on are probed: one index-only probe of
// payments_order_paid_cover_idx yields the window's collected amount, whether the order was touched
// in the window and its payments before the window's end (overdue) at once. So one person or a team
// costs in proportion to their own orders (most of them settled long ago and never probed), and the
// whole organization stays a few linear passes.
export const METRICS_SQL = `
WITH emp AS (SELECT unnest($1::int[]) AS id),
-- the orders of the people asked about that can count in the window, with "live" = not cancelled:
-- booked in this or the previous period, paid or rated from the window's start on, or due before
-- the window's end and not paid in full (an order paid in full before the window owes nothing)
ord AS MATERIALIZED (
  SELECT o.id, o.owner_id, o.customer_id, o.revenue, o.cost, o.booked_at, o.due_date, o.status <> 'cancelled' AS live,
    o.paid_total, o.last_paid_at, o.last_rated_at
  FROM orders o
  WHERE o.owner_id = ANY($1::int[])
    AND ((o.booked_at >= $4 AND o.booked_at < $3) OR o.last_paid_at >= $2 OR o.last_rated_at >= $2
      OR (o.due_date < $5::date AND o.booked_at < $3 AND o.paid_total < o.revenue))
),
lo AS (SELECT * FROM ord WHERE live),
-- per order whose last payment is dated on or after the window's start, its payments before the
-- window's end: the part dated in the window (and how many), and the whole sum (for overdue). Any
-- other order has nothing in the window, and everything it was paid is before the end (paid_total).
per_order AS MATERIALIZED (
  SELECT ord.id, ord.owner_id, ord.live, ord.revenue, ord.booked_at, ord.due_date, pay.in_window, pay.n_in_window, pay.before_end
  FROM ord CROSS JOIN LATERAL (
    SELECT sum(p.amount) FILTER (WHERE p.paid_at >= $2) AS in_window,
      count(*) FILTER (WHERE p.paid_at >= $2) AS n_in_window,
      sum(p.amount) AS before_end
    FROM payments p WHERE p.order_id = ord.id AND p.paid_at < $3
  ) pay
  WHERE ord.last_paid_at >= $2
),
-- booked_revenue, shipments, gross_profit: live orders booked in the window
booked AS (
  SELECT owner_id, sum(revenue) AS revenue, count(*) AS n, sum(revenue - cost) AS profit
  FROM lo WHERE booked_at >= $2 AND booked_at < $3 GROUP BY owner_id
),
-- collected_revenue: payments dated in the window on their orders, whatever the order's status
collected AS (
  SELECT owner_id, sum(in_window) AS amount FROM per_order WHERE n_in_window > 0 GROUP BY owner_id
),
-- distinct customers of each person's live orders in the window, with each customer's first
-- live order ever (earliest booked_at over all owners; ties → smaller external id)
cust AS (SELECT DISTINCT owner_id, customer_id FROM lo WHERE booked_at >= $2 AND booked_at < $3),
first_order AS (
  SELECT c.owner_id, c.customer_id, f.owner_id AS first_owner, f.booked_at AS first_at
  FROM cust c CROSS JOIN LATERAL (
    SELECT x.owner_id, x.booked_at FROM orders x
    WHERE x.customer_id = c.customer_id AND x.status <> 'cancelled'
    ORDER BY x.booked_at, x.external_id COLLATE "C" LIMIT 1
  ) f
),
-- new_customers (first live order in the window and owned by the person) and repurchase_rate
-- (share of the window's customers whose first live order was before the period)
firsts AS (
  SELECT owner_id,
    count(*) FILTER (WHERE first_at >= $2 AND first_owner = owner_id) AS new_customers,
    count(*) FILTER (WHERE first_at < $2) AS repurchase_num,
    count(*) AS repurchase_den
  FROM first_order GROUP BY owner_id
),
-- retention_rate: previous period's customers that also bought from the person in the window
prev_cust AS (SELECT DISTINCT owner_id, customer_id FROM lo WHERE booked_at >= $4 AND booked_at < $2),
retention AS (
  SELECT p.owner_id, count(c.customer_id) AS num, count(*) AS den
  FROM prev_cust p LEFT JOIN cust c ON c.owner_id = p.owner_id AND c.customer_id = p.customer_id
  GROUP BY p.owner_id
),
-- conversion_rate: leads closed in the window, converted / (converted + lost)
conversion AS (
  SELECT owner_id, count(*) FILTER (WHERE status = 'converted') AS num, count(*) AS den
  FROM leads
  WHERE owner_id = ANY($1::int[]) AND status IN ('converted', 'lost') AND closed_at >= $2 AND closed_at < $3
  GROUP BY owner_id
),
-- collection_days: live orders with a payment in the window whose running payments (by paid_at,
-- then external id) first reach the revenue inside the window; days = local paid-in-full date −
-- local booked date. Payments from the window's end on cannot move a moment inside it, so the
-- running sum stops there.
paid_in_full AS (
  SELECT t.owner_id, t.booked_at, f.paid_at
  FROM per_order t CROSS JOIN LATERAL (
    SELECT r.paid_at FROM (
      SELECT p.paid_at, p.external_id,
        sum(p.amount) OVER (ORDER BY p.paid_at, p.external_id COLLATE "C" ROWS UNBOUNDED PRECEDING) AS paid
      FROM payments p WHERE p.order_id = t.id AND p.paid_at < $3
    ) r WHERE r.paid >= t.revenue ORDER BY r.paid_at, r.external_id COLLATE "C" LIMIT 1
  ) f
  WHERE t.live AND t.n_in_window > 0
),
collection AS (
  SELECT owner_id,
    sum((paid_at AT TIME ZONE $6)::date - (booked_at AT TIME ZONE $6)::date) AS days, count(*) AS n
  FROM paid_in_full WHERE paid_at >= $2
  GROUP BY owner_id
),
-- collaboration_score: ratings dated in the window on the person's live orders (any department);
-- only orders whose last rating is dated on or after the window's start can have one
rated AS (
  SELECT lo.owner_id, sum(x.total) AS total, sum(x.n) AS n
  FROM lo CROSS JOIN LATERAL (
    SELECT sum(r.score) AS total, count(*) AS n FROM ratings r WHERE r.order_id = lo.id AND r.rated_at >= $2 AND r.rated_at < $3
  ) x
  WHERE lo.last_rated_at >= $2
  GROUP BY lo.owner_id
),
-- overdue_receivables at the end of the window: live orders booked before it, due before its
-- local date, adding each positive outstanding (revenue − payments before the end)
overdue AS (
  SELECT owner_id, sum(GREATEST(revenue - COALESCE(before_end, 0), 0)) AS amount
  FROM (
    SELECT owner_id, revenue, before_end, live, booked_at, due_date FROM per_order
    UNION ALL
    SELECT owner_id, revenue, paid_total, live, booked_at, due_date FROM ord WHERE last_paid_at IS NULL OR last_paid_at < $2
  ) o
  WHERE live AND booked_at < $3 AND due_date < $5::date
  GROUP BY owner_id
)
SELECT emp.id AS employee_id,
  COALESCE(booked.revenue, 0)::text AS booked_revenue,
  COALESCE(collected.amount, 0)::text AS collected_revenue,
  COALESCE(booked.n, 0) AS shipments,
  COALESCE(booked.profit, 0)::text AS gross_profit,
  COALESCE(firsts.new_customers, 0) AS new_customers,
  COALESCE(firsts.repurchase_num, 0) AS repurchase_num,
  COALESCE(firsts.repurchase_den, 0) AS repurchase_den,
  COALESCE(retention.num, 0) AS retention_num,
  COALESCE(retention.den, 0) AS retention_den,
  COALESCE(conversion.num, 0) AS conversion_num,
  COALESCE(conversion.den, 0) AS conversion_den,
  COALESCE(collection.days, 0) AS collection_days_sum,
  COALESCE(collection.n, 0) AS collection_days_n,
  COALESCE(rated.total, 0) AS rating_sum,
  COALESCE(rated.n, 0) AS rating_n,
  COALESCE(overdue.amount, 0)::text AS overdue_receivables
FROM emp
LEFT JOIN booked ON booked.owner_id = emp.id
LEFT JOIN collected ON collected.owner_id = emp.id
LEFT JOIN firsts ON firsts.owner_id = emp.id
LEFT JOIN retention ON retention.owner_id = emp.id
LEFT JOIN conversion ON conversion.owner_id = emp.id
LEFT JOIN collection ON collection.owner_id = emp.id
LEFT JOIN rated ON rated.owner_id = emp.id
LEFT JOIN overdue ON overdue.owner_id = emp.id
ORDER BY emp.id`;

/** The statement's parameters for `employeeIds` over `window` (also used by the benchmark's EXPLAIN). */
export function metricParams(employeeIds: number[], window: MetricWindow): unknown[] {
  return [employeeIds, window.from, window.to, window.previousFrom, window.overdueBefore, window.timezone];
}

/**
 * Runs `text` with JIT compilation off. The statement is big, so for a team or more its estimated
 * cost passes the server's default jit_above_cost, and compiling it took longer than running it
 * (about 1 s for 50 people, 1.8 s for the whole organization; docs/BENCHMARKS.md). The setting is
 * local to a transaction: on a pool the statement gets its own; on a client (possibly inside the
 * caller's transaction) the previous value is put back afterwards.
 */
export async function queryWithoutJit(
  sql: Sql,
  text: string,
  params: unknown[],
  options: { prepareAs?: string } = {},
): Promise<pg.QueryResult> {
  const query: pg.QueryConfig = { text, values: params, ...(options.prepareAs ? { name: options.prepareAs } : {}) };
  // Pools from openDatabase set it per session: nothing to do per statement.
  if (hasJitOff(sql)) return sql.query(query);
  if (sql instanceof pg.Pool) {
    const client = await sql.connect();
    try {
      await client.query("BEGIN READ ONLY; SET LOCAL jit = off");
      const res = await client.query(query);
      await client.query("COMMIT");
      return res;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }
  const before = await sql.query<{ jit: string }>(
    "SELECT current_setting('jit') AS jit, set_config('jit', 'off', true)",
  );
  // On an error the caller's transaction is aborted (and its settings with it): nothing to restore.
  const res = await sql.query(query);
  await sql.query("SELECT set_config('jit', $1, true)", [before.rows[0]?.jit ?? "on"]);
  return res;
}

/**
 * Up to this many people (a team, or a few) the statement runs prepared, once per connection: for
 * a team, planning it (2–3 ms) cost a third of running it, and Postgres' generic plan for a
 * handful of owners is the plan it would pick each time. Larger sets (a branch, the whole
 * organization) are planned for their size.
 */
const PREPARED_UP_TO = 100;

/** Raw metric ingredients for each of `employeeIds` over `window` (one row each, in id order). */
export async function queryRawMetrics(sql: Sql, employeeIds: number[], window: MetricWindow): Promise<RawMetrics[]> {
  if (employeeIds.length === 0) return [];
  const prepared = employeeIds.length <= PREPARED_UP_TO ? { prepareAs: "pacer_kpi_metrics" } : {};
  const res = await queryWithoutJit(sql, METRICS_SQL, metricParams(employeeIds, window), prepared);
  return res.rows.map((r) => rawMetricsRow.parse(r));
}
