// Computes a period's KPI results from Postgres: who is scored, their aggregates (one SQL pass for
// everyone asked about), plans, targets and team goals, then the pure engine (kpi/evaluate.ts).
import type { Sql } from "../db/client.ts";
import { actualsFrom } from "../kpi/actuals.ts";
import { evaluatePeriod, targetsFrom, type PeriodResult } from "../kpi/evaluate.ts";
import { firstLocalDay, localDate, periodBounds, previousPeriod, type Period } from "../kpi/period.ts";
import { queryRawMetrics, type MetricWindow } from "../store/metric-sql.ts";
import { loadOrganization, loadPlans, loadScoredPeople, loadTargets, loadTeamGoals, type OrganizationInfo } from "../store/kpi-inputs.ts";

export interface ComputeOptions {
  /** Compute "as of" this instant inside the period: metrics use [start, asOf). */
  asOf?: Date;
  /** Only these teams (all their scored members are included, for ranks and bonuses). */
  teamIds?: number[];
  /** Only these people (for someone without a team). */
  employeeIds?: number[];
  /** The organization, when the caller has just loaded it (saves a round trip). */
  organization?: OrganizationInfo;
}

/** The metric window of `period` in `timezone`, cut at `asOf` when it falls inside. */
export function metricWindow(period: Period, timezone: string, asOf?: Date): MetricWindow {
  const { start, end } = periodBounds(period, timezone);
  const to = asOf && asOf < end ? (asOf > start ? asOf : start) : end;
  return {
    from: start,
    to,
    previousFrom: periodBounds(previousPeriod(period), timezone).start,
    overdueBefore: localDate(to, timezone),
    timezone,
  };
}

export interface ComputedPeriod {
  organization: OrganizationInfo;
  period: Period;
  window: MetricWindow;
  result: PeriodResult;
}

export async function computePeriod(sql: Sql, period: Period, options: ComputeOptions = {}): Promise<ComputedPeriod> {
  const organization = options.organization ?? (await loadOrganization(sql));
  const window = metricWindow(period, organization.timezone, options.asOf);
  const people = await loadScoredPeople(sql, { teamIds: options.teamIds, employeeIds: options.employeeIds, periodStart: firstLocalDay(period) });
  const ids = people.map((p) => p.id);
  const teamIds = options.teamIds ?? [...new Set(people.flatMap((p) => (p.teamId === null ? [] : [p.teamId])))];
  const [raw, plans, targets, goals] = await Promise.all([
    queryRawMetrics(sql, ids, window),
    loadPlans(sql),
    loadTargets(sql, period, ids),
    options.teamIds ? loadTeamGoals(sql, period, teamIds) : loadTeamGoals(sql, period),
  ]);
  const rawById = new Map(raw.map((r) => [r.employee_id, r]));
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
  return { organization, period, window, result };
}
