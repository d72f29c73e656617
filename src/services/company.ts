// The company at a glance, for HR and admins: every team's standing as of an instant — its average
// score, team-goal completion, bonus tier reached and how many are at risk — and the company's top
// performers. One computation for all teams (ranks, bonuses and the at-risk rule are the
// leaderboard's), so a team's line here always agrees with that team's own board.
import type { Sql } from "../db/client.ts";
import { Rational } from "../kpi/decimal.ts";
import type { MetricKey } from "../kpi/metrics.ts";
import { localDate, periodOfInstant } from "../kpi/period.ts";
import { listTeams } from "../store/company.ts";
import { loadOrganization, type OrganizationInfo } from "../store/kpi-inputs.ts";
import { isAtRisk } from "./leaderboard.ts";
import { computePeriod } from "./period-results.ts";

export interface TeamStanding {
  externalId: string;
  name: string;
  managerName: string | null;
  /** Active scored members (those on the leaderboard). */
  members: number;
  /** Their mean total score, 2 places (null: nobody scored). */
  averageScore: string | null;
  goal: {
    metric: MetricKey;
    completion: string | null;
    /** Points each member gets from the tier reached ("0.00": none). */
    bonus: string;
    /** The tier reached ("1.0000" = 100 %), null when none. */
    tierMinCompletion: string | null;
  } | null;
  atRisk: number;
}

export interface TopPerformer {
  rank: number;
  externalId: string;
  name: string;
  team: string;
  total: string;
}

export interface CompanyOverview {
  period: string;
  asOf: string;
  timezone: string;
  teams: TeamStanding[];
  /** The best totals across the company (active people), highest first. */
  top: TopPerformer[];
  dataFreshness: string | null;
}

export const TOP_PERFORMERS = 5;

export async function companyOverview(
  sql: Sql,
  asOf: Date,
  options: { organization?: OrganizationInfo; top?: number } = {},
): Promise<CompanyOverview> {
  const org = options.organization ?? (await loadOrganization(sql));
  const period = periodOfInstant(asOf, org.timezone);
  const [teams, computed] = await Promise.all([
    listTeams(sql),
    computePeriod(sql, period, { asOf, organization: org, freshness: true, calendar: true }),
  ]);
  const days = computed.calendar!.counts(period, localDate(asOf, org.timezone));
  const status = new Map(computed.people.map((p) => [p.id, p.status]));
  // PRODUCT.md: only active people appear on leaderboards — the same people are counted here.
  const people = computed.result.people.filter((p) => status.get(p.person.id) === "active");
  const goals = new Map(computed.result.teams.map((t) => [t.teamExternalId, t.goal]));

  const standings = teams.map((team): TeamStanding => {
    const members = people.filter((p) => p.person.teamExternalId === team.externalId);
    const goal = goals.get(team.externalId);
    const sum = Rational.sum(members.map((m) => m.total));
    return {
      externalId: team.externalId,
      name: team.name,
      managerName: team.managerName,
      members: members.length,
      averageScore: members.length ? sum.div(Rational.fromInt(members.length)).toFixed(2) : null,
      goal: goal
        ? {
            metric: goal.metric,
            completion: goal.completionText,
            bonus: goal.bonusText,
            tierMinCompletion: goal.tier ? goal.tier.minCompletion.toFixed(4) : null,
          }
        : null,
      atRisk: members.filter((m) => isAtRisk(m, days)).length,
    };
  });
  const teamName = new Map(teams.map((t) => [t.externalId, t.name]));
  const ranked = people
    .filter((p) => p.person.teamExternalId !== null)
    .sort((a, b) => b.total.cmp(a.total) || (a.person.externalId < b.person.externalId ? -1 : 1));
  const top: TopPerformer[] = [];
  for (const [i, p] of ranked.slice(0, options.top ?? TOP_PERFORMERS).entries()) {
    const previous = top[i - 1];
    // Competition ranking: equal totals share a rank.
    const rank = previous && previous.total === p.total.toFixed(2) ? previous.rank : i + 1;
    top.push({
      rank,
      externalId: p.person.externalId,
      name: p.person.name,
      team: teamName.get(p.person.teamExternalId!) ?? p.person.teamExternalId!,
      total: p.total.toFixed(2),
    });
  }
  return {
    period,
    asOf: asOf.toISOString(),
    timezone: org.timezone,
    teams: standings,
    top,
    dataFreshness: computed.freshness?.toISOString() ?? null,
  };
}
