// The high-potential notice after a month close: who led their team on a metric in each of the
// three closed months ending with the period (kpi/potential.ts, each month's latest close version),
// the team they were in at the period's close, and the development course suggested for the metric
// (development_courses). The job posts it to each flagged person's manager and to HR.
import type { Sql } from "../db/client.ts";
import type { MetricKey } from "../kpi/metrics.ts";
import { highPotentialFlags, streakPeriods, type ClosedMonth } from "../kpi/potential.ts";
import type { Period } from "../kpi/period.ts";
import { type CourseRow, loadLatestCloseEntries } from "../store/explain-sql.ts";
import { loadLatestClose } from "../store/month-closes.ts";
import { employeeNames, loadDevelopmentCourses, type TeamManager, teamManagers } from "../store/profile.ts";

export interface HighPotentialPerson {
  externalId: string;
  name: string;
  /** The team at the period's close (null: none). */
  team: TeamManager | null;
  /** The metrics led three months running, in METRICS order, each with its suggested course. */
  metrics: { metric: MetricKey; course: CourseRow | null }[];
  /** The streak's months, oldest first. */
  periods: Period[];
}

export interface HighPotentialNotice {
  period: Period;
  /** The period's latest close version (null: not closed, nobody is flagged). */
  version: number | null;
  people: HighPotentialPerson[];
}

/** Everyone flagged high potential as of the closed `period`, with their team and courses. */
export async function highPotentialNotice(sql: Sql, period: Period): Promise<HighPotentialNotice> {
  const close = await loadLatestClose(sql, period);
  if (!close) return { period, version: null, people: [] };
  const periods = streakPeriods(period);
  const entries = await loadLatestCloseEntries(sql, periods);
  const months: ClosedMonth[] = periods.flatMap((p) => {
    const of = entries.filter((e) => e.period === p);
    return of.length ? [{ period: p, entries: of }] : [];
  });
  const flags = highPotentialFlags(months, periods);
  if (flags.length === 0) return { period, version: close.version, people: [] };
  const ids = [...new Set(flags.map((f) => f.employeeExternalId))];
  const teamAtClose = new Map(entries.filter((e) => e.period === period).map((e) => [e.employeeExternalId, e.teamId]));
  const teamIds = [...new Set([...teamAtClose.values()].filter((t): t is number => t !== null))];
  const [names, teams, courses] = await Promise.all([
    employeeNames(sql, ids),
    teamManagers(sql, teamIds),
    loadDevelopmentCourses(sql),
  ]);
  const teamById = new Map(teams.map((t) => [t.teamId, t]));
  const people = ids.map((externalId): HighPotentialPerson => {
    const teamId = teamAtClose.get(externalId) ?? null;
    return {
      externalId,
      name: names.get(externalId) ?? externalId,
      team: teamId === null ? null : (teamById.get(teamId) ?? null),
      metrics: flags
        .filter((f) => f.employeeExternalId === externalId)
        .map((f) => ({ metric: f.metric, course: courses.get(f.metric) ?? null })),
      periods,
    };
  });
  return { period, version: close.version, people };
}
