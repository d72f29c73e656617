// The rows behind the numbers, and the month-close snapshots read back.
//
// Explain: for one salesperson, one metric and one window, the exact rows that the aggregate in
// store/metric-sql.ts counts — each query below repeats that CTE's conditions (same filters, same
// tie-breaks, same time-zone arithmetic), so re-aggregating the rows gives the metric back. Keep
// the two files in step: a change to a rule there must be made here too (test/services/
// explain.test.ts re-aggregates every metric against computePeriod to catch a drift).
//
// Paging is done in one statement (count and page from the same snapshot), in a stable order that
// always ends with a unique external id, so pages never overlap or skip under equal timestamps.
// Money is cast to text in SQL (numeric → exact decimal string); dates are cast to text because
// node-pg would turn a `date` into a JS Date at local midnight of the server.
import { z } from "zod";
import type { Sql } from "../db/client.ts";
import { METRICS, type MetricKey } from "../kpi/metrics.ts";
import type { MetricWindow } from "./metric-sql.ts";

const dec = z.string().regex(/^-?\d+(\.\d+)?$/);
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const liveStatus = z.enum(["booked", "in_transit", "completed"]);
const anyStatus = z.enum(["booked", "in_transit", "completed", "cancelled"]);

// ─── Row shapes ──────────────────────────────────────────────────────────────────────────────────

/** A live order booked in the window (booked_revenue, shipments, gross_profit, profit_per_shipment). */
export const bookedOrderRow = z.object({
  orderExternalId: z.string(),
  customerExternalId: z.string(),
  customerName: z.string(),
  bookedAt: z.date(),
  revenue: dec,
  cost: dec,
  /** revenue − cost */
  profit: dec,
  // Only live orders can appear; a cancelled one here would be a bug, so parsing rejects it.
  status: liveStatus,
});
export type BookedOrderRow = z.infer<typeof bookedOrderRow>;

/** A payment dated in the window on one of the person's orders (collected_revenue). */
export const collectedPaymentRow = z.object({
  paymentExternalId: z.string(),
  orderExternalId: z.string(),
  customerExternalId: z.string(),
  customerName: z.string(),
  paidAt: z.date(),
  /** Negative for a refund. */
  amount: dec,
  refund: z.boolean(),
  /** Any status, cancelled included: payments count whatever the order's status. */
  orderStatus: anyStatus,
});
export type CollectedPaymentRow = z.infer<typeof collectedPaymentRow>;

/** A customer whose first live order ever is the person's and was booked in the window. */
export const newCustomerRow = z.object({
  customerExternalId: z.string(),
  customerName: z.string(),
  firstOrderExternalId: z.string(),
  firstBookedAt: z.date(),
  firstOrderRevenue: dec,
});
export type NewCustomerRow = z.infer<typeof newCustomerRow>;

/** A distinct customer of the person's live orders in the window; repeat = first bought before the period. */
export const repurchaseCustomerRow = z.object({
  customerExternalId: z.string(),
  customerName: z.string(),
  /** The customer's first live order ever (any owner). */
  firstOrderExternalId: z.string(),
  firstBookedAt: z.date(),
  /** Live orders of the person for this customer in the window. */
  ordersInWindow: z.coerce.number().int().positive(),
  repeat: z.boolean(),
});
export type RepurchaseCustomerRow = z.infer<typeof repurchaseCustomerRow>;

/** A customer of the person in the previous period; retained = bought from the person again in the window. */
export const retentionCustomerRow = z.object({
  customerExternalId: z.string(),
  customerName: z.string(),
  previousOrders: z.coerce.number().int().positive(),
  ordersInWindow: z.coerce.number().int().nonnegative(),
  retained: z.boolean(),
});
export type RetentionCustomerRow = z.infer<typeof retentionCustomerRow>;

/** A lead closed (converted or lost) in the window. */
export const closedLeadRow = z.object({
  leadExternalId: z.string(),
  createdAt: z.date(),
  closedAt: z.date(),
  status: z.enum(["converted", "lost"]),
});
export type ClosedLeadRow = z.infer<typeof closedLeadRow>;

/** A live order whose running payments first reached its revenue inside the window. */
export const collectionOrderRow = z.object({
  orderExternalId: z.string(),
  customerExternalId: z.string(),
  customerName: z.string(),
  revenue: dec,
  bookedAt: z.date(),
  bookedDate: localDate,
  /** The payment after which the running sum first reached the revenue. */
  paidInFullPaymentExternalId: z.string(),
  paidInFullAt: z.date(),
  paidInFullDate: localDate,
  /** paidInFullDate − bookedDate, in local days. */
  days: z.number().int(),
});
export type CollectionOrderRow = z.infer<typeof collectionOrderRow>;

