-- AlterTable
ALTER TABLE "orders" ADD COLUMN     "last_paid_at" TIMESTAMPTZ(3),
ADD COLUMN     "last_rated_at" TIMESTAMPTZ(3),
ADD COLUMN     "paid_total" DECIMAL(16,2) NOT NULL DEFAULT 0;

-- Each order's payment and rating roll-ups (paid_total, last_paid_at, last_rated_at), kept by
-- statement-level triggers so one statement costs one pass however many rows it touches (an ingest
-- batch, a COPY). The KPI statement (src/store/metric-sql.ts) then reads an order's payments only
-- when its last payment is inside or after the window, and its ratings only when its last rating is.

-- pacer:hand-written:begin

CREATE FUNCTION pacer_refresh_order_payments(order_ids int[]) RETURNS void LANGUAGE sql AS $$
  UPDATE orders o SET paid_total = s.total, last_paid_at = s.last
  FROM (
    SELECT x.id, COALESCE(sum(p.amount), 0) AS total, max(p.paid_at) AS last
    FROM (SELECT DISTINCT unnest(order_ids) AS id) x LEFT JOIN payments p ON p.order_id = x.id
    GROUP BY x.id
  ) s
  WHERE o.id = s.id AND (o.paid_total, o.last_paid_at) IS DISTINCT FROM (s.total, s.last)
$$;

CREATE FUNCTION pacer_refresh_order_ratings(order_ids int[]) RETURNS void LANGUAGE sql AS $$
  UPDATE orders o SET last_rated_at = s.last
  FROM (
    SELECT x.id, max(r.rated_at) AS last
    FROM (SELECT DISTINCT unnest(order_ids) AS id) x LEFT JOIN ratings r ON r.order_id = x.id
    GROUP BY x.id
  ) s
  WHERE o.id = s.id AND o.last_rated_at IS DISTINCT FROM s.last
$$;

-- One trigger function for both tables; each trigger names its transition tables new_rows /
-- old_rows (PL/pgSQL plans a statement when it first runs it, so a branch may name a table only
-- its event has).
CREATE FUNCTION pacer_order_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids int[];
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    IF TG_TABLE_NAME = 'payments' THEN
      UPDATE orders SET paid_total = 0, last_paid_at = NULL WHERE paid_total <> 0 OR last_paid_at IS NOT NULL;
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

CREATE TRIGGER payments_rollup_insert AFTER INSERT ON payments REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pacer_order_rollup();
CREATE TRIGGER payments_rollup_update AFTER UPDATE ON payments REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pacer_order_rollup();
CREATE TRIGGER payments_rollup_delete AFTER DELETE ON payments REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION pacer_order_rollup();
CREATE TRIGGER payments_rollup_truncate AFTER TRUNCATE ON payments FOR EACH STATEMENT EXECUTE FUNCTION pacer_order_rollup();

CREATE TRIGGER ratings_rollup_insert AFTER INSERT ON ratings REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pacer_order_rollup();
CREATE TRIGGER ratings_rollup_update AFTER UPDATE ON ratings REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pacer_order_rollup();
CREATE TRIGGER ratings_rollup_delete AFTER DELETE ON ratings REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION pacer_order_rollup();
CREATE TRIGGER ratings_rollup_truncate AFTER TRUNCATE ON ratings FOR EACH STATEMENT EXECUTE FUNCTION pacer_order_rollup();

-- Orders already in the database.
SELECT pacer_refresh_order_payments(ARRAY(SELECT DISTINCT order_id FROM payments));
SELECT pacer_refresh_order_ratings(ARRAY(SELECT DISTINCT order_id FROM ratings));

-- pacer:hand-written:end
