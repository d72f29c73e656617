-- A chat answer's inputs besides the metrics are kept in each process's memory too, through the
-- configuration cache of src/db/config-cache.ts: who is scored in a team, their targets and the
-- team's goals (src/store/kpi-inputs.ts), the asker's chat link and viewer record (src/store/
-- identity.ts), the course recommended per metric (src/store/explain-sql.ts). They change a few
-- times a month; every answer reads them. The tables that hold them tell every process on the same channel as the configuration
-- (function pacer_config_changed, migration config_notify), once per statement, on commit.

-- pacer:hand-written:begin

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['employees', 'teams', 'targets', 'team_goals', 'chat_identities', 'metric_courses', 'training_courses']
  LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION pacer_config_changed()', t || '_config_changed', t);
  END LOOP;
END
$$;

-- pacer:hand-written:end