/** A rating dated in the window on one of the person's live orders (any department). */
export const ratingRow = z.object({
  ratingExternalId: z.string(),
  orderExternalId: z.string(),
  score: z.number().int().min(1).max(5),
  raterDepartment: z.string(),
  ratedAt: z.date(),
});
export type RatingRow = z.infer<typeof ratingRow>;

/** A live order overdue at the end of the window with a positive outstanding amount. */
export const overdueOrderRow = z.object({
  orderExternalId: z.string(),
  customerExternalId: z.string(),
  customerName: z.string(),
  bookedAt: z.date(),
  dueDate: localDate,
  revenue: dec,
  /** Σ payments before the end of the window. */
  paid: dec,
  /** revenue − paid (> 0) */
  outstanding: dec,
});
export type OverdueOrderRow = z.infer<typeof overdueOrderRow>;

/** What each metric is made of. */
export interface ExplainRowOf {
  booked_revenue: BookedOrderRow;
  collected_revenue: CollectedPaymentRow;
  shipments: BookedOrderRow;
  gross_profit: BookedOrderRow;
  profit_per_shipment: BookedOrderRow;
  new_customers: NewCustomerRow;
  repurchase_rate: RepurchaseCustomerRow;
  retention_rate: RetentionCustomerRow;
  conversion_rate: ClosedLeadRow;
  collection_days: CollectionOrderRow;
  collaboration_score: RatingRow;
  overdue_receivables: OverdueOrderRow;
}

// ─── Paging ──────────────────────────────────────────────────────────────────────────────────────

export interface PageSlice {
  offset: number;
  limit: number;
}

export interface PagedRows<T> {
  rows: T[];
  total: number;
  /** Σ of `sumColumn` over all rows (not only the page), when asked for. */
  sum: string | null;
}

interface RowQuery<T> {
  schema: z.ZodType<T>;
  /** A SELECT using $1…$n; its column names are the row's field names. */
  inner: string;
  /** ORDER BY over the inner columns (as x."field"), ending with a unique key. */
  orderBy: string;
  params: unknown[];
  /** A numeric column to total over all rows. */
  sumColumn?: string;
}

const pagedMeta = z.object({
  total__: z.coerce.number().int().nonnegative(),
  sum__: dec.nullable(),
  rn__: z.unknown(),
});

/**
 * The page and the total in one statement: the count comes from a one-row subquery that is
 * LEFT JOINed to the page, so an empty page (past the end) still returns the total.
 */
async function pagedRows<T>(sql: Sql, q: RowQuery<T>, slice: PageSlice): Promise<PagedRows<T>> {
  const n = q.params.length;
  const sumExpr = q.sumColumn ? `COALESCE(sum(r."${q.sumColumn}"::numeric), 0.00)::text` : "NULL::text";
  const text = `
WITH r AS (SELECT x.*, row_number() OVER (ORDER BY ${q.orderBy}) AS rn__ FROM (${q.inner}) x)
SELECT t.total__, t.sum__, r.*
FROM (SELECT count(*) AS total__, ${sumExpr} AS sum__ FROM r) t
LEFT JOIN r ON r.rn__ > $${n + 1} AND r.rn__ <= $${n + 2}
ORDER BY r.rn__`;
  const res = await sql.query(text, [...q.params, slice.offset, slice.offset + slice.limit]);
  const first = pagedMeta.parse(res.rows[0]);
  const rows = first.rn__ === null ? [] : res.rows.map((row) => q.schema.parse(row));
  return { rows, total: first.total__, sum: first.sum__ };
}

// ─── The explain queries, one per metric (see metric-sql.ts for the rule each mirrors) ───────────

type QueryFor<M extends MetricKey> = (employeeId: number, w: MetricWindow) => RowQuery<ExplainRowOf[M]>;

