-- payments(order_id, paid_at) is covered by payments_order_paid_cover_idx (the same keys plus the
-- amount, migration 20261127120209_kpi_indexes): one index less to write for every payment.

-- DropIndex
DROP INDEX "payments_order_id_paid_at_idx";
