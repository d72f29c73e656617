// Each metric's meaning as rows: which rows count (in which window, for which owner) and what each
// row contributes. The drill-down (store/explain-sql.ts: the rows behind one person's number) is
// built from these fragments. The aggregate statement (store/metric-rollup-sql.ts) reads per-day
// roll-ups instead; test/kpi/metric-rows.test.ts holds the rows listed here to the aggregate, and
// test/kpi/metric-rollup-equality.test.ts the aggregate to the rules read literally.
//
// Parameters, shared by every statement built from here: $1 int[] the people asked about, $2 start
// of the window (inclusive), $3 its end (exclusive), $4 start of the previous period, $5 the local
// date of $3 (orders due before it are overdue), $6 the time zone. Definitions: PRODUCT.md "KPI
// rules".
import type { MetricKey } from "../kpi/metrics.ts";

/** A payment (alias p) dated inside the window. */
const PAID_IN_WINDOW = "p.paid_at >= $2 AND p.paid_at < $3";
/** A rating (alias r) dated inside the window (IS TRUE: see the ratings source). */
const RATED_IN_WINDOW = "(r.rated_at >= $2 AND r.rated_at < $3) IS TRUE";

// How the drill-down stays fast (docs/BENCHMARKS.md, "KPI engine"): everything is driven from the orders of
// the people asked about. Each order carries roll-ups of its payments and ratings (paid_total,
// last_paid_at, last_rated_at; kept by triggers, migration order_rollups), so only orders with a
// payment or rating dated from the window's start on are probed: one index-only probe of
// payments_order_paid_cover_idx yields the window's collected amount, whether the order was touched
// in the window and its payments before the window's end (overdue) at once. So one person or a team
// costs in proportion to their own orders (most of them settled long ago and never probed), and the
// whole organization stays a few linear passes.
const SCOPE = `
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
    SELECT sum(p.amount) FILTER (WHERE ${PAID_IN_WINDOW}) AS in_window,
      count(*) FILTER (WHERE ${PAID_IN_WINDOW}) AS n_in_window,
      sum(p.amount) AS before_end
    FROM payments p WHERE p.order_id = ord.id AND p.paid_at < $3
  ) pay
  WHERE ord.last_paid_at >= $2
)`;

/**
 * The row sources. Each is a CTE named `<source>_rows`: one row per thing that counts, with its
 * owner_id and the columns its metrics add up or flag. Sources may build on one another (the
 * window's customers are the customers of its booked orders).
 */