// booked / shipments / gross_profit CTE "booked": live orders booked in [from, to).
const bookedOrders = (employeeId: number, w: MetricWindow): RowQuery<BookedOrderRow> => ({
  schema: bookedOrderRow,
  inner: `
    SELECT o.external_id AS "orderExternalId", c.external_id AS "customerExternalId", c.name AS "customerName",
      o.booked_at AS "bookedAt", o.revenue::text AS revenue, o.cost::text AS cost, (o.revenue - o.cost)::text AS profit,
      o.status::text AS status
    FROM orders o JOIN customers c ON c.id = o.customer_id
    WHERE o.owner_id = $1 AND o.status <> 'cancelled' AND o.booked_at >= $2 AND o.booked_at < $3`,
  orderBy: `x."bookedAt", x."orderExternalId" COLLATE "C"`,
  params: [employeeId, w.from, w.to],
});

// CTE "cust" + "first_order": the window's distinct customers with their first live order ever
// (earliest booked_at over all owners; equal instants → smaller external id).
const CUSTOMERS_WITH_FIRST_ORDER = `
    SELECT k.customer_id, k.n, f.external_id AS first_ext, f.owner_id AS first_owner, f.booked_at AS first_at, f.revenue AS first_revenue
    FROM (
      SELECT customer_id, count(*) AS n FROM orders
      WHERE owner_id = $1 AND status <> 'cancelled' AND booked_at >= $2 AND booked_at < $3
      GROUP BY customer_id
    ) k CROSS JOIN LATERAL (
      SELECT x.external_id, x.owner_id, x.booked_at, x.revenue FROM orders x
      WHERE x.customer_id = k.customer_id AND x.status <> 'cancelled'
      ORDER BY x.booked_at, x.external_id COLLATE "C" LIMIT 1
    ) f`;

