// One period's results for a set of salespeople: every person scored on their plan, each team
// goal evaluated over the team's scored members, the bonus added to every member, and members
// ranked within their team. Pure: the store supplies actuals, plans, targets and goals.
import { PacerError } from "../errors.ts";
import { Rational, toRational } from "./decimal.ts";
import type { ExactActuals } from "./actuals.ts";
import { formatMetricRecord, type MetricKey } from "./metrics.ts";
import {
  competitionRanks,
  evaluateTeamGoal,
  scoreEmployee,
  type BonusTier,
  type EmployeeScore,
  type ScoringPlan,
  type TeamGoal,
  type TeamGoalResult,
  type Targets,
} from "./scoring.ts";

export interface PersonInput {
  id: number;
  externalId: string;
  name: string;
  teamExternalId: string | null;
  planKey: string;
  actuals: ExactActuals;
  targets: Targets;
}

export interface GoalInput {
  teamExternalId: string;
  goal: TeamGoal;
}

export interface PersonResult {
  person: PersonInput;
  plan: ScoringPlan;
  score: EmployeeScore;
  bonus: Rational;
  total: Rational;
  /** Competition rank within the team; null for someone without a team. */
  teamRank: number | null;
  teamSize: number;
}

export interface TeamResult {
  teamExternalId: string;
  goal: TeamGoalResult;
  /** All of the goal's tiers, ascending (for "next tier" hints). */
  tiers: readonly BonusTier[];
}

export interface PeriodResult {
  people: PersonResult[];
  teams: TeamResult[];
}

export class MissingPlanError extends PacerError {
  static override readonly code = "kpi.missing_plan";
  static override readonly userMessage = {
    "zh-CN": "有员工引用了不存在的 KPI 计划，需要管理员修正数据。",
    en: "An employee refers to a KPI plan that does not exist; an admin must fix the data.",
  };
  constructor(
    readonly planKey: string,
    readonly employee: string,
  ) {
    super(`Employee ${employee} has plan ${JSON.stringify(planKey)}, which does not exist`);
  }
}

/** Scores `people` (all of their teams' scored members must be included for ranks and bonuses). */
export function evaluatePeriod(
  people: PersonInput[],
  plans: ReadonlyMap<string, ScoringPlan>,
  goals: GoalInput[],
): PeriodResult {
  const byTeam = new Map<string | null, PersonInput[]>();
  for (const p of people) byTeam.set(p.teamExternalId, [...(byTeam.get(p.teamExternalId) ?? []), p]);

  const teams: TeamResult[] = goals.map((g) => {
    const members = byTeam.get(g.teamExternalId) ?? [];
    const values = members.map((m) => m.actuals[g.goal.metric] ?? Rational.ZERO);
    const tiers = [...g.goal.tiers].sort((a, b) => a.minCompletion.comparedTo(b.minCompletion));
    return { teamExternalId: g.teamExternalId, goal: evaluateTeamGoal(g.goal, values), tiers };
  });
  const bonusOf = new Map<string, Rational>();
  for (const t of teams)
    bonusOf.set(t.teamExternalId, (bonusOf.get(t.teamExternalId) ?? Rational.ZERO).add(t.goal.bonus));

  const results = new Map<number, PersonResult>();
  for (const [team, members] of byTeam) {
    const scored = members.map((person) => {
      const plan = plans.get(person.planKey);
      if (!plan) throw new MissingPlanError(person.planKey, person.externalId);
      const score = scoreEmployee(plan, person.actuals, person.targets);
      const bonus = team === null ? Rational.ZERO : (bonusOf.get(team) ?? Rational.ZERO);
      return { person, plan, score, bonus, total: score.base.add(bonus) };
    });
    const ranks = team === null ? scored.map(() => null) : competitionRanks(scored.map((s) => s.total));
    scored.forEach((s, i) => results.set(s.person.id, { ...s, teamRank: ranks[i] ?? null, teamSize: members.length }));
  }
  return { people: people.map((p) => results.get(p.id)!), teams };
}

// ---------------------------------------------------------------------------------------------
// The month-close document: exactly the shape and number formatting of the fixtures' *.expected.json.

export interface CloseEmployeeJson {
  externalId: string;
  teamExternalId: string | null;
  plan: string;
  metrics: Record<MetricKey, string | null>;
  points: Partial<Record<MetricKey, string>>;
  base: string;
  teamBonus: string;
  total: string;
  teamRank: number | null;
}

export interface CloseTeamJson {
  externalId: string;
  metric: MetricKey;
  actual: string;
  goal: string;
  completion: string | null;
  bonus: string;
}

export interface CloseJson {
  period: string;
  timezone: string;
  employees: CloseEmployeeJson[];
  teams: CloseTeamJson[];
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function toCloseJson(period: string, timezone: string, result: PeriodResult): CloseJson {
  const employees = [...result.people]
    .sort((a, b) => byString(a.person.externalId, b.person.externalId))
    .map((r) => ({
      externalId: r.person.externalId,
      teamExternalId: r.person.teamExternalId,
      plan: r.plan.key,
      metrics: formatMetricRecord(r.person.actuals),
      points: { ...r.score.pointsText },
      base: r.score.baseText,
      teamBonus: r.bonus.toFixed(2),
      total: r.total.toFixed(2),
      teamRank: r.teamRank,
    }));
  const teams = [...result.teams]
    .sort((a, b) => byString(a.teamExternalId, b.teamExternalId) || byString(a.goal.metric, b.goal.metric))
    .map((t) => ({
      externalId: t.teamExternalId,
      metric: t.goal.metric,
      actual: t.goal.actualText,
      goal: t.goal.targetText,
      completion: t.goal.completionText,
      bonus: t.goal.bonusText,
    }));
  return { period, timezone, employees, teams };
}

/** Exact actuals → the targets map the scorer takes (string values from the store). */
export function targetsFrom(stored: Partial<Record<MetricKey, string>> | undefined): Targets {
  const out: Partial<Record<MetricKey, Rational>> = {};
  for (const [k, v] of Object.entries(stored ?? {})) out[k as MetricKey] = toRational(v);
  return out;
}
