-- Overdue receivables (src/store/metric-rollup-sql.ts, "overdue") read every open order of the
-- people asked about: for the whole company's close that was ~58k orders, and fetching their rows
-- from the heap was most of the statement's largest part (EXPLAIN in docs/BENCHMARKS.md). The
-- partial index now carries what that part reads, so it is answered from the index alone.

-- pacer:hand-written:begin

DROP INDEX "orders_open_receivables_idx";
CREATE INDEX "orders_open_receivables_idx" ON "orders" ("owner_id", "due_date")
  INCLUDE ("booked_at", "revenue", "paid_total", "last_paid_at", "id")
  WHERE status <> 'cancelled' AND paid_total < revenue;

-- pacer:hand-written:end
