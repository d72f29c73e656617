// A team's leaderboard as of an instant: every scored member with total, rank and trend against the
// same moment a week earlier (inside the same period), the team goal's progress and bonus tier,
// and who is at risk (their headline metric is not on pace for its target).
import type { Sql } from "../db/client.ts";
import { localDate, periodBounds, periodOfInstant } from "../kpi/period.ts";
import { metricPace, type PaceDays } from "../kpi/pace.ts";
import { toRational } from "../kpi/decimal.ts";
import type { MetricKey } from "../kpi/metrics.ts";
import type { PersonResult } from "../kpi/evaluate.ts";
import { loadOrganization, type OrganizationInfo } from "../store/kpi-inputs.ts";
import { loadTeam } from "../store/people.ts";
import { UnknownTeamError } from "./errors.ts";
import { computePeriod } from "./period-results.ts";

export { UnknownTeamError };

export interface LeaderboardRow {
  rank: number;
  employeeId: number;
  externalId: string;
  name: string;
  status: "active" | "on_leave" | "left";
  total: string;
  base: string;
  bonus: string;
  /** Change of the total since the same moment a week earlier (null in the period's first week). */
  trend: string | null;
  /** The plan's heaviest metric and its achievement now (e.g. "0.8500"). */
  headline: MetricKey;
  headlineAchievement: string;
  /** Not on pace: the headline metric's projection (or current value) misses its target. */
  atRisk: boolean;
}

export interface TeamGoalLine {
  metric: MetricKey;
  actual: string;
  goal: string;
  completion: string | null;
  bonus: string;
  /** The next tier to reach, if any. */
  nextTier: { minCompletion: string; points: string } | null;
}

export interface Leaderboard {
  team: { id: number; externalId: string; name: string; managerId: number | null };
  period: string;
  asOf: string;
  timezone: string;
  rows: LeaderboardRow[];
  goals: TeamGoalLine[];
  workingDays: { total: number; elapsed: number; remaining: number };
  dataFreshness: string | null;
}

const WEEK_MS = 7 * 24 * 3600 * 1000;

export async function leaderboardFor(
  sql: Sql,
  teamId: number,
  asOf: Date,
  options: { activeOnly?: boolean; organization?: OrganizationInfo } = {},
): Promise<Leaderboard> {
  const team = await loadTeam(sql, teamId);
  if (!team) throw new UnknownTeamError(teamId);
  const org = options.organization ?? (await loadOrganization(sql));
  const period = periodOfInstant(asOf, org.timezone);
  const weekAgo = new Date(asOf.getTime() - WEEK_MS);
  // Now and a week ago at once (two pool connections), for the trend.
  const [now, before] = await Promise.all([
    computePeriod(sql, period, { asOf, teamIds: [teamId], organization: org, freshness: true, calendar: true }),
    weekAgo > periodBounds(period, org.timezone).start
      ? computePeriod(sql, period, { asOf: weekAgo, teamIds: [teamId], organization: org })
      : null,
  ]);
  const freshness = now.freshness ?? null;
  const calendar = now.calendar!;
  const beforeTotal = new Map(before?.result.people.map((p) => [p.person.id, p.total]) ?? []);

  const days = calendar.counts(period, localDate(asOf, org.timezone));
  const statusOf = new Map(now.people.map((p) => [p.id, p.status]));

  let people = now.result.people;
  // Only active people appear on leaderboards. Ranks stay those of the whole team.
  if (options.activeOnly ?? true) people = people.filter((p) => statusOf.get(p.person.id) === "active");

  const rows = people
    .map((p): LeaderboardRow => {
      const headline = headlineOf(p);
      const item = p.score.items.find((i) => i.metric === headline)!;
      const previous = beforeTotal.get(p.person.id);
      return {
        rank: p.teamRank ?? 0,
        employeeId: p.person.id,
        externalId: p.person.externalId,
        name: p.person.name,
        status: statusOf.get(p.person.id) ?? "active",
        total: p.total.toFixed(2),
        base: p.score.baseText,
        bonus: p.bonus.toFixed(2),
        trend: previous === undefined ? null : p.total.sub(previous).toFixed(2),
        headline,
        headlineAchievement: item.achievementText,
        atRisk: isAtRisk(p, days),
      };
    })
    .sort((a, b) => a.rank - b.rank || (a.externalId < b.externalId ? -1 : 1));

  const goals = now.result.teams.map((t): TeamGoalLine => {
    const completion = t.goal.completion;
    const next =
      completion === null ? t.tiers[0] : t.tiers.find((tier) => toRational(tier.minCompletion).gt(completion));
    return {
      metric: t.goal.metric,
      actual: t.goal.actualText,
      goal: t.goal.targetText,
      completion: t.goal.completionText,
      bonus: t.goal.bonusText,
      nextTier: next ? { minCompletion: next.minCompletion.toString(), points: next.points.toString() } : null,
    };
  });
  return {
    team: { id: team.id, externalId: team.externalId, name: team.name, managerId: team.managerId },
    period,
    asOf: asOf.toISOString(),
    timezone: org.timezone,
    rows,
    goals,
    workingDays: days,
    dataFreshness: freshness?.toISOString() ?? null,
  };
}

/** Not on pace: the headline metric's projection (or current value) misses its target. */
export function isAtRisk(p: PersonResult, days: PaceDays): boolean {
  const headline = headlineOf(p);
  const pace = metricPace(headline, p.person.actuals[headline], p.person.targets[headline], days);
  return pace.onTrack === false || (pace.onTrack === null && pace.target !== null);
}

export function headlineOf(p: PersonResult): MetricKey {
  let best = p.plan.items[0]!;
  for (const item of p.plan.items) if (item.weight.greaterThan(best.weight)) best = item;
  return best.metric;
}