const QUERIES: { [M in MetricKey]: QueryFor<M> } = {
  booked_revenue: bookedOrders,
  shipments: bookedOrders,
  gross_profit: bookedOrders,
  // gross_profit / shipments: the same orders.
  profit_per_shipment: bookedOrders,

  // CTE "collected": payments dated in the window on the person's orders, any order status.
  collected_revenue: (employeeId, w) => ({
    schema: collectedPaymentRow,
    inner: `
      SELECT p.external_id AS "paymentExternalId", o.external_id AS "orderExternalId",
        c.external_id AS "customerExternalId", c.name AS "customerName",
        p.paid_at AS "paidAt", p.amount::text AS amount, (p.amount < 0) AS refund, o.status::text AS "orderStatus"
      FROM payments p JOIN orders o ON o.id = p.order_id JOIN customers c ON c.id = o.customer_id
      WHERE o.owner_id = $1 AND p.paid_at >= $2 AND p.paid_at < $3`,
    orderBy: `x."paidAt", x."paymentExternalId" COLLATE "C"`,
    params: [employeeId, w.from, w.to],
  }),

  // CTE "firsts".new_customers: first live order in the window and owned by the person.
  new_customers: (employeeId, w) => ({
    schema: newCustomerRow,
    inner: `
      SELECT c.external_id AS "customerExternalId", c.name AS "customerName",
        k.first_ext AS "firstOrderExternalId", k.first_at AS "firstBookedAt", k.first_revenue::text AS "firstOrderRevenue"
      FROM (${CUSTOMERS_WITH_FIRST_ORDER}) k JOIN customers c ON c.id = k.customer_id
      WHERE k.first_at >= $2 AND k.first_owner = $1`,
    orderBy: `x."firstBookedAt", x."customerExternalId" COLLATE "C"`,
    params: [employeeId, w.from, w.to],
  }),

  // CTE "firsts".repurchase_*: every customer of the window; repeat when the first order is before it.
  repurchase_rate: (employeeId, w) => ({
    schema: repurchaseCustomerRow,
    inner: `
      SELECT c.external_id AS "customerExternalId", c.name AS "customerName",
        k.first_ext AS "firstOrderExternalId", k.first_at AS "firstBookedAt", k.n AS "ordersInWindow",
        (k.first_at < $2) AS repeat
      FROM (${CUSTOMERS_WITH_FIRST_ORDER}) k JOIN customers c ON c.id = k.customer_id`,
    orderBy: `x."customerExternalId" COLLATE "C"`,
    params: [employeeId, w.from, w.to],
  }),

  // CTEs "prev_cust" / "retention": last period's customers, retained when also bought in the window.
  retention_rate: (employeeId, w) => ({
    schema: retentionCustomerRow,
    inner: `
      SELECT c.external_id AS "customerExternalId", c.name AS "customerName",
        prev.n AS "previousOrders", COALESCE(cur.n, 0) AS "ordersInWindow", (cur.customer_id IS NOT NULL) AS retained
      FROM (
        SELECT customer_id, count(*) AS n FROM orders
        WHERE owner_id = $1 AND status <> 'cancelled' AND booked_at >= $4 AND booked_at < $2
        GROUP BY customer_id
      ) prev
      LEFT JOIN (
        SELECT customer_id, count(*) AS n FROM orders
        WHERE owner_id = $1 AND status <> 'cancelled' AND booked_at >= $2 AND booked_at < $3
        GROUP BY customer_id
      ) cur ON cur.customer_id = prev.customer_id
      JOIN customers c ON c.id = prev.customer_id`,
    orderBy: `x."customerExternalId" COLLATE "C"`,
    params: [employeeId, w.from, w.to, w.previousFrom],
  }),

  // CTE "conversion": leads closed in the window as converted or lost.
  conversion_rate: (employeeId, w) => ({
    schema: closedLeadRow,
    inner: `
      SELECT l.external_id AS "leadExternalId", l.created_at AS "createdAt", l.closed_at AS "closedAt", l.status::text AS status
      FROM leads l
      WHERE l.owner_id = $1 AND l.status IN ('converted', 'lost') AND l.closed_at >= $2 AND l.closed_at < $3`,
    orderBy: `x."closedAt", x."leadExternalId" COLLATE "C"`,
    params: [employeeId, w.from, w.to],
  }),

  // CTEs "touched" … "collection": the paid-in-full moment = first payment (by paid_at, then
  // external id) after which the running sum ≥ revenue; the order counts when it is in the window.
  collection_days: (employeeId, w) => ({
    schema: collectionOrderRow,
    inner: `
      WITH lo AS (
        SELECT o.id, o.external_id, o.customer_id, o.revenue, o.booked_at FROM orders o
        WHERE o.owner_id = $1 AND o.status <> 'cancelled'
      ),
      touched AS (
        SELECT DISTINCT p.order_id FROM payments p JOIN lo ON lo.id = p.order_id
        WHERE p.paid_at >= $2 AND p.paid_at < $3
      ),
      running AS (
        SELECT p.order_id, p.paid_at, p.external_id,
          sum(p.amount) OVER (PARTITION BY p.order_id ORDER BY p.paid_at, p.external_id COLLATE "C" ROWS UNBOUNDED PRECEDING) AS paid
        FROM payments p WHERE p.order_id IN (SELECT order_id FROM touched)
      ),
      paid_in_full AS (
        SELECT DISTINCT ON (r.order_id) r.order_id, r.paid_at, r.external_id
        FROM running r JOIN lo ON lo.id = r.order_id
        WHERE r.paid >= lo.revenue
        ORDER BY r.order_id, r.paid_at, r.external_id COLLATE "C"
      )
      SELECT lo.external_id AS "orderExternalId", c.external_id AS "customerExternalId", c.name AS "customerName",
        lo.revenue::text AS revenue, lo.booked_at AS "bookedAt", (lo.booked_at AT TIME ZONE $4)::date::text AS "bookedDate",
        f.external_id AS "paidInFullPaymentExternalId", f.paid_at AS "paidInFullAt",
        (f.paid_at AT TIME ZONE $4)::date::text AS "paidInFullDate",
        ((f.paid_at AT TIME ZONE $4)::date - (lo.booked_at AT TIME ZONE $4)::date) AS days
      FROM paid_in_full f JOIN lo ON lo.id = f.order_id JOIN customers c ON c.id = lo.customer_id
      WHERE f.paid_at >= $2 AND f.paid_at < $3`,
    orderBy: `x."paidInFullAt", x."orderExternalId" COLLATE "C"`,
    params: [employeeId, w.from, w.to, w.timezone],
  }),

  // CTE "rated": ratings dated in the window on the person's live orders.
  collaboration_score: (employeeId, w) => ({
    schema: ratingRow,
    inner: `
      SELECT r.external_id AS "ratingExternalId", o.external_id AS "orderExternalId", r.score::int AS score,
        r.rater_department AS "raterDepartment", r.rated_at AS "ratedAt"
      FROM ratings r JOIN orders o ON o.id = r.order_id
      WHERE o.owner_id = $1 AND o.status <> 'cancelled' AND r.rated_at >= $2 AND r.rated_at < $3`,
    orderBy: `x."ratedAt", x."ratingExternalId" COLLATE "C"`,
    params: [employeeId, w.from, w.to],
  }),

  // CTE "overdue": live orders booked before the end, due before its local date; only a positive
  // outstanding adds to the metric, so only those orders are listed.
  overdue_receivables: (employeeId, w) => ({
    schema: overdueOrderRow,
    inner: outstandingOrders(`AND o.due_date < $3::date`),
    orderBy: `x."dueDate"::date, x."bookedAt", x."orderExternalId" COLLATE "C"`,
    params: [employeeId, w.to, w.overdueBefore],
  }),
};

