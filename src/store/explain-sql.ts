// The rows behind the numbers, and the month-close snapshots read back.
//
// Explain: for one salesperson, one metric and one window, the exact rows that the aggregate in
// store/metric-sql.ts counts. Both statements are built from the same per-metric row sources
// (store/metric-rows.ts): the explain selects the metric's source for one person and only joins
// display columns onto it, so there is no second copy of a rule to keep in step.
//
// Paging is done in one statement (count and page from the same snapshot), in a stable order that
// always ends with a unique external id, so pages never overlap or skip under equal timestamps.
// Money is cast to text in SQL (numeric → exact decimal string); dates are cast to text because
// node-pg would turn a `date` into a JS Date at local midnight of the server.
import { z } from "zod";
import type { Sql } from "../db/client.ts";
import { configCacheOf } from "../db/config-cache.ts";
import { METRICS, type MetricKey } from "../kpi/metrics.ts";
import { COLLECTED_PAYMENT_JOIN, RATING_JOIN, buildRowsStatement } from "./metric-rows.ts";
import { metricParams, type MetricWindow } from "./metric-sql.ts";

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

// ─── The explain queries: each metric's rows from its source in store/metric-rows.ts ────────────

type QueryFor<M extends MetricKey> = (employeeId: number, w: MetricWindow) => RowQuery<ExplainRowOf[M]>;

/**
 * The rows behind `metric` for one person: the metric's own row source (the very CTEs the
 * aggregate statement sums), with display columns joined on by key. `select` reads the source's
 * row as s; the joins follow foreign keys, so they neither drop nor repeat rows.
 */
function fromSource<M extends MetricKey>(
  metric: M,
  schema: z.ZodType<ExplainRowOf[M]>,
  select: string,
  joins: string,
  orderBy: string,
): QueryFor<M> {
  const inner = buildRowsStatement(metric, select, joins);
  return (employeeId, w) => ({ schema, inner, orderBy, params: metricParams([employeeId], w) });
}

const BOOKED_SELECT = `o.external_id AS "orderExternalId", c.external_id AS "customerExternalId", c.name AS "customerName",
  o.booked_at AS "bookedAt", s.revenue::text AS revenue, s.cost::text AS cost, s.profit::text AS profit, o.status::text AS status`;
const BOOKED_JOINS = "JOIN orders o ON o.id = s.order_id JOIN customers c ON c.id = s.customer_id";
const BOOKED_ORDER = `x."bookedAt", x."orderExternalId" COLLATE "C"`;
const booked = <M extends "booked_revenue" | "shipments" | "gross_profit" | "profit_per_shipment">(metric: M) =>
  fromSource<M>(metric, bookedOrderRow, BOOKED_SELECT, BOOKED_JOINS, BOOKED_ORDER);

const QUERIES: { [M in MetricKey]: QueryFor<M> } = {
  booked_revenue: booked("booked_revenue"),
  shipments: booked("shipments"),
  gross_profit: booked("gross_profit"),
  profit_per_shipment: booked("profit_per_shipment"),

  // each payment the order's collected amount sums, one row each
  collected_revenue: fromSource(
    "collected_revenue",
    collectedPaymentRow,
    `p.external_id AS "paymentExternalId", o.external_id AS "orderExternalId",
     c.external_id AS "customerExternalId", c.name AS "customerName",
     p.paid_at AS "paidAt", p.amount::text AS amount, (p.amount < 0) AS refund, o.status::text AS "orderStatus"`,
    `${COLLECTED_PAYMENT_JOIN} JOIN orders o ON o.id = s.order_id JOIN customers c ON c.id = o.customer_id`,
    `x."paidAt", x."paymentExternalId" COLLATE "C"`,
  ),

  new_customers: fromSource(
    "new_customers",
    newCustomerRow,
    `c.external_id AS "customerExternalId", c.name AS "customerName",
     f.external_id AS "firstOrderExternalId", s.first_at AS "firstBookedAt", f.revenue::text AS "firstOrderRevenue"`,
    "JOIN customers c ON c.id = s.customer_id JOIN orders f ON f.id = s.first_order_id",
    `x."firstBookedAt", x."customerExternalId" COLLATE "C"`,
  ),

  repurchase_rate: fromSource(
    "repurchase_rate",
    repurchaseCustomerRow,
    `c.external_id AS "customerExternalId", c.name AS "customerName",
     f.external_id AS "firstOrderExternalId", s.first_at AS "firstBookedAt", s.orders_in_window AS "ordersInWindow",
     s.is_repeat AS repeat`,
    "JOIN customers c ON c.id = s.customer_id JOIN orders f ON f.id = s.first_order_id",
    `x."customerExternalId" COLLATE "C"`,
  ),

  retention_rate: fromSource(
    "retention_rate",
    retentionCustomerRow,
    `c.external_id AS "customerExternalId", c.name AS "customerName",
     s.previous_orders AS "previousOrders", s.orders_in_window AS "ordersInWindow", s.retained`,
    "JOIN customers c ON c.id = s.customer_id",
    `x."customerExternalId" COLLATE "C"`,
  ),

  conversion_rate: fromSource(
    "conversion_rate",
    closedLeadRow,
    `l.external_id AS "leadExternalId", l.created_at AS "createdAt", l.closed_at AS "closedAt", l.status::text AS status`,
    "JOIN leads l ON l.id = s.lead_id",
    `x."closedAt", x."leadExternalId" COLLATE "C"`,
  ),

  collection_days: fromSource(
    "collection_days",
    collectionOrderRow,
    `o.external_id AS "orderExternalId", c.external_id AS "customerExternalId", c.name AS "customerName",
     o.revenue::text AS revenue, s.booked_at AS "bookedAt", s.booked_date::text AS "bookedDate",
     p.external_id AS "paidInFullPaymentExternalId", s.paid_at AS "paidInFullAt", s.paid_date::text AS "paidInFullDate",
     s.days`,
    "JOIN orders o ON o.id = s.order_id JOIN customers c ON c.id = o.customer_id JOIN payments p ON p.id = s.payment_id",
    `x."paidInFullAt", x."orderExternalId" COLLATE "C"`,
  ),

  collaboration_score: fromSource(
    "collaboration_score",
    ratingRow,
    `r.external_id AS "ratingExternalId", o.external_id AS "orderExternalId", r.score::int AS score,
     r.rater_department AS "raterDepartment", r.rated_at AS "ratedAt"`,
    `${RATING_JOIN} JOIN orders o ON o.id = s.order_id`,
    `x."ratedAt", x."ratingExternalId" COLLATE "C"`,
  ),

  // only a positive outstanding adds to the metric, so only those orders are listed
  overdue_receivables: fromSource(
    "overdue_receivables",
    overdueOrderRow,
    `o.external_id AS "orderExternalId", c.external_id AS "customerExternalId", c.name AS "customerName",
     o.booked_at AS "bookedAt", o.due_date::text AS "dueDate", s.revenue::text AS revenue,
     s.paid::text AS paid, s.outstanding::text AS outstanding`,
    "JOIN orders o ON o.id = s.order_id JOIN customers c ON c.id = o.customer_id",
    `x."dueDate"::date, x."bookedAt", x."orderExternalId" COLLATE "C"`,
  ),
};

