-- Indexes for the KPI engine at a million orders (docs/BENCHMARKS.md, "KPI engine").
-- Prisma part (schema.prisma @@index): updated_at of the fed tables, so "data freshness"
-- (max(updated_at) over orders, payments, leads and ratings, on every progress card) reads four
-- index ends instead of scanning ~2.8M rows (200 ms → under 1 ms).

-- CreateIndex
CREATE INDEX "orders_updated_at_idx" ON "orders"("updated_at");

-- CreateIndex
CREATE INDEX "payments_updated_at_idx" ON "payments"("updated_at");

-- CreateIndex
CREATE INDEX "leads_updated_at_idx" ON "leads"("updated_at");

-- CreateIndex
CREATE INDEX "ratings_updated_at_idx" ON "ratings"("updated_at");

-- Covering indexes Prisma's schema language cannot express (INCLUDE), for src/store/metric-sql.ts.

-- pacer:hand-written:begin

-- One index-only probe per order gives its payments before the window's end: collected revenue,
-- the orders touched in the window (collection days) and the outstanding amount (overdue).
CREATE INDEX "payments_order_paid_cover_idx" ON "payments" ("order_id", "paid_at") INCLUDE ("amount");

-- collaboration_score: the window's ratings in one index-only range scan.
CREATE INDEX "ratings_rated_cover_idx" ON "ratings" ("rated_at") INCLUDE ("order_id", "score");

-- pacer:hand-written:end
