-- An order's payment roll-ups (paid_total, last_paid_at, full_paid_at), recomputed for the orders a
-- statement on payments touched, in one pass over their payments (a window per order, grouped)
-- instead of two correlated lookups per order. Same result (the first payment, by paid_at then
-- external id, whose running total reaches the revenue is the earliest paid_at among those that
-- reach it, refunds included); for a 100k-order payment batch the computation took about half the
-- time (docs/BENCHMARKS.md, Ingest).

-- pacer:hand-written:begin

CREATE OR REPLACE FUNCTION pacer_refresh_order_payments(order_ids int[]) RETURNS void LANGUAGE sql AS $$
  UPDATE orders o SET paid_total = s.total, last_paid_at = s.last, full_paid_at = s.full
  FROM (
    SELECT oo.id, COALESCE(sum(r.amount), 0) AS total, max(r.paid_at) AS last,
      min(r.paid_at) FILTER (WHERE r.run >= oo.revenue) AS full
    FROM orders oo
    LEFT JOIN (
      SELECT q.order_id, q.paid_at, q.amount,
        sum(q.amount) OVER (
          PARTITION BY q.order_id ORDER BY q.paid_at, q.external_id COLLATE "C" ROWS UNBOUNDED PRECEDING
        ) AS run
      FROM payments q WHERE q.order_id = ANY(order_ids)
    ) r ON r.order_id = oo.id
    WHERE oo.id = ANY(order_ids)
    GROUP BY oo.id
  ) s
  WHERE o.id = s.id AND (o.paid_total, o.last_paid_at, o.full_paid_at) IS DISTINCT FROM (s.total, s.last, s.full)
$$;

-- pacer:hand-written:end
