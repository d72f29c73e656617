-- The organization's configuration is kept in each process's memory (src/db/config-cache.ts).
-- Whatever changes it — the ingest API, a scenario import, the CLI, psql — tells every process
-- through NOTIFY pacer_config, which Postgres delivers when the changing transaction commits (and
-- not at all when it rolls back). Statement-level: one notification per statement, however many
-- rows it touches; Postgres folds repeats within a transaction into one.

-- pacer:hand-written:begin

CREATE FUNCTION pacer_config_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('pacer_config', TG_TABLE_NAME);
  RETURN NULL;
END
$$;

CREATE TRIGGER organization_config_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "organization"
  FOR EACH STATEMENT EXECUTE FUNCTION pacer_config_changed();
CREATE TRIGGER kpi_plans_config_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "kpi_plans"
  FOR EACH STATEMENT EXECUTE FUNCTION pacer_config_changed();
CREATE TRIGGER kpi_plan_items_config_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "kpi_plan_items"
  FOR EACH STATEMENT EXECUTE FUNCTION pacer_config_changed();
CREATE TRIGGER calendar_days_config_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "calendar_days"
  FOR EACH STATEMENT EXECUTE FUNCTION pacer_config_changed();
CREATE TRIGGER settings_config_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "settings"
  FOR EACH STATEMENT EXECUTE FUNCTION pacer_config_changed();

-- pacer:hand-written:end
