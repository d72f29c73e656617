// Computes a period's KPI results from Postgres: who is scored, their aggregates (one SQL pass for
// everyone asked about), plans, targets and team goals, then the pure engine (kpi/evaluate.ts).
import type { Sql } from "../db/client.ts";
import type { WorkingCalendar } from "../calendar/calendar.ts";
import { actualsFrom } from "../kpi/actuals.ts";
import { evaluatePeriod, targetsFrom, type PeriodResult } from "../kpi/evaluate.ts";
import { firstLocalDay, localDate, periodBounds, previousPeriod, type Period } from "../kpi/period.ts";
import { queryRawMetrics, queryRawMetricsAndFreshness, type MetricWindow } from "../store/metric-sql.ts";
import {
  loadOrganization,
  loadPeriodInputs,
  type OrganizationInfo,
  type ScoredPerson,
  type TargetSource,
} from "../store/kpi-inputs.ts";

export interface ComputeOptions {
  /** Compute "as of" this instant inside the period: metrics use [start, asOf). */
  asOf?: Date;
  /** Only these teams (all their scored members are included, for ranks and bonuses). */
  teamIds?: number[];
  /** Only these people (for someone without a team). */
  employeeIds?: number[];
  /** The organization, when the caller has just loaded it (saves a round trip). */
  organization?: OrganizationInfo;
  /** Also read the data freshness (in the same round trip as the metrics). */
  freshness?: boolean;
  /** Also read the working calendar (in the same round trip as the inputs). */
  calendar?: boolean;
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
  /** The people scored, as stored (status, team). */
  people: ScoredPerson[];
  /** Per scored person with targets: their latest write (who set them in chat, or the feed). */
  targetSources: Map<number, TargetSource>;
  /** With `freshness`: the time of the newest ingested row (null: no data yet). */
  freshness?: Date | null;
  /** With `calendar`: the organization's working calendar. */
  calendar?: WorkingCalendar;
}

export async function computePeriod(sql: Sql, period: Period, options: ComputeOptions = {}): Promise<ComputedPeriod> {
  const organization = options.organization ?? (await loadOrganization(sql));
  const window = metricWindow(period, organization.timezone, options.asOf);
  const { people, plans, targets, targetSources, goals, calendar } = await loadPeriodInputs(sql, {
    period,
    periodStart: firstLocalDay(period),
    ...(options.teamIds ? { teamIds: options.teamIds } : {}),
    ...(options.employeeIds ? { employeeIds: options.employeeIds } : {}),
    ...(options.calendar ? { calendarSource: organization.calendarSource } : {}),
  });
  const ids = people.map((p) => p.id);
  const { rows: raw, freshness } = options.freshness
    ? await queryRawMetricsAndFreshness(sql, ids, window)
    : { rows: await queryRawMetrics(sql, ids, window), freshness: null };
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
  return {
    organization,
    period,
    window,
    result,
    people,
    targetSources,
    ...(options.freshness ? { freshness } : {}),
    ...(calendar ? { calendar } : {}),
  };
}
