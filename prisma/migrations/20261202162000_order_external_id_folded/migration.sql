-- A chat question names an order as typed ("o3" for O3): when no order has exactly that id, the
-- dispute and rating answers look for the one whose id matches ignoring case
-- (src/store/disputes.ts, src/store/ratings.ts). Without an index that read every order — a typo
-- cost a scan of the whole table (~1M rows at 2,000 reps) on the chat path.

-- pacer:hand-written:begin

CREATE INDEX "orders_external_id_folded_idx" ON "orders" (lower("external_id"));

-- pacer:hand-written:end