/**
 * Live orders of $1 booked before $2 with revenue − (payments before $2) > 0. `extra` narrows the
 * orders (it may use $3).
 */
function outstandingOrders(extra: string): string {
  return `
    SELECT o.external_id AS "orderExternalId", c.external_id AS "customerExternalId", c.name AS "customerName",
      o.booked_at AS "bookedAt", o.due_date::text AS "dueDate", o.revenue::text AS revenue,
      pp.paid::text AS paid, (o.revenue - pp.paid)::text AS outstanding
    FROM orders o JOIN customers c ON c.id = o.customer_id
    CROSS JOIN LATERAL (
      SELECT COALESCE(sum(p.amount), 0.00) AS paid FROM payments p WHERE p.order_id = o.id AND p.paid_at < $2
    ) pp
    WHERE o.owner_id = $1 AND o.status <> 'cancelled' AND o.booked_at < $2 ${extra} AND o.revenue - pp.paid > 0`;
}

/** The rows behind `metric` for one person over `window`, one page of them, and how many in all. */
export async function queryExplainRows<M extends MetricKey>(
  sql: Sql,
  metric: M,
  employeeId: number,
  window: MetricWindow,
  slice: PageSlice,
): Promise<PagedRows<ExplainRowOf[M]>> {
  const build: QueryFor<M> = QUERIES[metric];
  return pagedRows(sql, build(employeeId, window), slice);
}

// ─── Unpaid receivables ("details" button) ───────────────────────────────────────────────────────

export const unpaidOrderRow = z.object({
  orderExternalId: z.string(),
  customerExternalId: z.string(),
  customerName: z.string(),
  bookedAt: z.date(),
  dueDate: localDate.nullable(),
  revenue: dec,
  paid: dec,
  outstanding: dec,
  /** Due before the as-of local date — the overdue_receivables rule at that instant. */
  overdue: z.boolean(),
});
export type UnpaidOrderRow = z.infer<typeof unpaidOrderRow>;

/**
 * Live orders of the person booked before `asOf` with a positive outstanding amount at `asOf`,
 * oldest due date first (no due date last), then by booking time.
 */
export async function queryUnpaidReceivables(
  sql: Sql,
  employeeId: number,
  asOf: Date,
  asOfLocalDate: string,
  slice: PageSlice,
): Promise<PagedRows<UnpaidOrderRow>> {
  return pagedRows(
    sql,
    {
      schema: unpaidOrderRow,
      inner: `SELECT u.*, (u."dueDate"::date < $3::date) IS TRUE AS overdue FROM (${outstandingOrders("")}) u`,
      orderBy: `x."dueDate"::date NULLS LAST, x."bookedAt", x."orderExternalId" COLLATE "C"`,
      params: [employeeId, asOf, asOfLocalDate],
      sumColumn: "outstanding",
    },
    slice,
  );
}

// ─── People, courses and month-close snapshots ───────────────────────────────────────────────────

export interface EmployeeRef {
  id: number;
  externalId: string;
  teamId: number | null;
  planKey: string | null;
}

const employeeRefRow = z.object({
  id: z.number(),
  externalId: z.string(),
  teamId: z.number().nullable(),
  planKey: z.string().nullable(),
});

export async function loadEmployeeRef(sql: Sql, employeeId: number): Promise<EmployeeRef | null> {
  const res = await sql.query(
    `SELECT e.id, e.external_id AS "externalId", e.team_id AS "teamId", p.key AS "planKey"
     FROM employees e LEFT JOIN kpi_plans p ON p.id = e.plan_id WHERE e.id = $1`,
    [employeeId],
  );
  return res.rows[0] ? employeeRefRow.parse(res.rows[0]) : null;
}

export async function teamExists(sql: Sql, teamId: number): Promise<boolean> {
  const res = await sql.query(`SELECT 1 FROM teams WHERE id = $1`, [teamId]);
  return res.rows.length > 0;
}

