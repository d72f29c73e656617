// "How far from target?": a salesperson's progress as of an instant inside the period — every plan
// metric with actual, target, achievement and points; total and rank in the team; the gap and the
// pace needed per remaining working day; a linear projection to the period's end; data freshness.
import { PacerError, type UserMessage } from "../errors.ts";
import type { Sql } from "../db/client.ts";
import { formatMetricRecord, METRIC_DEFINITIONS, type MetricKey } from "../kpi/metrics.ts";
import { metricPace, type MetricPace } from "../kpi/pace.ts";
import { localDate, periodOfInstant } from "../kpi/period.ts";
import { scoreEmployee, type ItemScore } from "../kpi/scoring.ts";
import type { CloseTeamJson, PersonResult, TeamResult } from "../kpi/evaluate.ts";
import { loadOrganization, type OrganizationInfo, type TargetSource } from "../store/kpi-inputs.ts";
import { findEmployeeByExternalId } from "../store/people.ts";
import { computePeriod } from "./period-results.ts";

export class NotScoredError extends PacerError {
  static override readonly code = "progress.not_scored";
  static override readonly userMessage = {
    "zh-CN": "此人没有可显示的个人 KPI 进度。",
    en: "There is no personal KPI progress to show for this person.",
  };
  static override readonly httpStatus = 404;
  constructor(
    readonly employee: string,
    readonly reason: "unknown" | "not_scored",
  ) {
    super(
      reason === "unknown"
        ? `No employee with externalId ${JSON.stringify(employee)}`
        : `${employee} is not a salesperson with a KPI plan, so there is no personal progress to show`,
    );
    this.name = "NotScoredError";
  }

  override get userMessage(): UserMessage {
    return this.reason === "unknown"
      ? { "zh-CN": `找不到员工 ${this.employee}。`, en: `No employee ${this.employee}.` }
      : NotScoredError.userMessage;
  }
}

export interface ProgressItem {
  metric: MetricKey;
  weight: string;
  actual: string | null;
  target: string | null;
  achievement: string;
  points: string;
  maxPoints: string;
  pointsLost: string;
  status: ItemScore["status"];
  gateFailed: boolean;
  gap: string | null;
  requiredPerDay: string | null;
  projection: string | null;
  onTrack: boolean | null;
}

export interface Progress {
  employee: { id: number; externalId: string; name: string; teamExternalId: string | null; plan: string };
  period: string;
  asOf: string;
  timezone: string;
  currency: string;
  workingDays: { total: number; elapsed: number; remaining: number };
  items: ProgressItem[];
  metrics: Record<MetricKey, string | null>;
  base: string;
  teamBonus: string;
  total: string;
  teamRank: number | null;
  teamSize: number;
  /** The plan's heaviest metric: where the gap and pace matter most. */
  headline: MetricKey;
  /** The score if cumulative metrics finish at their projection (others as they are now). */
  projectedBase: string | null;
  /** The metric losing the most points, or null when every metric is on target. */
  weakest: { metric: MetricKey; pointsLost: string } | null;
  /** The team's goals, written as the month close writes them. */
  team: CloseTeamJson[];
  dataFreshness: string | null;
  /** The latest write of this person's targets for the period: set in chat by someone, or the feed. */
  targetSource: { by: string | null; at: string; via: "ingest" | "chat" } | null;
}

export async function progressFor(
  sql: Sql,
  employeeExternalId: string,
  asOf: Date,
  /** What the caller has just read: the organization, and the employee's id and team. */
  options: { organization?: OrganizationInfo; employee?: { id: number; teamId: number | null } } = {},
): Promise<Progress> {
  const row = options.employee ?? (await findEmployee(sql, employeeExternalId));
  if (!row) throw new NotScoredError(employeeExternalId, "unknown");

  const organization = options.organization ?? (await loadOrganization(sql));
  const period = periodOfInstant(asOf, organization.timezone);
  const scope = row.teamId === null ? { employeeIds: [row.id] } : { teamIds: [row.teamId] };
  const computed = await computePeriod(sql, period, { asOf, organization, freshness: true, calendar: true, ...scope });
  const freshness = computed.freshness ?? null;
  const calendar = computed.calendar!;
  const me = computed.result.people.find((p) => p.person.id === row.id);
  if (!me) throw new NotScoredError(employeeExternalId, "not_scored");

  const days = calendar.counts(period, localDate(asOf, organization.timezone));
  const paces = new Map(
    me.plan.items.map((i) => [
      i.metric,
      metricPace(i.metric, me.person.actuals[i.metric], me.person.targets[i.metric], days),
    ]),
  );

  return {
    employee: {
      id: me.person.id,
      externalId: me.person.externalId,
      name: me.person.name,
      teamExternalId: me.person.teamExternalId,
      plan: me.plan.key,
    },
    period,
    asOf: asOf.toISOString(),
    timezone: organization.timezone,
    currency: organization.currency,
    workingDays: days,
    items: me.score.items.map((item) => progressItem(item, paces.get(item.metric)!)),
    metrics: formatMetricRecord(me.person.actuals),
    base: me.score.baseText,
    teamBonus: me.bonus.toFixed(2),
    total: me.total.toFixed(2),
    teamRank: me.teamRank,
    teamSize: me.teamSize,
    headline: headlineMetric(me),
    projectedBase: projectedBase(me, paces),
    weakest: me.score.weakest
      ? { metric: me.score.weakest.metric, pointsLost: me.score.weakest.pointsLost.toFixed(2) }
      : null,
    team: computed.result.teams.filter((t) => t.teamExternalId === me.person.teamExternalId).map(teamLine),
    dataFreshness: freshness?.toISOString() ?? null,
    targetSource: targetSourceOf(computed.targetSources.get(me.person.id)),
  };
}