const SOURCES = {
  // live orders booked in the window
  booked: `
  SELECT owner_id, id AS order_id, customer_id, revenue, cost, revenue - cost AS profit
  FROM lo WHERE booked_at >= $2 AND booked_at < $3`,
  // orders with payments dated in the window, whatever the order's status; `amount` is the sum of
  // those payments (the explain lists them one by one: payments p of order_id with PAID_IN_WINDOW)
  collected: `
  SELECT owner_id, id AS order_id, in_window AS amount FROM per_order WHERE n_in_window > 0`,
  // distinct customers of each person's booked orders in the window, with each customer's first
  // live order ever (earliest booked_at over all owners; ties → smaller external id): new when that
  // order is the person's and in the window, repeat when it was before the period
  customers: `
  SELECT c.owner_id, c.customer_id, c.n AS orders_in_window, f.id AS first_order_id, f.booked_at AS first_at,
    (f.booked_at >= $2 AND f.owner_id = c.owner_id) AS is_new, (f.booked_at < $2) AS is_repeat
  FROM cust c CROSS JOIN LATERAL (
    SELECT x.id, x.owner_id, x.booked_at FROM orders x
    WHERE x.customer_id = c.customer_id AND x.status <> 'cancelled'
    ORDER BY x.booked_at, x.external_id COLLATE "C" LIMIT 1
  ) f`,
  // the previous period's customers of the person; retained when they also bought in the window
  retention: `
  SELECT p.owner_id, p.customer_id, p.n AS previous_orders, COALESCE(c.n, 0) AS orders_in_window,
    (c.customer_id IS NOT NULL) AS retained
  FROM prev_cust p LEFT JOIN cust c ON c.owner_id = p.owner_id AND c.customer_id = p.customer_id`,
  // leads closed in the window, converted or lost
  leads: `
  SELECT owner_id, id AS lead_id, (status = 'converted') AS converted
  FROM leads
  WHERE owner_id = ANY($1::int[]) AND status IN ('converted', 'lost') AND closed_at >= $2 AND closed_at < $3`,
  // live orders with a payment in the window whose running payments (by paid_at, then external id)
  // first reach the revenue inside the window; days = local paid-in-full date − local booked date.
  // Payments from the window's end on cannot move a moment inside it, so the running sum stops there.
  collection: `
  SELECT t.owner_id, t.id AS order_id, t.booked_at, f.payment_id, f.paid_at,
    (t.booked_at AT TIME ZONE $6)::date AS booked_date, (f.paid_at AT TIME ZONE $6)::date AS paid_date,
    (f.paid_at AT TIME ZONE $6)::date - (t.booked_at AT TIME ZONE $6)::date AS days
  FROM per_order t CROSS JOIN LATERAL (
    SELECT r.id AS payment_id, r.paid_at FROM (
      SELECT p.id, p.paid_at, p.external_id,
        sum(p.amount) OVER (ORDER BY p.paid_at, p.external_id COLLATE "C" ROWS UNBOUNDED PRECEDING) AS paid
      FROM payments p WHERE p.order_id = t.id AND p.paid_at < $3
    ) r WHERE r.paid >= t.revenue ORDER BY r.paid_at, r.external_id COLLATE "C" LIMIT 1
  ) f
  WHERE t.live AND t.n_in_window > 0 AND f.paid_at >= $2`,
  // orders with ratings dated in the window, among the person's live orders (ratings of any
  // department); only orders whose last rating is dated on or after the window's start can have
  // one. Per order: the sum of those scores and how many (the explain lists them one by one:
  // ratings r of order_id with RATED_IN_WINDOW). The probe goes by order (ratings_order_id_idx):
  // RATED_IN_WINDOW is not indexable, because as a range over ratings_rated_cover_idx a generic
  // plan read the whole window's ratings once per order.
  ratings: `
  SELECT lo.owner_id, lo.id AS order_id, x.score, x.n
  FROM lo CROSS JOIN LATERAL (
    SELECT sum(r.score) AS score, count(*) AS n FROM ratings r WHERE r.order_id = lo.id AND ${RATED_IN_WINDOW}
  ) x
  WHERE lo.last_rated_at >= $2 AND x.n > 0`,
  // live orders booked before the window's end, due before its local date, with a positive
  // outstanding (revenue − payments before the end) at the end
  overdue: `
  SELECT owner_id, order_id, revenue, paid, revenue - paid AS outstanding
  FROM (
    SELECT id AS order_id, owner_id, revenue, COALESCE(before_end, 0.00) AS paid, live, booked_at, due_date FROM per_order
    UNION ALL
    SELECT id, owner_id, revenue, paid_total, live, booked_at, due_date FROM ord WHERE last_paid_at IS NULL OR last_paid_at < $2
  ) o
  WHERE live AND booked_at < $3 AND due_date < $5::date AND revenue - paid > 0`,
} as const;

export type RowSource = keyof typeof SOURCES;

/** The window's customers (from its booked orders) and the previous period's, per person. */
const CUSTOMER_SETS = `
cust AS (SELECT owner_id, customer_id, count(*) AS n FROM booked_rows GROUP BY owner_id, customer_id),
prev_cust AS (
  SELECT owner_id, customer_id, count(*) AS n FROM lo WHERE booked_at >= $4 AND booked_at < $2 GROUP BY owner_id, customer_id
)`;

/**
 * Every CTE a metric statement may use, in dependency order. Postgres runs only the CTEs a
 * statement references, so a statement that lists one source pays for that source alone.
 */
export const METRIC_CTES = [
  SCOPE,
  `booked_rows AS (${SOURCES.booked})`,
  CUSTOMER_SETS,
  ...(Object.keys(SOURCES) as RowSource[]).filter((s) => s !== "booked").map((s) => `${s}_rows AS (${SOURCES[s]})`),
].join(",\n");

