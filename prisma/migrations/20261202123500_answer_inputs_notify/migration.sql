-- A chat answer's inputs besides the metrics are kept in each process's memory too, through the
-- configuration cache of src/db/config-cache.ts: who is scored in a team, their targets and the
-- team's goals (src/store/kpi-inputs.ts), the asker's chat link and viewer record (src/store/
-- identity.ts), the course recommended per metric (src/store/explain-sql.ts). They change a few
-- times a month; every answer reads them. The tables that hold them tell every process on the same channel as the configuration
-- (function pacer_config_changed, migration config_notify), once per statement, on commit.

-- pacer:hand-written:begin

CREATE TRIGGER employees_config_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "employees"
  FOR EACH STATEMENT EXECUTE FUNCTION pacer_config_changed();
CREATE TRIGGER teams_config_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "teams"
  FOR EACH STATEMENT EXECUTE FUNCTION pacer_config_changed();
CREATE TRIGGER targets_config_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "targets"
  FOR EACH STATEMENT EXECUTE FUNCTION pacer_config_changed();
CREATE TRIGGER team_goals_config_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "team_goals"
  FOR EACH STATEMENT EXECUTE FUNCTION pacer_config_changed();
CREATE TRIGGER chat_identities_config_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "chat_identities"
  FOR EACH STATEMENT EXECUTE FUNCTION pacer_config_changed();
CREATE TRIGGER metric_courses_config_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "metric_courses"
  FOR EACH STATEMENT EXECUTE FUNCTION pacer_config_changed();
CREATE TRIGGER training_courses_config_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "training_courses"
  FOR EACH STATEMENT EXECUTE FUNCTION pacer_config_changed();

-- pacer:hand-written:end