/** External ids of the team's current members. */
export async function loadTeamMemberExternalIds(sql: Sql, teamId: number): Promise<string[]> {
  const res = await sql.query<{ external_id: string }>(
    `SELECT external_id FROM employees WHERE team_id = $1 ORDER BY external_id COLLATE "C"`,
    [teamId],
  );
  return res.rows.map((r) => r.external_id);
}

/** The metrics of the employee's current plan, in plan order (empty without a plan). */
export async function loadPlanMetrics(sql: Sql, employeeId: number): Promise<MetricKey[]> {
  const res = await sql.query<{ metric: string }>(
    `SELECT i.metric::text AS metric FROM employees e JOIN kpi_plan_items i ON i.plan_id = e.plan_id
     WHERE e.id = $1 ORDER BY i.position`,
    [employeeId],
  );
  return res.rows.map((r) => z.enum(METRICS).parse(r.metric));
}

export const courseRow = z.object({
  externalId: z.string(),
  titleZh: z.string(),
  titleEn: z.string(),
  url: z.string().nullable(),
});
export type CourseRow = z.infer<typeof courseRow>;

/** The training course mapped to `metric` (metric_courses), or null. */
export async function loadMetricCourse(sql: Sql, metric: MetricKey): Promise<CourseRow | null> {
  const res = await sql.query(
    `SELECT c.external_id AS "externalId", c.title_zh AS "titleZh", c.title_en AS "titleEn", c.url
     FROM metric_courses m JOIN training_courses c ON c.id = m.course_id WHERE m.metric = $1::"Metric"`,
    [metric],
  );
  return res.rows[0] ? courseRow.parse(res.rows[0]) : null;
}

/** Snapshot metrics as stored by the month close: metric key → formatted decimal or null. */
const snapshotMetrics = z
  .record(z.string(), dec.nullable())
  .transform(
    (m) =>
      Object.fromEntries(Object.entries(m).filter(([k]) => (METRICS as readonly string[]).includes(k))) as Partial<
        Record<MetricKey, string | null>
      >,
  );

export interface CloseEntry {
  period: string;
  version: number;
  employeeId: number;
  employeeExternalId: string;
  /** The team at the time of the close. */
  teamId: number | null;
  metrics: Partial<Record<MetricKey, string | null>>;
}

const closeEntryRow = z.object({
  period: z.string(),
  version: z.number().int(),
  employeeId: z.number().int(),
  employeeExternalId: z.string(),
  teamId: z.number().int().nullable(),
  metrics: snapshotMetrics,
});

// The latest version of each closed period: a re-close supersedes, the old version stays for audit.
const LATEST_CLOSES = `
  SELECT DISTINCT ON (period) id, period, version FROM month_closes ORDER BY period, version DESC`;

/** Every entry of the latest close version of each of `periods` that has a close. */
export async function loadLatestCloseEntries(sql: Sql, periods: readonly string[]): Promise<CloseEntry[]> {
  const res = await sql.query(
    `SELECT mc.period::text AS period, mc.version, e.employee_id AS "employeeId", emp.external_id AS "employeeExternalId",
       e.team_id AS "teamId", e.metrics
     FROM (${LATEST_CLOSES}) mc
     JOIN month_close_entries e ON e.close_id = mc.id JOIN employees emp ON emp.id = e.employee_id
     WHERE mc.period = ANY($1::text[])
     ORDER BY mc.period, emp.external_id COLLATE "C"`,
    [periods],
  );
  return res.rows.map((r) => closeEntryRow.parse(r));
}

/**
 * The employee's entries in the latest close of each closed period before `beforePeriod`, most
 * recent first, at most `limit` of them (periods in which they were not scored are not counted).
 */
export async function loadEmployeeCloseHistory(
  sql: Sql,
  employeeId: number,
  beforePeriod: string,
  limit: number,
): Promise<CloseEntry[]> {
  const res = await sql.query(
    `SELECT mc.period::text AS period, mc.version, e.employee_id AS "employeeId", emp.external_id AS "employeeExternalId",
       e.team_id AS "teamId", e.metrics
     FROM (${LATEST_CLOSES}) mc
     JOIN month_close_entries e ON e.close_id = mc.id JOIN employees emp ON emp.id = e.employee_id
     WHERE e.employee_id = $1 AND mc.period < $2
     ORDER BY mc.period DESC LIMIT $3`,
    [employeeId, beforePeriod, limit],
  );
  return res.rows.map((r) => closeEntryRow.parse(r));
}