/**
 * The rows behind each metric: a source, optionally narrowed by one of its boolean columns. The
 * explain lists exactly these rows; every ingredient of the metric aggregates exactly these rows.
 */
export const METRIC_ROWS: Readonly<Record<MetricKey, { source: RowSource; where?: string }>> = {
  booked_revenue: { source: "booked" },
  collected_revenue: { source: "collected" },
  shipments: { source: "booked" },
  gross_profit: { source: "booked" },
  // gross_profit / shipments: the same orders
  profit_per_shipment: { source: "booked" },
  new_customers: { source: "customers", where: "is_new" },
  repurchase_rate: { source: "customers" },
  retention_rate: { source: "retention" },
  conversion_rate: { source: "leads" },
  collection_days: { source: "collection" },
  collaboration_score: { source: "ratings" },
  overdue_receivables: { source: "overdue" },
};

/** What the aggregate statement returns per person (src/kpi/actuals.ts turns them into metrics). */
export type Ingredient =
  | "booked_revenue"
  | "collected_revenue"
  | "shipments"
  | "gross_profit"
  | "new_customers"
  | "repurchase_num"
  | "repurchase_den"
  | "retention_num"
  | "retention_den"
  | "conversion_num"
  | "conversion_den"
  | "collection_days_sum"
  | "collection_days_n"
  | "rating_sum"
  | "rating_n"
  | "overdue_receivables";

export interface IngredientSpec {
  /** The metric whose rows it aggregates (its source and narrowing come from METRIC_ROWS). */
  metric: MetricKey;
  /** count(*) of the rows, or sum of a column of theirs. */
  fn: "count" | "sum";
  of?: string;
  /** A boolean column of the source that further selects the rows counted (a rate's numerator). */
  when?: string;
  /** Money: returned as exact numeric text. */
  money?: true;
}

export const INGREDIENTS: Readonly<Record<Ingredient, IngredientSpec>> = {
  booked_revenue: { metric: "booked_revenue", fn: "sum", of: "revenue", money: true },
  collected_revenue: { metric: "collected_revenue", fn: "sum", of: "amount", money: true },
  shipments: { metric: "shipments", fn: "count" },
  gross_profit: { metric: "gross_profit", fn: "sum", of: "profit", money: true },
  new_customers: { metric: "new_customers", fn: "count" },
  repurchase_num: { metric: "repurchase_rate", fn: "count", when: "is_repeat" },
  repurchase_den: { metric: "repurchase_rate", fn: "count" },
  retention_num: { metric: "retention_rate", fn: "count", when: "retained" },
  retention_den: { metric: "retention_rate", fn: "count" },
  conversion_num: { metric: "conversion_rate", fn: "count", when: "converted" },
  conversion_den: { metric: "conversion_rate", fn: "count" },
  collection_days_sum: { metric: "collection_days", fn: "sum", of: "days" },
  collection_days_n: { metric: "collection_days", fn: "count" },
  rating_sum: { metric: "collaboration_score", fn: "sum", of: "score" },
  rating_n: { metric: "collaboration_score", fn: "sum", of: "n" },
  overdue_receivables: { metric: "overdue_receivables", fn: "sum", of: "outstanding", money: true },
};

/**
 * A statement listing the rows behind `metric` (for the people in $1): `select` picks the columns
 * from the source's rows (alias s) and whatever `joins` adds for display; nothing may narrow them.
 */
export function buildRowsStatement(metric: MetricKey, select: string, joins: string): string {
  const { source, where } = METRIC_ROWS[metric];
  return `
WITH ${METRIC_CTES}
SELECT ${select}
FROM ${source}_rows s ${joins}${where ? `\nWHERE s.${where}` : ""}`;
}

/** Within a rows statement: each payment (alias p) that the collected row s sums. */
export const COLLECTED_PAYMENT_JOIN = `JOIN payments p ON p.order_id = s.order_id AND ${PAID_IN_WINDOW}`;
/** Within a rows statement: each rating (alias r) that the ratings row s sums. */
export const RATING_JOIN = `JOIN ratings r ON r.order_id = s.order_id AND ${RATED_IN_WINDOW}`;
