// The aggregate KPI statement, read from the per-day roll-ups (migration metric_rollups: metric_days,
// metric_customer_days, customer_first_orders, orders.full_paid_at; migration customer_month_rollups:
// metric_customer_months; all kept by triggers in the transaction that writes the rows). A window
// [$2, $3) is cut into the whole local days inside it, read from the roll-ups, and its partial days
// at either end (in practice only today, up to the as-of instant), read from the rows; so a person
// costs a few rows per day of the window, whatever their history. Distinct customers of the whole
// local months among those days (last month in a progress answer, both months of a close) come from
// metric_customer_months: one row per customer a month instead of one per customer and day. The
// roll-ups are used only when they are cut in the statement's time zone ($6); otherwise every
// instant counts as a partial day and the rows are read (same result, slower).
//
// What it returns is, by definition, what the rules read literally return (test/kpi/
// reference-metric-sql.ts): the equality is a property test over generated worlds and instants
// (test/kpi/metric-rollup-equality.test.ts). The drill-down still lists rows (store/metric-rows.ts).
// Parameters: those of metricParams (store/metric-sql.ts).

/**
 * Whole days of [start, end): first day (inclusive), end day (exclusive), and their instants; and
 * the whole local months among those days, [month_lo, month_hi) (empty when month_hi <= month_lo).
 */
function wholeDays(start: string, end: string): string {
  // The first local day starting at or after `start` (infinity when the roll-ups are cut in another
  // zone), and the day containing `end`: the days in between lie wholly inside the window. The
  // first month starting on or after first_day and the month containing end_day bound the whole
  // months; when there are none, month_hi = month_lo and the days before month_lo are all of them.
  return `SELECT first_day, end_day, first_day::timestamp AT TIME ZONE $6 AS lo,
    greatest(end_day::timestamp AT TIME ZONE $6, first_day::timestamp AT TIME ZONE $6) AS hi,
    month_lo, greatest(date_trunc('month', end_day)::date, month_lo) AS month_hi
  FROM (
    SELECT first_day, end_day, (date_trunc('month', first_day - 1) + interval '1 month')::date AS month_lo
    FROM (
      SELECT CASE WHEN $6::text = (SELECT timezone FROM metric_rollup_zone WHERE id = 1)
          THEN (((${start})::timestamptz - interval '1 microsecond') AT TIME ZONE $6)::date + 1
          ELSE 'infinity'::date END AS first_day,
        ((${end})::timestamptz AT TIME ZONE $6)::date AS end_day
    ) d
  ) m`;
}

/**
 * The distinct (owner, customer) pairs of live orders booked in the whole days of `w`: whole
 * months from metric_customer_months, the days before and after them from metric_customer_days
 * (each part skipped when empty, as in partial below).
 */
function wholeCustomers(w: string): string {
  return `SELECT employee_id AS owner_id, customer_id FROM metric_customer_months
  WHERE employee_id = ANY($1::int[]) AND month >= (SELECT month_lo FROM ${w}) AND month < (SELECT month_hi FROM ${w})
    AND (SELECT month_lo < month_hi FROM ${w})
  UNION
  SELECT employee_id, customer_id FROM metric_customer_days
  WHERE employee_id = ANY($1::int[]) AND day >= (SELECT first_day FROM ${w})
    AND day < least((SELECT month_lo FROM ${w}), (SELECT end_day FROM ${w}))
    AND (SELECT first_day < least(month_lo, end_day) FROM ${w})
  UNION
  SELECT employee_id, customer_id FROM metric_customer_days
  WHERE employee_id = ANY($1::int[]) AND day >= (SELECT month_hi FROM ${w}) AND day < (SELECT end_day FROM ${w})
    AND (SELECT month_hi < end_day FROM ${w})`;
}

/**
 * The two partial-day ranges of [start, end) for a column, given the whole days' instants lo and
 * hi: [start, lo) and [hi, end), each clipped to the window (one of them or both may be empty).
 */
