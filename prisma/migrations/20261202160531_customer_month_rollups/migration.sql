-- CreateTable
CREATE TABLE "metric_customer_months" (
    "employee_id" INTEGER NOT NULL,
    "month" DATE NOT NULL,
    "customer_id" INTEGER NOT NULL,
    "orders" INTEGER NOT NULL,

    CONSTRAINT "metric_customer_months_pkey" PRIMARY KEY ("employee_id","month","customer_id")
);

-- Per salesperson, local month and customer (issue 16): the distinct customers of the whole local
-- months inside a window, for repurchase and retention. metric_customer_days gives them once per
-- day (about 270 rows for 140 customers of a month, for a salesperson); this table once per month.
-- Kept by the orders trigger with the same signed contributions as metric_customer_days (booked_at
-- cut to its local month instead of its day), in the same transaction; rebuilt with the others on a
-- change of time zone or a TRUNCATE. Months are local to metric_rollup_zone's zone, like the days.

-- pacer:hand-written:begin

-- Adds signed live-order counts (employee_id, month, customer_id, n) to metric_customer_months.
-- Keys whose counts add up to nothing are left alone: most corrections take an order away and put
-- it back in the same month (a new amount, a booking moved by hours), and rewriting each of those
-- rows unchanged made a 10k-order correction about half again as slow as without this table.
CREATE FUNCTION pacer_customer_months_sql(contribs text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
  SELECT format($q$
WITH c(employee_id, month, customer_id, n) AS (%s),
up AS (
  INSERT INTO metric_customer_months AS m (employee_id, month, customer_id, orders)
  SELECT employee_id, month, customer_id, sum(n) FROM c GROUP BY employee_id, month, customer_id
  HAVING sum(n) <> 0 ORDER BY 1, 2, 3
  ON CONFLICT (employee_id, month, customer_id) DO UPDATE SET orders = m.orders + EXCLUDED.orders
  RETURNING employee_id, month, customer_id, orders
)
SELECT array_agg(employee_id), array_agg(month), array_agg(customer_id) FROM up WHERE orders = 0$q$, contribs)
$f$;

-- The same for metric_customer_days (as in migration metric_rollups, plus HAVING).
CREATE OR REPLACE FUNCTION pacer_customer_days_sql(contribs text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
  SELECT format($q$
WITH c(employee_id, day, customer_id, n) AS (%s),
up AS (
  INSERT INTO metric_customer_days AS m (employee_id, day, customer_id, orders)
  SELECT employee_id, day, customer_id, sum(n) FROM c GROUP BY employee_id, day, customer_id
  HAVING sum(n) <> 0 ORDER BY 1, 2, 3
  ON CONFLICT (employee_id, day, customer_id) DO UPDATE SET orders = m.orders + EXCLUDED.orders
  RETURNING employee_id, day, customer_id, orders
)
SELECT array_agg(employee_id), array_agg(day), array_agg(customer_id) FROM up WHERE orders = 0$q$, contribs)
$f$;

CREATE FUNCTION pacer_drop_empty_customer_months(es int[], ms date[], cs int[]) RETURNS void LANGUAGE sql AS $$
  DELETE FROM metric_customer_months m USING unnest(es, ms, cs) AS x(e, mo, c)
  WHERE m.employee_id = x.e AND m.month = x.mo AND m.customer_id = x.c AND m.orders = 0
$$;

-- As in migration metric_rollups, plus metric_customer_months.
CREATE OR REPLACE FUNCTION pacer_rebuild_metric_rollups(tz text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  es int[];
  ds date[];
BEGIN
  INSERT INTO metric_rollup_zone (id, timezone) VALUES (1, tz)
  ON CONFLICT (id) DO UPDATE SET timezone = EXCLUDED.timezone;
  DELETE FROM metric_days;
  DELETE FROM metric_customer_days;
  DELETE FROM customer_first_orders;
  DELETE FROM metric_customer_months;
  EXECUTE pacer_metric_days_sql(pacer_order_contribs('SELECT 1 AS s, * FROM orders') || $q$
UNION ALL
SELECT o.owner_id, (p.paid_at AT TIME ZONE $1)::date, 'p', p.amount, 0, 1 FROM payments p JOIN orders o ON o.id = p.order_id
UNION ALL
SELECT o.owner_id, (r.rated_at AT TIME ZONE $1)::date, 'r', r.score, 0, 1 FROM ratings r JOIN orders o ON o.id = r.order_id WHERE o.status <> 'cancelled'
UNION ALL
SELECT owner_id, (closed_at AT TIME ZONE $1)::date, 'l', (status = 'converted')::int, 0, 1 FROM leads
WHERE status IN ('converted', 'lost') AND closed_at IS NOT NULL$q$) INTO es, ds USING tz;
  INSERT INTO metric_customer_days (employee_id, day, customer_id, orders)
  SELECT owner_id, (booked_at AT TIME ZONE tz)::date, customer_id, count(*) FROM orders WHERE status <> 'cancelled'
  GROUP BY 1, 2, 3;
  INSERT INTO metric_customer_months (employee_id, month, customer_id, orders)
  SELECT employee_id, date_trunc('month', day)::date, customer_id, sum(orders) FROM metric_customer_days
  GROUP BY 1, 2, 3;
  INSERT INTO customer_first_orders (customer_id, order_id, employee_id, booked_at)
  SELECT DISTINCT ON (customer_id) customer_id, id, owner_id, booked_at FROM orders WHERE status <> 'cancelled'
  ORDER BY customer_id, booked_at, external_id COLLATE "C";
END $$;


-- As in migration metric_rollups, plus metric_customer_months (next to metric_customer_days).
CREATE OR REPLACE FUNCTION pacer_orders_metric_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  tz text;
  base text;
  x text;
  moves text := '';
  es int[];
  ds date[];
  cs int[];
  ids int[];
  n int;
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    PERFORM pacer_rebuild_metric_rollups(pacer_rollup_zone());
    RETURN NULL;
  END IF;
  base := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT 1 AS s, n.* FROM new_rows n'
    WHEN 'DELETE' THEN 'SELECT -1 AS s, o.* FROM old_rows o'
    ELSE 'SELECT -1 AS s, o.* FROM old_rows o UNION ALL SELECT 1, n.* FROM new_rows n' END;
  -- Each order as it was (s = -1) and as it is (s = 1), when what the roll-ups read of it changed
  -- (the payment and rating roll-ups update orders on every payment: most updates change nothing
  -- here); moved_owner / moved_live: its payments / ratings count for someone else now.
  x := format($q$
SELECT * FROM (
  SELECT a.*,
    count(*) OVER (PARTITION BY id, owner_id, customer_id, booked_at, revenue, cost, status = 'cancelled', full_paid_at, external_id) AS same,
    count(*) OVER (PARTITION BY id, owner_id) = 1 AS moved_owner,
    count(*) OVER (PARTITION BY id, owner_id, status = 'cancelled') = 1 AS moved_live,
    count(*) OVER (PARTITION BY id, revenue) = 1 AS new_revenue
  FROM (%s) a
) b WHERE same = 1$q$, base);
  IF TG_OP = 'UPDATE' THEN
    EXECUTE format('SELECT count(*) FROM (%s) x', x) INTO n;
    IF n = 0 THEN RETURN NULL; END IF;
    moves := $q$
UNION ALL
SELECT x.owner_id, (p.paid_at AT TIME ZONE $1)::date, 'p', x.s * p.amount, 0, x.s
FROM x JOIN payments p ON p.order_id = x.id WHERE x.moved_owner
UNION ALL
SELECT x.owner_id, (r.rated_at AT TIME ZONE $1)::date, 'r', x.s * r.score, 0, x.s
FROM x JOIN ratings r ON r.order_id = x.id WHERE x.moved_live AND x.status <> 'cancelled'$q$;
  END IF;
  tz := pacer_rollup_zone();
  EXECUTE pacer_metric_days_sql(pacer_order_contribs(x) || moves) INTO es, ds USING tz;
  IF es IS NOT NULL THEN PERFORM pacer_drop_empty_metric_days(es, ds); END IF;
  EXECUTE pacer_customer_days_sql(format($q$WITH x AS (%s)
SELECT owner_id, (booked_at AT TIME ZONE $1)::date, customer_id, s FROM x WHERE status <> 'cancelled'$q$, x)) INTO es, ds, cs USING tz;
  IF es IS NOT NULL THEN PERFORM pacer_drop_empty_customer_days(es, ds, cs); END IF;
  EXECUTE pacer_customer_months_sql(format($q$WITH x AS (%s)
SELECT owner_id, date_trunc('month', booked_at AT TIME ZONE $1)::date, customer_id, s FROM x WHERE status <> 'cancelled'$q$, x)) INTO es, ds, cs USING tz;
  IF es IS NOT NULL THEN PERFORM pacer_drop_empty_customer_months(es, ds, cs); END IF;
  EXECUTE pacer_customer_firsts_sql(format('WITH x AS (%s) SELECT customer_id FROM x', x));
  IF TG_OP = 'UPDATE' THEN
    EXECUTE format('SELECT array_agg(id) FROM (%s) x WHERE s = 1 AND new_revenue', x) INTO ids;
    -- Its own UPDATE of orders comes back here with the new full_paid_at.
    IF ids IS NOT NULL THEN PERFORM pacer_refresh_order_payments(ids); END IF;
  END IF;
  RETURN NULL;
END $$;


-- The orders already here: their months from their days (the same zone, the same live orders).
INSERT INTO metric_customer_months (employee_id, month, customer_id, orders)
SELECT employee_id, date_trunc('month', day)::date, customer_id, sum(orders) FROM metric_customer_days
GROUP BY 1, 2, 3;
ANALYZE metric_customer_months;

-- pacer:hand-written:end
