-- Constraints Prisma's schema language cannot express: CHECKs, snapshot immutability and a
-- partial index. Everything between the pacer:hand-written markers is re-applied by the drift test
-- (test/db/drift.test.ts) on top of the schema diff, so keep hand-written SQL inside the markers.

-- pacer:hand-written:begin

-- One organization per database (PRODUCT.md "Decisions").
ALTER TABLE "organization" ADD CONSTRAINT "organization_singleton_check" CHECK ("id" = 1);

-- Refunds are negative payments, but an order's own amounts never are.
ALTER TABLE "orders" ADD CONSTRAINT "orders_revenue_check" CHECK ("revenue" >= 0);
ALTER TABLE "orders" ADD CONSTRAINT "orders_cost_check" CHECK ("cost" >= 0);

ALTER TABLE "ratings" ADD CONSTRAINT "ratings_score_check" CHECK ("score" BETWEEN 1 AND 5);

-- A converted or lost lead must say when it closed (conversion rate counts by closed_at).
ALTER TABLE "leads" ADD CONSTRAINT "leads_closed_at_check" CHECK ("status" = 'open' OR "closed_at" IS NOT NULL);

-- Periods are "YYYY-MM" months.
ALTER TABLE "targets" ADD CONSTRAINT "targets_period_check" CHECK ("period" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$');
ALTER TABLE "team_goals" ADD CONSTRAINT "team_goals_period_check" CHECK ("period" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$');
ALTER TABLE "team_goals" ADD CONSTRAINT "team_goals_value_check" CHECK ("value" > 0);

-- Completion ratio is clamped to [floor, cap]: a cap below 100% or a floor of 100% is a typo.
ALTER TABLE "kpi_plans" ADD CONSTRAINT "kpi_plans_cap_check" CHECK ("cap" >= 1);
ALTER TABLE "kpi_plans" ADD CONSTRAINT "kpi_plans_floor_check" CHECK ("floor" >= 0 AND "floor" < 1);
ALTER TABLE "kpi_plan_items" ADD CONSTRAINT "kpi_plan_items_weight_check" CHECK ("weight" > 0 AND "weight" <= 100);

-- A team cannot be its own branch (longer cycles are refused by the application).
ALTER TABLE "teams" ADD CONSTRAINT "teams_parent_check" CHECK ("parent_id" <> "id");

ALTER TABLE "offers" ADD CONSTRAINT "offers_deadline_check" CHECK ("deadline_at" > "sent_at");

ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_scopes_check" CHECK ("scopes" <@ ARRAY['ingest', 'read']::TEXT[]);

ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_attempts_check" CHECK ("attempts" >= 0);

-- Month-close snapshots are what people were paid on: never edited in place. A re-close inserts
-- a new version instead.
CREATE FUNCTION "pacer_refuse_snapshot_change"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'month-close snapshots are immutable: % on % refused; re-close the month to create a new version', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER "month_closes_immutable"
  BEFORE UPDATE OR DELETE ON "month_closes"
  FOR EACH ROW EXECUTE FUNCTION "pacer_refuse_snapshot_change"();

CREATE TRIGGER "month_close_entries_immutable"
  BEFORE UPDATE OR DELETE ON "month_close_entries"
  FOR EACH ROW EXECUTE FUNCTION "pacer_refuse_snapshot_change"();

-- The offer-expiry job scans pending offers by deadline.
CREATE INDEX "offers_pending_deadline_idx" ON "offers" ("deadline_at") WHERE "status" = 'pending';

-- pacer:hand-written:end