async function findEmployee(sql: Sql, externalId: string): Promise<{ id: number; teamId: number | null } | undefined> {
  const who = await findEmployeeByExternalId(sql, externalId);
  return who ? { id: who.id, teamId: who.teamId } : undefined;
}

function targetSourceOf(source: TargetSource | undefined): Progress["targetSource"] {
  return source ? { by: source.by, at: source.at.toISOString(), via: source.via } : null;
}

function progressItem(item: ItemScore, pace: MetricPace): ProgressItem {
  return {
    metric: item.metric,
    weight: item.weight.toString(),
    actual: item.actual === null ? null : item.actual.toFixed(METRIC_DEFINITIONS[item.metric].decimals),
    target: item.target === null ? null : item.target.toFixed(METRIC_DEFINITIONS[item.metric].decimals),
    achievement: item.achievementText,
    points: item.pointsText,
    maxPoints: item.maxPoints.toFixed(2),
    pointsLost: item.pointsLost.toFixed(2),
    status: item.status,
    gateFailed: !item.counted,
    gap: pace.gapText,
    requiredPerDay: pace.requiredPerDayText,
    projection: pace.projectionText,
    onTrack: pace.onTrack,
  };
}

function headlineMetric(me: PersonResult): MetricKey {
  let best = me.plan.items[0]!;
  for (const item of me.plan.items) if (item.weight.greaterThan(best.weight)) best = item;
  return best.metric;
}

function projectedBase(me: PersonResult, paces: Map<MetricKey, MetricPace>): string | null {
  const projected = { ...me.person.actuals };
  let any = false;
  for (const [metric, pace] of paces) {
    if (pace.projection !== null) {
      projected[metric] = pace.projection;
      any = true;
    }
  }
  if (!any) return null;
  return scoreEmployee(me.plan, projected, me.person.targets).base.toFixed(2);
}

function teamLine(t: TeamResult) {
  return {
    externalId: t.teamExternalId,
    metric: t.goal.metric,
    actual: t.goal.actualText,
    goal: t.goal.targetText,
    completion: t.goal.completionText,
    bonus: t.goal.bonusText,
  };
}

/** Reads as a short report in the terminal (`pacer progress` without --json). */
export function progressText(p: Progress): string {
  const lines = [
    `${p.employee.name} (${p.employee.externalId}) — ${p.period}, as of ${p.asOf} (${p.timezone})`,
    `working days: ${p.workingDays.elapsed} elapsed, ${p.workingDays.remaining} remaining of ${p.workingDays.total}`,
    "",
    `${"metric".padEnd(22)}${"actual".padStart(14)}${"target".padStart(14)}${"achv".padStart(8)}${"points".padStart(8)}${"gap".padStart(14)}${"per day".padStart(12)}`,
  ];
  for (const i of p.items)
    lines.push(
      `${i.metric.padEnd(22)}${(i.actual ?? "none").padStart(14)}${(i.target ?? "-").padStart(14)}${i.achievement.padStart(8)}${i.points.padStart(8)}${(i.gap ?? "-").padStart(14)}${(i.requiredPerDay ?? "-").padStart(12)}`,
    );
  lines.push(
    "",
    `base ${p.base} + team bonus ${p.teamBonus} = total ${p.total}; rank ${p.teamRank ?? "-"} of ${p.teamSize}`,
  );
  if (p.projectedBase) lines.push(`projected base at month end: ${p.projectedBase}`);
  if (p.weakest) lines.push(`weakest: ${p.weakest.metric} (${p.weakest.pointsLost} points lost)`);
  for (const t of p.team)
    lines.push(`team goal ${t.metric}: ${t.actual} / ${t.goal} (${t.completion ?? "-"}), bonus ${t.bonus}`);
  lines.push(`data as of: ${p.dataFreshness ?? "no data yet"}`);
  return lines.join("\n");
}
