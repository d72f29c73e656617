-- AlterTable
ALTER TABLE "orders" ADD COLUMN     "full_paid_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "metric_days" (
    "employee_id" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "booked_revenue" DECIMAL(18,2) NOT NULL DEFAULT 0,
    "shipments" INTEGER NOT NULL DEFAULT 0,
    "gross_profit" DECIMAL(18,2) NOT NULL DEFAULT 0,
    "collected" DECIMAL(18,2) NOT NULL DEFAULT 0,
    "payments" INTEGER NOT NULL DEFAULT 0,
    "rating_sum" INTEGER NOT NULL DEFAULT 0,
    "rating_n" INTEGER NOT NULL DEFAULT 0,
    "leads_converted" INTEGER NOT NULL DEFAULT 0,
    "leads_closed" INTEGER NOT NULL DEFAULT 0,
    "collection_days_sum" INTEGER NOT NULL DEFAULT 0,
    "collection_n" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "metric_days_pkey" PRIMARY KEY ("employee_id","day")
);

-- CreateTable
CREATE TABLE "metric_customer_days" (
    "employee_id" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "customer_id" INTEGER NOT NULL,
    "orders" INTEGER NOT NULL,

    CONSTRAINT "metric_customer_days_pkey" PRIMARY KEY ("employee_id","day","customer_id")
);

-- CreateTable
CREATE TABLE "customer_first_orders" (
    "customer_id" INTEGER NOT NULL,
    "order_id" INTEGER NOT NULL,
    "employee_id" INTEGER NOT NULL,
    "booked_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "customer_first_orders_pkey" PRIMARY KEY ("customer_id")
);

-- CreateTable
CREATE TABLE "metric_rollup_zone" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "timezone" TEXT NOT NULL,

    CONSTRAINT "metric_rollup_zone_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "customer_first_orders_employee_id_booked_at_idx" ON "customer_first_orders"("employee_id", "booked_at");

-- Per-day roll-ups of the KPI inputs (issue 16): metric_days per salesperson and local day,
-- metric_customer_days per salesperson, local day and customer, customer_first_orders per
-- customer, and orders.full_paid_at. Statement-level triggers with transition tables keep them in
-- the transaction that writes the rows they summarize, whoever writes (the ingest API, imports, a
-- correction, a change of owner), one set-based pass per statement: additive deltas (the rows as
-- they were subtracted, as they are added) for the day tables, a recomputation per touched
-- customer for the first orders. Days are local to metric_rollup_zone's time zone; a change of the
-- organization's time zone rebuilds everything in the same transaction. src/store/metric-sql.ts
-- reads whole days here and the window's partial days from the rows.

-- pacer:hand-written:begin