function partial(col: string, start: string, end: string, w: string): [string, string] {
  // Each range also as a condition without columns, which Postgres tests once before the scan: an
  // empty range (the close has none, a progress answer one) then reads no index at all, where a
  // scan for 2,000 people descends the index 2,000 times to find nothing.
  const lowEnd = `least((SELECT lo FROM ${w}), ${end})`;
  return [
    `${col} >= ${start} AND ${col} < ${lowEnd} AND ${start} < ${lowEnd}`,
    `${col} >= (SELECT hi FROM ${w}) AND ${col} < ${end} AND (SELECT hi FROM ${w}) < ${end}`,
  ];
}

const [PAID_LOW, PAID_HIGH] = partial("p.paid_at", "$2", "$3", "win");
const [FULL_LOW, FULL_HIGH] = partial("full_paid_at", "$2", "$3", "win");
const [RATED_LOW, RATED_HIGH] = partial("r.rated_at", "$2", "$3", "win");
const [BOOKED_LOW, BOOKED_HIGH] = partial("booked_at", "$2", "$3", "win");
const [CLOSED_LOW, CLOSED_HIGH] = partial("closed_at", "$2", "$3", "win");
const [PREV_LOW, PREV_HIGH] = partial("booked_at", "$4", "$2", "prev_win");

const WHOLE_DAYS = "day >= (SELECT first_day FROM win) AND day < (SELECT end_day FROM win)";

/** Orders of the people with a payment (rating) from the earliest partial instant on. */
const FROM_PARTIAL = `CASE WHEN $2 < least((SELECT lo FROM win), $3) THEN $2::timestamptz
  WHEN (SELECT hi FROM win) < $3 THEN (SELECT hi FROM win) ELSE 'infinity'::timestamptz END`;

