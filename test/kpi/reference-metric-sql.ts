// The 12 metrics' ingredients as docs/KPI-RULES.md states them, read literally: every order of the people
// asked about, every one of its payments before the window's end, every rating of the window. No
// roll-ups, no shortcuts — slower, and easy to check against the rules line by line. The shipped
// statement (src/store/metric-sql.ts) must return exactly the same rows for any window.
// Parameters: the same as METRICS_SQL (metricParams).
export const REFERENCE_METRICS_SQL = `
WITH emp AS (SELECT unnest($1::int[]) AS id),
-- every order of the people asked about, with "live" = not cancelled
ord AS MATERIALIZED (
  SELECT o.id, o.owner_id, o.customer_id, o.revenue, o.cost, o.booked_at, o.due_date, o.status <> 'cancelled' AS live
  FROM orders o WHERE o.owner_id = ANY($1::int[])
),
lo AS (SELECT * FROM ord WHERE live),
-- per order, its payments before the window's end: the part dated in the window (and how many),
-- and the whole sum (for overdue)
per_order AS MATERIALIZED (
  SELECT ord.id, ord.owner_id, ord.live, ord.revenue, ord.booked_at, ord.due_date, pay.in_window, pay.n_in_window, pay.before_end
  FROM ord CROSS JOIN LATERAL (
    SELECT sum(p.amount) FILTER (WHERE p.paid_at >= $2) AS in_window,
      count(*) FILTER (WHERE p.paid_at >= $2) AS n_in_window,
      sum(p.amount) AS before_end
    FROM payments p WHERE p.order_id = ord.id AND p.paid_at < $3
  ) pay
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
-- collaboration_score: ratings dated in the window on the person's live orders (any department)
rated AS (
  SELECT lo.owner_id, sum(r.score) AS total, count(*) AS n
  FROM ratings r JOIN lo ON lo.id = r.order_id
  WHERE r.rated_at >= $2 AND r.rated_at < $3
  GROUP BY lo.owner_id
),
-- overdue_receivables at the end of the window: live orders booked before it, due before its
-- local date, adding each positive outstanding (revenue − payments before the end)
overdue AS (
  SELECT owner_id, sum(GREATEST(revenue - COALESCE(before_end, 0), 0)) AS amount
  FROM per_order WHERE live AND booked_at < $3 AND due_date < $5::date
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