/**
 * Live orders of $1 booked before $2 with revenue − (payments before $2) > 0, whatever their due
 * date (the overdue_receivables rows are those of them due before the local date of the end).
 */
const OUTSTANDING_ORDERS = `
    SELECT o.external_id AS "orderExternalId", c.external_id AS "customerExternalId", c.name AS "customerName",
      o.booked_at AS "bookedAt", o.due_date::text AS "dueDate", o.revenue::text AS revenue,
      pp.paid::text AS paid, (o.revenue - pp.paid)::text AS outstanding
    FROM orders o JOIN customers c ON c.id = o.customer_id
    CROSS JOIN LATERAL (
      SELECT COALESCE(sum(p.amount), 0.00) AS paid FROM payments p WHERE p.order_id = o.id AND p.paid_at < $2
    ) pp
    WHERE o.owner_id = $1 AND o.status <> 'cancelled' AND o.booked_at < $2 AND o.revenue - pp.paid > 0`;

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
      inner: `SELECT u.*, (u."dueDate"::date < $3::date) IS TRUE AS overdue FROM (${OUTSTANDING_ORDERS}) u`,
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

/**
 * The employee a drill-down, a suggestion or a profile is about. Kept in the config cache
 * (employees and plans notify it): the "details" answer reads it every time.
 */
export function loadEmployeeRef(sql: Sql, employeeId: number): Promise<EmployeeRef | null> {
  const cache = configCacheOf(sql);
  const read = () => readEmployeeRef(sql, employeeId);
  return cache ? cache.get(`employee-ref:${employeeId}`, read) : read();
}

async function readEmployeeRef(sql: Sql, employeeId: number): Promise<EmployeeRef | null> {
  const res = await sql.query(
    `SELECT e.id, e.external_id AS "externalId", e.team_id AS "teamId", p.key AS "planKey"
     FROM employees e LEFT JOIN kpi_plans p ON p.id = e.plan_id WHERE e.id = $1`,
    [employeeId],
  );
  return res.rows[0] ? Object.freeze(employeeRefRow.parse(res.rows[0])) : null;
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

/**
 * The metrics of the employee's current plan, in plan order (empty without a plan). Kept in the
 * config cache (employees and plans notify it): several answers read it every time.
 */
export function loadPlanMetrics(sql: Sql, employeeId: number): Promise<readonly MetricKey[]> {
  const cache = configCacheOf(sql);
  const read = () => readPlanMetrics(sql, employeeId);
  return cache ? cache.get(`plan-metrics:${employeeId}`, read) : read();
}

async function readPlanMetrics(sql: Sql, employeeId: number): Promise<readonly MetricKey[]> {
  const res = await sql.query<{ metric: string }>(
    `SELECT i.metric::text AS metric FROM employees e JOIN kpi_plan_items i ON i.plan_id = e.plan_id
     WHERE e.id = $1 ORDER BY i.position`,
    [employeeId],
  );
  return Object.freeze(res.rows.map((r) => z.enum(METRICS).parse(r.metric)));
}

export const courseRow = z.object({
  externalId: z.string(),
  titleZh: z.string(),
  titleEn: z.string(),
  url: z.string().nullable(),
});
export type CourseRow = z.infer<typeof courseRow>;

/** The training course mapped to `metric` (metric_courses), or null. */
export function loadMetricCourse(sql: Sql, metric: MetricKey): Promise<CourseRow | null> {
  // Read on every progress answer with a weakest metric: kept in the config cache (courses notify it).
  const cache = configCacheOf(sql);
  const read = () => readMetricCourse(sql, metric);
  return cache ? cache.get(`course:${metric}`, read) : read();
}

async function readMetricCourse(sql: Sql, metric: MetricKey): Promise<CourseRow | null> {
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