export const ROLLUP_METRICS_SQL = `
WITH emp AS (SELECT unnest($1::int[]) AS id),
win AS MATERIALIZED (${wholeDays("$2", "$3")}),
prev_win AS MATERIALIZED (${wholeDays("$4", "$2")}),
-- the whole days: booked, collected, ratings, closed leads, paid in full
days AS (
  SELECT employee_id AS owner_id, sum(booked_revenue) AS booked_revenue, sum(shipments) AS shipments,
    sum(gross_profit) AS gross_profit, sum(collected) AS collected, sum(rating_sum) AS rating_sum,
    sum(rating_n) AS rating_n, sum(leads_converted) AS leads_converted, sum(leads_closed) AS leads_closed,
    sum(collection_days_sum) AS collection_days_sum, sum(collection_n) AS collection_n
  FROM metric_days WHERE employee_id = ANY($1::int[]) AND ${WHOLE_DAYS}
  GROUP BY employee_id
),
-- the partial days, from the rows: live orders booked then
partial_booked AS (
  SELECT owner_id, customer_id, revenue, cost FROM orders
  WHERE owner_id = ANY($1::int[]) AND status <> 'cancelled' AND ${BOOKED_LOW}
  UNION ALL
  SELECT owner_id, customer_id, revenue, cost FROM orders
  WHERE owner_id = ANY($1::int[]) AND status <> 'cancelled' AND ${BOOKED_HIGH}
),
booked_part AS (
  SELECT owner_id, sum(revenue) AS revenue, count(*) AS n, sum(revenue - cost) AS profit FROM partial_booked GROUP BY owner_id
),
-- orders with a payment in a partial day: its payments then, and whether it became paid in full then
paid_orders AS MATERIALIZED (
  SELECT id, owner_id, booked_at, full_paid_at, status <> 'cancelled' AS live FROM orders
  WHERE owner_id = ANY($1::int[]) AND last_paid_at >= ${FROM_PARTIAL} AND ${FROM_PARTIAL} < 'infinity'
),
-- (probed order by order: a range over payments_paid_at_idx would read everyone's payments of the day)
collected_part AS (
  SELECT o.owner_id, sum(x.amount) AS amount
  FROM paid_orders o CROSS JOIN LATERAL (
    SELECT sum(p.amount) AS amount FROM payments p WHERE p.order_id = o.id AND ((${PAID_LOW}) OR (${PAID_HIGH}))
  ) x
  GROUP BY o.owner_id
),
collection_part AS (
  SELECT owner_id, sum((full_paid_at AT TIME ZONE $6)::date - (booked_at AT TIME ZONE $6)::date) AS days, count(*) AS n
  FROM paid_orders WHERE live AND ((${FULL_LOW}) OR (${FULL_HIGH}))
  GROUP BY owner_id
),
-- ratings dated in a partial day on live orders
rated_part AS (
  SELECT o.owner_id, sum(x.total) AS total, sum(x.n) AS n
  FROM orders o CROSS JOIN LATERAL (
    SELECT sum(r.score) AS total, count(*) AS n FROM ratings r
    WHERE r.order_id = o.id AND ((${RATED_LOW}) OR (${RATED_HIGH}))
  ) x
  WHERE o.owner_id = ANY($1::int[]) AND o.status <> 'cancelled' AND o.last_rated_at >= ${FROM_PARTIAL}
    AND ${FROM_PARTIAL} < 'infinity'
  GROUP BY o.owner_id
),
-- leads closed in a partial day
leads_part AS (
  SELECT owner_id, count(*) FILTER (WHERE status = 'converted') AS converted, count(*) AS closed FROM (
    SELECT owner_id, status FROM leads
    WHERE owner_id = ANY($1::int[]) AND status IN ('converted', 'lost') AND ${CLOSED_LOW}
    UNION ALL
    SELECT owner_id, status FROM leads
    WHERE owner_id = ANY($1::int[]) AND status IN ('converted', 'lost') AND ${CLOSED_HIGH}
  ) l GROUP BY owner_id
),
-- distinct customers of each person's live orders booked in the window, and in the previous period
cust AS (
  ${wholeCustomers("win")}
  UNION
  SELECT owner_id, customer_id FROM partial_booked
),
prev_cust AS (
  ${wholeCustomers("prev_win")}
  UNION
  SELECT owner_id, customer_id FROM orders WHERE owner_id = ANY($1::int[]) AND status <> 'cancelled' AND ${PREV_LOW}
  UNION
  SELECT owner_id, customer_id FROM orders WHERE owner_id = ANY($1::int[]) AND status <> 'cancelled' AND ${PREV_HIGH}
),
-- the window's customers and whether they bought from the person in the previous period (retained)
cust_kept AS MATERIALIZED (
  SELECT c.owner_id, c.customer_id, p.customer_id IS NOT NULL AS kept
  FROM cust c LEFT JOIN prev_cust p ON p.owner_id = c.owner_id AND p.customer_id = c.customer_id
),
-- repurchase: the window's customers whose first live order ever is before the period. A retained
-- one has a live order in the previous period, so its first is before the period: only the others
-- are looked up (a hash join for many people, probes for a few).
repurchase AS (
  SELECT owner_id, sum(num) AS num, sum(den) AS den, sum(kept) AS kept FROM (
    SELECT owner_id, count(*) AS num, count(*) AS den, count(*) AS kept FROM cust_kept WHERE kept GROUP BY owner_id
    UNION ALL
    SELECT ck.owner_id, count(*) FILTER (WHERE f.booked_at < $2), count(*), 0
    FROM cust_kept ck JOIN customer_first_orders f ON f.customer_id = ck.customer_id
    WHERE NOT ck.kept GROUP BY ck.owner_id
  ) r GROUP BY owner_id
),
-- new customers: first live orders ever that are the person's and booked in the window
new_customers AS (
  SELECT employee_id AS owner_id, count(*) AS n FROM customer_first_orders
  WHERE employee_id = ANY($1::int[]) AND booked_at >= $2 AND booked_at < $3
  GROUP BY employee_id
),
-- retention: the previous period's customers (den), those of them also in the window (repurchase.kept)
retention AS (
  SELECT owner_id, count(*) AS den FROM prev_cust GROUP BY owner_id
),
-- overdue at the window's end: live orders booked before it and due before its local date that
-- are open now (paid_total < revenue) or were paid after the end (then summed up to the end)
overdue AS (
  SELECT owner_id, sum(revenue - paid) FILTER (WHERE revenue > paid) AS amount FROM (
    SELECT o.owner_id, o.revenue,
      CASE WHEN o.last_paid_at >= $3 THEN
        (SELECT COALESCE(sum(p.amount), 0) FROM payments p WHERE p.order_id = o.id AND p.paid_at < $3)
      ELSE o.paid_total END AS paid
    FROM orders o
    WHERE o.owner_id = ANY($1::int[]) AND o.status <> 'cancelled' AND o.paid_total < o.revenue
      AND o.due_date < $5::date AND o.booked_at < $3
    UNION ALL
    SELECT o.owner_id, o.revenue,
      (SELECT COALESCE(sum(p.amount), 0) FROM payments p WHERE p.order_id = o.id AND p.paid_at < $3)
    FROM orders o
    WHERE o.owner_id = ANY($1::int[]) AND o.last_paid_at >= $3 AND NOT (o.paid_total < o.revenue)
      AND o.status <> 'cancelled' AND o.due_date < $5::date AND o.booked_at < $3
      -- tested once (the newest payment, from payments_paid_at_idx, whatever the plan): at "now"
      -- nothing is paid after the end, and this part reads no index at all
      AND (SELECT max(paid_at) FROM payments) >= $3
  ) x GROUP BY owner_id
)
SELECT emp.id AS employee_id,
  (COALESCE(days.booked_revenue, 0) + COALESCE(booked_part.revenue, 0))::text AS booked_revenue,
  (COALESCE(days.collected, 0) + COALESCE(collected_part.amount, 0))::text AS collected_revenue,
  COALESCE(days.shipments, 0) + COALESCE(booked_part.n, 0) AS shipments,
  (COALESCE(days.gross_profit, 0) + COALESCE(booked_part.profit, 0))::text AS gross_profit,
  COALESCE(new_customers.n, 0) AS new_customers,
  COALESCE(repurchase.num, 0) AS repurchase_num,
  COALESCE(repurchase.den, 0) AS repurchase_den,
  COALESCE(repurchase.kept, 0) AS retention_num,
  COALESCE(retention.den, 0) AS retention_den,
  COALESCE(days.leads_converted, 0) + COALESCE(leads_part.converted, 0) AS conversion_num,
  COALESCE(days.leads_closed, 0) + COALESCE(leads_part.closed, 0) AS conversion_den,
  COALESCE(days.collection_days_sum, 0) + COALESCE(collection_part.days, 0) AS collection_days_sum,
  COALESCE(days.collection_n, 0) + COALESCE(collection_part.n, 0) AS collection_days_n,
  COALESCE(days.rating_sum, 0) + COALESCE(rated_part.total, 0) AS rating_sum,
  COALESCE(days.rating_n, 0) + COALESCE(rated_part.n, 0) AS rating_n,
  COALESCE(overdue.amount, 0)::text AS overdue_receivables
FROM emp
LEFT JOIN days ON days.owner_id = emp.id
LEFT JOIN booked_part ON booked_part.owner_id = emp.id
LEFT JOIN collected_part ON collected_part.owner_id = emp.id
LEFT JOIN collection_part ON collection_part.owner_id = emp.id
LEFT JOIN rated_part ON rated_part.owner_id = emp.id
LEFT JOIN leads_part ON leads_part.owner_id = emp.id
LEFT JOIN new_customers ON new_customers.owner_id = emp.id
LEFT JOIN repurchase ON repurchase.owner_id = emp.id
LEFT JOIN retention ON retention.owner_id = emp.id
LEFT JOIN overdue ON overdue.owner_id = emp.id
ORDER BY emp.id`;