-- The time zone the day tables are cut in (the organization's, Asia/Shanghai before it exists).
CREATE FUNCTION pacer_rollup_zone() RETURNS text LANGUAGE sql STABLE AS $$
  SELECT COALESCE((SELECT timezone FROM metric_rollup_zone WHERE id = 1), 'Asia/Shanghai')
$$;

-- The statement adding signed contributions to metric_days. `contribs` yields (employee_id, day,
-- kind, v1, v2, n) with kind b = booked (revenue, profit, orders), p = payments (amount, -, count),
-- r = ratings (score, -, count), l = closed leads (converted, -, count), c = paid in full (days, -,
-- orders); $1 is the zone. It returns the keys left with nothing counted, for the caller to delete.
CREATE FUNCTION pacer_metric_days_sql(contribs text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
  SELECT format($q$
WITH c(employee_id, day, kind, v1, v2, n) AS (%s),
g AS (
  SELECT employee_id, day,
    COALESCE(sum(v1) FILTER (WHERE kind = 'b'), 0) AS booked_revenue,
    COALESCE(sum(n) FILTER (WHERE kind = 'b'), 0) AS shipments,
    COALESCE(sum(v2) FILTER (WHERE kind = 'b'), 0) AS gross_profit,
    COALESCE(sum(v1) FILTER (WHERE kind = 'p'), 0) AS collected,
    COALESCE(sum(n) FILTER (WHERE kind = 'p'), 0) AS payments,
    COALESCE(sum(v1) FILTER (WHERE kind = 'r'), 0) AS rating_sum,
    COALESCE(sum(n) FILTER (WHERE kind = 'r'), 0) AS rating_n,
    COALESCE(sum(v1) FILTER (WHERE kind = 'l'), 0) AS leads_converted,
    COALESCE(sum(n) FILTER (WHERE kind = 'l'), 0) AS leads_closed,
    COALESCE(sum(v1) FILTER (WHERE kind = 'c'), 0) AS collection_days_sum,
    COALESCE(sum(n) FILTER (WHERE kind = 'c'), 0) AS collection_n
  FROM c GROUP BY employee_id, day
),
up AS (
  INSERT INTO metric_days AS m (employee_id, day, booked_revenue, shipments, gross_profit, collected, payments,
    rating_sum, rating_n, leads_converted, leads_closed, collection_days_sum, collection_n)
  SELECT * FROM g ORDER BY employee_id, day
  ON CONFLICT (employee_id, day) DO UPDATE SET
    booked_revenue = m.booked_revenue + EXCLUDED.booked_revenue,
    shipments = m.shipments + EXCLUDED.shipments,
    gross_profit = m.gross_profit + EXCLUDED.gross_profit,
    collected = m.collected + EXCLUDED.collected,
    payments = m.payments + EXCLUDED.payments,
    rating_sum = m.rating_sum + EXCLUDED.rating_sum,
    rating_n = m.rating_n + EXCLUDED.rating_n,
    leads_converted = m.leads_converted + EXCLUDED.leads_converted,
    leads_closed = m.leads_closed + EXCLUDED.leads_closed,
    collection_days_sum = m.collection_days_sum + EXCLUDED.collection_days_sum,
    collection_n = m.collection_n + EXCLUDED.collection_n
  RETURNING employee_id, day, shipments = 0 AND payments = 0 AND rating_n = 0 AND leads_closed = 0 AND collection_n = 0 AS empty
)
SELECT array_agg(employee_id), array_agg(day) FROM up WHERE empty$q$, contribs)
$f$;

CREATE FUNCTION pacer_drop_empty_metric_days(es int[], ds date[]) RETURNS void LANGUAGE sql AS $$
  DELETE FROM metric_days m USING unnest(es, ds) AS x(e, d)
  WHERE m.employee_id = x.e AND m.day = x.d
    AND m.shipments = 0 AND m.payments = 0 AND m.rating_n = 0 AND m.leads_closed = 0 AND m.collection_n = 0
$$;

-- Adds signed live-order counts (employee_id, day, customer_id, n) to metric_customer_days.
CREATE FUNCTION pacer_customer_days_sql(contribs text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
  SELECT format($q$
WITH c(employee_id, day, customer_id, n) AS (%s),
up AS (
  INSERT INTO metric_customer_days AS m (employee_id, day, customer_id, orders)
  SELECT employee_id, day, customer_id, sum(n) FROM c GROUP BY employee_id, day, customer_id ORDER BY 1, 2, 3
  ON CONFLICT (employee_id, day, customer_id) DO UPDATE SET orders = m.orders + EXCLUDED.orders
  RETURNING employee_id, day, customer_id, orders
)
SELECT array_agg(employee_id), array_agg(day), array_agg(customer_id) FROM up WHERE orders = 0$q$, contribs)
$f$;

CREATE FUNCTION pacer_drop_empty_customer_days(es int[], ds date[], cs int[]) RETURNS void LANGUAGE sql AS $$
  DELETE FROM metric_customer_days m USING unnest(es, ds, cs) AS x(e, d, c)
  WHERE m.employee_id = x.e AND m.day = x.d AND m.customer_id = x.c AND m.orders = 0
$$;

-- The customers' first live orders ever (earliest booked_at, ties to the smaller external id), for
-- the customers of `customers` (a query yielding customer_id).
CREATE FUNCTION pacer_customer_firsts_sql(customers text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
  SELECT format($q$
WITH cs AS (SELECT DISTINCT customer_id FROM (%s) q),
f AS (
  SELECT cs.customer_id, f.id, f.owner_id, f.booked_at
  FROM cs LEFT JOIN LATERAL (
    SELECT o.id, o.owner_id, o.booked_at FROM orders o
    WHERE o.customer_id = cs.customer_id AND o.status <> 'cancelled'
    ORDER BY o.booked_at, o.external_id COLLATE "C" LIMIT 1
  ) f ON true
),
gone AS (DELETE FROM customer_first_orders c USING f WHERE c.customer_id = f.customer_id AND f.id IS NULL)
INSERT INTO customer_first_orders AS c (customer_id, order_id, employee_id, booked_at)
SELECT customer_id, id, owner_id, booked_at FROM f WHERE id IS NOT NULL ORDER BY customer_id
ON CONFLICT (customer_id) DO UPDATE SET order_id = EXCLUDED.order_id, employee_id = EXCLUDED.employee_id, booked_at = EXCLUDED.booked_at
WHERE (c.order_id, c.employee_id, c.booked_at) IS DISTINCT FROM (EXCLUDED.order_id, EXCLUDED.employee_id, EXCLUDED.booked_at)$q$, customers)
$f$;

-- An order's contributions to metric_days and metric_customer_days, from a relation x of orders
-- rows with a sign s.
CREATE FUNCTION pacer_order_contribs(x text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
  SELECT format($q$WITH x AS MATERIALIZED (%s)
SELECT owner_id, (booked_at AT TIME ZONE $1)::date, 'b', s * revenue, s * (revenue - cost), s FROM x WHERE status <> 'cancelled'
UNION ALL
SELECT owner_id, (full_paid_at AT TIME ZONE $1)::date, 'c', s * ((full_paid_at AT TIME ZONE $1)::date - (booked_at AT TIME ZONE $1)::date), 0, s
FROM x WHERE status <> 'cancelled' AND full_paid_at IS NOT NULL$q$, x)
$f$;

-- Recomputes orders.full_paid_at too (the migration order_rollups kept the two others).
CREATE OR REPLACE FUNCTION pacer_refresh_order_payments(order_ids int[]) RETURNS void LANGUAGE sql AS $$
  UPDATE orders o SET paid_total = s.total, last_paid_at = s.last, full_paid_at = s.full
  FROM (
    SELECT x.id, COALESCE(p.total, 0) AS total, p.last, f.paid_at AS full
    FROM (SELECT DISTINCT unnest(order_ids) AS id) x
    JOIN orders oo ON oo.id = x.id
    CROSS JOIN LATERAL (SELECT sum(amount) AS total, max(paid_at) AS last FROM payments WHERE order_id = x.id) p
    LEFT JOIN LATERAL (
      SELECT r.paid_at FROM (
        SELECT q.paid_at, q.external_id,
          sum(q.amount) OVER (ORDER BY q.paid_at, q.external_id COLLATE "C" ROWS UNBOUNDED PRECEDING) AS run
        FROM payments q WHERE q.order_id = x.id
      ) r WHERE r.run >= oo.revenue ORDER BY r.paid_at, r.external_id COLLATE "C" LIMIT 1
    ) f ON true
  ) s
  WHERE o.id = s.id AND (o.paid_total, o.last_paid_at, o.full_paid_at) IS DISTINCT FROM (s.total, s.last, s.full)
$$;

-- full_paid_at of every order in one pass (a bulk load, this migration).
CREATE FUNCTION pacer_refresh_all_full_paid() RETURNS void LANGUAGE sql AS $$
  UPDATE orders o SET full_paid_at = s.full
  FROM (
    SELECT o2.id, f.full FROM orders o2 LEFT JOIN (
      SELECT DISTINCT ON (r.order_id) r.order_id, r.paid_at AS full
      FROM (
        SELECT p.order_id, p.paid_at, p.external_id,
          sum(p.amount) OVER (PARTITION BY p.order_id ORDER BY p.paid_at, p.external_id COLLATE "C" ROWS UNBOUNDED PRECEDING) AS run
        FROM payments p
      ) r JOIN orders x ON x.id = r.order_id
      WHERE r.run >= x.revenue
      ORDER BY r.order_id, r.paid_at, r.external_id COLLATE "C"
    ) f ON f.order_id = o2.id
  ) s
  WHERE o.id = s.id AND o.full_paid_at IS DISTINCT FROM s.full
$$;

CREATE OR REPLACE FUNCTION pacer_order_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids int[];
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    IF TG_TABLE_NAME = 'payments' THEN
      UPDATE orders SET paid_total = 0, last_paid_at = NULL, full_paid_at = NULL
      WHERE paid_total <> 0 OR last_paid_at IS NOT NULL OR full_paid_at IS NOT NULL;
    ELSE
      UPDATE orders SET last_rated_at = NULL WHERE last_rated_at IS NOT NULL;
    END IF;
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    ids := ARRAY(SELECT order_id FROM new_rows);
  ELSIF TG_OP = 'UPDATE' THEN
    ids := ARRAY(SELECT order_id FROM new_rows UNION SELECT order_id FROM old_rows);
  ELSE
    ids := ARRAY(SELECT order_id FROM old_rows);
  END IF;
  IF TG_TABLE_NAME = 'payments' THEN
    PERFORM pacer_refresh_order_payments(ids);
  ELSE
    PERFORM pacer_refresh_order_ratings(ids);
  END IF;
  RETURN NULL;
END $$;

-- Everything from scratch in time zone `tz` (this migration, a bulk load, a change of time zone).
CREATE FUNCTION pacer_rebuild_metric_rollups(tz text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  es int[];
  ds date[];
BEGIN
  INSERT INTO metric_rollup_zone (id, timezone) VALUES (1, tz)
  ON CONFLICT (id) DO UPDATE SET timezone = EXCLUDED.timezone;
  DELETE FROM metric_days;
  DELETE FROM metric_customer_days;
  DELETE FROM customer_first_orders;
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
  INSERT INTO customer_first_orders (customer_id, order_id, employee_id, booked_at)
  SELECT DISTINCT ON (customer_id) customer_id, id, owner_id, booked_at FROM orders WHERE status <> 'cancelled'
  ORDER BY customer_id, booked_at, external_id COLLATE "C";
END $$;

-- orders: what each changed order adds and takes away (booked, paid in full, its customer's day),
-- the payments and ratings it carries to another owner (or, for ratings, in and out of the live
-- orders), its customer's first order, and full_paid_at when the revenue changed. The changed rows
-- are found by counting equal rows (a window over both transition tables): a join of the two has
-- no statistics to go by, and a nested loop over them was quadratic.
CREATE FUNCTION pacer_orders_metric_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
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
  EXECUTE pacer_customer_firsts_sql(format('WITH x AS (%s) SELECT customer_id FROM x', x));
  IF TG_OP = 'UPDATE' THEN
    EXECUTE format('SELECT array_agg(id) FROM (%s) x WHERE s = 1 AND new_revenue', x) INTO ids;
    -- Its own UPDATE of orders comes back here with the new full_paid_at.
    IF ids IS NOT NULL THEN PERFORM pacer_refresh_order_payments(ids); END IF;
  END IF;
  RETURN NULL;
END $$;

-- payments, ratings and leads: each changed row as it was (-1) and as it is (+1), on the day and
-- owner it counts for (changed rows found as for orders).
CREATE FUNCTION pacer_facts_metric_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  cols text;
  x text;
  contribs text;
  es int[];
  ds date[];
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    PERFORM pacer_rebuild_metric_rollups(pacer_rollup_zone());
    RETURN NULL;
  END IF;
  cols := CASE TG_TABLE_NAME
    WHEN 'payments' THEN 'order_id, paid_at, amount'
    WHEN 'ratings' THEN 'order_id, rated_at, score'
    ELSE 'owner_id, status, closed_at' END;
  IF TG_OP = 'INSERT' THEN
    x := format('SELECT 1 AS s, %s FROM new_rows', cols);
  ELSIF TG_OP = 'DELETE' THEN
    x := format('SELECT -1 AS s, %s FROM old_rows', cols);
  ELSE
    x := format($q$
SELECT * FROM (
  SELECT a.*, count(*) OVER (PARTITION BY id, %1$s) AS same
  FROM (SELECT -1 AS s, id, %1$s FROM old_rows UNION ALL SELECT 1, id, %1$s FROM new_rows) a
) b WHERE same = 1$q$, cols);
  END IF;
  contribs := CASE TG_TABLE_NAME
    WHEN 'payments' THEN $q$
SELECT o.owner_id, (x.paid_at AT TIME ZONE $1)::date, 'p', x.s * x.amount, 0, x.s FROM x JOIN orders o ON o.id = x.order_id$q$
    WHEN 'ratings' THEN $q$
SELECT o.owner_id, (x.rated_at AT TIME ZONE $1)::date, 'r', x.s * x.score, 0, x.s
FROM x JOIN orders o ON o.id = x.order_id WHERE o.status <> 'cancelled'$q$
    ELSE $q$
SELECT owner_id, (closed_at AT TIME ZONE $1)::date, 'l', s * (status = 'converted')::int, 0, s
FROM x WHERE status IN ('converted', 'lost') AND closed_at IS NOT NULL$q$ END;
  EXECUTE pacer_metric_days_sql(format('WITH x AS (%s) %s', x, contribs)) INTO es, ds USING pacer_rollup_zone();
  IF es IS NOT NULL THEN PERFORM pacer_drop_empty_metric_days(es, ds); END IF;
  RETURN NULL;
END $$;

-- A new time zone re-cuts the days.
CREATE FUNCTION pacer_organization_metric_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.timezone IS DISTINCT FROM (SELECT timezone FROM metric_rollup_zone WHERE id = 1) THEN
    PERFORM pacer_rebuild_metric_rollups(NEW.timezone);
  END IF;
  RETURN NULL;
END $$;

-- The orders already here: paid-in-full moments, then every roll-up, before the triggers exist.
SELECT pacer_refresh_all_full_paid();
SELECT pacer_rebuild_metric_rollups(COALESCE((SELECT timezone FROM organization WHERE id = 1), 'Asia/Shanghai'));

CREATE TRIGGER orders_metric_days_insert AFTER INSERT ON orders REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pacer_orders_metric_rollup();
CREATE TRIGGER orders_metric_days_update AFTER UPDATE ON orders REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pacer_orders_metric_rollup();
CREATE TRIGGER orders_metric_days_delete AFTER DELETE ON orders REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION pacer_orders_metric_rollup();
CREATE TRIGGER orders_metric_days_truncate AFTER TRUNCATE ON orders FOR EACH STATEMENT EXECUTE FUNCTION pacer_orders_metric_rollup();

CREATE TRIGGER payments_metric_days_insert AFTER INSERT ON payments REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pacer_facts_metric_rollup();
CREATE TRIGGER payments_metric_days_update AFTER UPDATE ON payments REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pacer_facts_metric_rollup();
CREATE TRIGGER payments_metric_days_delete AFTER DELETE ON payments REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION pacer_facts_metric_rollup();
CREATE TRIGGER payments_metric_days_truncate AFTER TRUNCATE ON payments FOR EACH STATEMENT EXECUTE FUNCTION pacer_facts_metric_rollup();

CREATE TRIGGER ratings_metric_days_insert AFTER INSERT ON ratings REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pacer_facts_metric_rollup();
CREATE TRIGGER ratings_metric_days_update AFTER UPDATE ON ratings REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pacer_facts_metric_rollup();
CREATE TRIGGER ratings_metric_days_delete AFTER DELETE ON ratings REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION pacer_facts_metric_rollup();
CREATE TRIGGER ratings_metric_days_truncate AFTER TRUNCATE ON ratings FOR EACH STATEMENT EXECUTE FUNCTION pacer_facts_metric_rollup();

CREATE TRIGGER leads_metric_days_insert AFTER INSERT ON leads REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pacer_facts_metric_rollup();
CREATE TRIGGER leads_metric_days_update AFTER UPDATE ON leads REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pacer_facts_metric_rollup();
CREATE TRIGGER leads_metric_days_delete AFTER DELETE ON leads REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION pacer_facts_metric_rollup();
CREATE TRIGGER leads_metric_days_truncate AFTER TRUNCATE ON leads FOR EACH STATEMENT EXECUTE FUNCTION pacer_facts_metric_rollup();

CREATE TRIGGER organization_metric_zone AFTER INSERT OR UPDATE OF timezone ON organization FOR EACH ROW EXECUTE FUNCTION pacer_organization_metric_rollup();

-- What the KPI statement reads from the rows: the window's partial days (orders with a payment or
-- a rating from the day's start on; orders booked then use orders_owner_id_booked_at_idx) and the
-- receivables still open, or paid after the window's end (overdue).
CREATE INDEX "orders_owner_last_paid_idx" ON "orders" ("owner_id", "last_paid_at");
CREATE INDEX "orders_owner_last_rated_idx" ON "orders" ("owner_id", "last_rated_at");
CREATE INDEX "orders_open_receivables_idx" ON "orders" ("owner_id", "due_date") WHERE status <> 'cancelled' AND paid_total < revenue;

-- pacer:hand-written:end
