// The yardstick bench/kpi.ts measures Pacer against: the same KPI figures computed the simplest
// correct way, straight from the raw rows. It reads the same inputs as the service (who is
// scored, plans, targets, team goals, the calendar and freshness when asked) and scores them with
// the same pure engine, but takes each person's metric ingredients from the reference statement
// of the tests (test/kpi/reference-metric-sql.ts: every order, payment and rating of the people
// asked about, read literally, no roll-ups). Pacer's answer and this one must be equal; the
// benchmark checks that on every size before it prints a ratio.
import type pg from "pg";
import { actualsFrom } from "../src/kpi/actuals.ts";
import { evaluatePeriod, type PeriodResult, targetsFrom } from "../src/kpi/evaluate.ts";
import { firstLocalDay, type Period } from "../src/kpi/period.ts";
import { metricWindow } from "../src/services/period-results.ts";
import { loadOrganization, loadPeriodInputs, type OrganizationInfo } from "../src/store/kpi-inputs.ts";
import { FRESHNESS_SQL, metricParams, rawMetricsRow } from "../src/store/metric-sql.ts";
import { REFERENCE_METRICS_SQL } from "../test/kpi/reference-metric-sql.ts";

export interface BaselineOptions {
  asOf?: Date;
  teamIds?: number[];
  employeeIds?: number[];
  organization?: OrganizationInfo;
  freshness?: boolean;
  calendar?: boolean;
  /** Bounds the reference statement (server-side statement_timeout), for the whole organization. */
  timeoutMs?: number;
}

/** The period's results for the people asked about, from the raw rows (cf. computePeriod). */
export async function baselinePeriod(
  pool: pg.Pool,
  period: Period,
  options: BaselineOptions = {},
): Promise<{ result: PeriodResult; timezone: string }> {
  const organization = options.organization ?? (await loadOrganization(pool));
  const window = metricWindow(period, organization.timezone, options.asOf);
  const { people, plans, targets, goals } = await loadPeriodInputs(pool, {
    period,
    periodStart: firstLocalDay(period),
    ...(options.teamIds ? { teamIds: options.teamIds } : {}),
    ...(options.employeeIds ? { employeeIds: options.employeeIds } : {}),
    ...(options.calendar ? { calendarSource: organization.calendarSource } : {}),
  });
  // The data freshness, read as simply as the metrics: a statement of its own.
  if (options.freshness) await pool.query(`SELECT ${FRESHNESS_SQL} AS freshness`);
  const params = metricParams(
    people.map((p) => p.id),
    window,
  );
  const rows = options.timeoutMs
    ? await withTimeout(pool, options.timeoutMs, (c) => c.query(REFERENCE_METRICS_SQL, params))
    : await pool.query(REFERENCE_METRICS_SQL, params);
  const rawById = new Map(rows.rows.map((r) => rawMetricsRow.parse(r)).map((r) => [r.employee_id, r]));
  const result = evaluatePeriod(
    people.map((p) => ({
      id: p.id,
      externalId: p.externalId,
      name: p.name,
      teamExternalId: p.teamExternalId,
      planKey: p.planKey,
      actuals: actualsFrom(rawById.get(p.id)!),
      targets: targetsFrom(targets.get(p.id)),
    })),
    plans,
    goals.map((g) => ({ teamExternalId: g.teamExternalId, goal: g })),
  );
  return { result, timezone: organization.timezone };
}

async function withTimeout<T>(pool: pg.Pool, ms: number, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(`BEGIN READ ONLY; SET LOCAL statement_timeout = ${Math.round(ms)}`);
    const out = await fn(client);
    await client.query("COMMIT");
    return out;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
