// The month-end team analysis report for HR: built from the month's close snapshot (its latest
// version), so it says exactly what was frozen. Per team: headcount, average and spread of totals
// and of every metric, goal completion, bonus and tier, the high performers, the areas to improve
// with the suggested course, and the change since the previous closed month; one row per employee
// with every metric's actual, target, achievement and points. Out as a card, a CSV file or an XLSX
// workbook with charts (report/workbook.ts).
import { PacerError } from "../errors.ts";
import type { Sql } from "../db/client.ts";
import type { CloseEmployeeJson } from "../kpi/evaluate.ts";
import { Rational, toRational, toRationalOrNull } from "../kpi/decimal.ts";
import { METRIC_DEFINITIONS, METRICS, type MetricKey } from "../kpi/metrics.ts";
import { isPeriod, previousPeriod } from "../kpi/period.ts";
import { highPotentialFlags, streakPeriods, type ClosedMonth } from "../kpi/potential.ts";
import { type BonusTier, scoreEmployee, selectBonusTier } from "../kpi/scoring.ts";
import type { ReportLocale } from "../report/charts.ts";
import { meanOf, spreadOf } from "../report/stats.ts";
import { type ReportFile, reportFileName, reportWorkbookFile } from "../report/workbook.ts";
import { InvalidPeriodError } from "./month-close.ts";
import { loadLatestCloseEntries } from "../store/explain-sql.ts";
import { loadPlans } from "../store/kpi-inputs.ts";
import {
  loadEmployeeNames,
  loadGoalTiers,
  loadLatestClose,
  loadMetricCourses,
  loadTargetsByExternalId,
  loadTeamNames,
  teamExternalIdExists,
  type MetricCourse,
  type StoredClose,
} from "../store/report.ts";

export type { MetricCourse } from "../store/report.ts";

/** One metric of one employee: the close's actual and points, the period's target and achievement. */
export interface ReportCell {
  actual: string | null;
  /** The period's target (targets are inputs, not part of the close); null when none. */
  target: string | null;
  /**
   * Achievement after cap and floor, 4 decimals, for the metrics of the employee's plan: the
   * scorer applied to the close's actuals (as stored, i.e. in their printed precision) and the target.
   */
  achievement: string | null;
  /** Points as the close stored them; null for a metric outside the plan. */
  points: string | null;
}

export interface ReportLine {
  employee: CloseEmployeeJson;
  name: string;
  teamName: string | null;
  cells: Record<MetricKey, ReportCell>;
}

export interface MetricStats {
  metric: MetricKey;
  /** Members with a value (none is left out). */
  count: number;
  /** Mean, min, max and stddev in the metric's decimals (2 for counts: see statPlaces). */
  mean: string;
  min: string;
  max: string;
  stddev: string;
  /** Mean achievement of the members whose plan scores the metric (4 decimals), or null. */
  meanAchievement: string | null;
  /** The previous closed month's mean, and the change, when that month has values. */
  previousMean: string | null;
  change: string | null;
}

export interface TeamReport {
  externalId: string;
  name: string;
  members: number;
  averageTotal: string;
  highestTotal: string;
  lowestTotal: string;
  /** Population standard deviation of the totals (2 decimals). */
  stddevTotal: string;
  goals: {
    metric: MetricKey;
    actual: string;
    goal: string;
    completion: string | null;
    bonus: string;
    /** The reached tier's minimum completion (e.g. "1.0"), or null when no tier was reached. */
    tier: string | null;
  }[];
  /** The plan metric with the most points lost per member, and how many. */
  weakest: { metric: MetricKey; averagePointsLost: string } | null;
  /** Up to two metrics losing the most points per member, with the course mapped to each. */
  areasToImprove: { metric: MetricKey; averagePointsLost: string; course: MetricCourse | null }[];
  /** The top fifth of the team by rank (at least the first; ties included). */
  highPerformers: { externalId: string; name: string; total: string; rank: number }[];
  /** Top of the team on a metric in each of the last three closed months (kpi/potential.ts). */
  highPotential: { externalId: string; name: string; metric: MetricKey }[];
  metricStats: MetricStats[];
  /** The same team in the previous closed month, when it was scored there. */
  previous: { members: number; averageTotal: string; averageTotalChange: string } | null;
}

export interface MonthReport {
  period: string;
  version: number;
  closedAt: string;
  /** The team the report is narrowed to (a manager's report), or null for the whole company. */
  scope: { externalId: string; name: string } | null;
  employees: number;
  averageTotal: string;
  /** The previous month, when it has a close (month-over-month figures refer to it). */
  previous: { period: string; version: number; averageTotal: string; averageTotalChange: string } | null;
  teams: TeamReport[];
  /** One row per scored employee, as the close stored it (the CSV file). */
  rows: CloseEmployeeJson[];
  names: Record<string, string>;
  /** The rows with every metric's target and achievement (the workbook). */
  lines: ReportLine[];
}

export class NoCloseError extends PacerError {
  static override readonly code = "report.not_closed";
  static override readonly userMessage = {
    "zh-CN": "该月份尚未结账，还没有月报。",
    en: "That month has not been closed yet, so there is no report.",
  };
  static override readonly httpStatus = 409;
  readonly code = "report.not_closed";
  constructor(readonly period: string) {
    super(
      `${period} has not been closed yet: run \`pacer close-month ${period}\` (the month-end job does it on the 1st)`,
    );
    this.name = "NoCloseError";
  }
}

export class UnknownReportTeamError extends PacerError {
  static override readonly code = "report.unknown_team";
  static override readonly userMessage = {
    "zh-CN": "没有这个团队编号，请使用团队的外部编号，例如 T-EAST。",
    en: "No team with that id: give a team's external id, e.g. T-EAST.",
  };
  static override readonly httpStatus = 404;
  readonly code = "report.unknown_team";
  constructor(readonly team: string) {
    super(`No team "${team}": give a team's external id, e.g. T-EAST`);
    this.name = "UnknownReportTeamError";
  }
}

const HIGH_PERFORMER_SHARE = Rational.of(1n, 5n);

/** Fixed decimals for a metric's statistics: its own, and 2 for counts (a mean of integers is not one). */
export const statPlaces = (metric: MetricKey) =>
  METRIC_DEFINITIONS[metric].kind === "count" ? 2 : METRIC_DEFINITIONS[metric].decimals;

function nonNull(values: (string | null | undefined)[]): string[] {
  return values.filter((v): v is string => v !== null && v !== undefined);
}

export interface MonthReportOptions {
  /** Narrow to one team (its external id): the manager's report. */
  team?: string;
}

export async function monthReport(sql: Sql, period: string, options: MonthReportOptions = {}): Promise<MonthReport> {
  if (!isPeriod(period)) throw new InvalidPeriodError(period);
  const close = await loadLatestClose(sql, period);
  if (!close) throw new NoCloseError(period);
  if (options.team !== undefined && !(await teamExternalIdExists(sql, options.team)))
    throw new UnknownReportTeamError(options.team);
  const inScope = (e: CloseEmployeeJson) => options.team === undefined || e.teamExternalId === options.team;
  const rows = close.result.employees.filter(inScope);
  const prevPeriod = previousPeriod(period);
  const [previous, names, plans, targets, tiers, courses, streak] = await Promise.all([
    loadLatestClose(sql, prevPeriod),
    loadEmployeeNames(
      sql,
      rows.map((e) => e.externalId),
    ),
    loadPlans(sql),
    loadTargetsByExternalId(
      sql,
      period,
      rows.map((e) => e.externalId),
    ),
    loadGoalTiers(sql, period),
    loadMetricCourses(sql),
    loadLatestCloseEntries(sql, streakPeriods(period)),
  ]);
  const teamIds = [...new Set(rows.flatMap((e) => (e.teamExternalId ? [e.teamExternalId] : [])))].sort();
  if (options.team !== undefined && !teamIds.includes(options.team)) teamIds.push(options.team);
  const teamName = await loadTeamNames(sql, teamIds);

  const lines: ReportLine[] = rows.map((e) => {
    const plan = plans.get(e.plan);
    const target = targets.get(e.externalId) ?? {};
    const score = plan ? scoreEmployee(plan, e.metrics, target) : null;
    const achievement = new Map(score?.items.map((i) => [i.metric, i.achievementText]) ?? []);
    const cells = Object.fromEntries(
      METRICS.map((m): [MetricKey, ReportCell] => [
        m,
        {
          actual: e.metrics[m] ?? null,
          target: target[m] ?? null,
          achievement: achievement.get(m) ?? null,
          points: e.points[m] ?? null,
        },
      ]),
    ) as Record<MetricKey, ReportCell>;
    return {
      employee: e,
      name: names[e.externalId] ?? e.externalId,
      teamName: e.teamExternalId ? (teamName.get(e.teamExternalId) ?? e.teamExternalId) : null,
      cells,
    };
  });

  const months: ClosedMonth[] = streakPeriods(period).flatMap((p) => {
    const of = streak.filter((s) => s.period === p);
    return of.length ? [{ period: p, entries: of }] : [];
  });
  const potential = highPotentialFlags(months, streakPeriods(period));

  const teams = teamIds.map((teamId) =>
    teamReport(teamId, teamName.get(teamId) ?? teamId, {
      lines: lines.filter((l) => l.employee.teamExternalId === teamId),
      close,
      previous,
      plans,
      tiers,
      courses,
      potential: potential.map((p) => ({ ...p, name: names[p.employeeExternalId] ?? p.employeeExternalId })),
    }),
  );

  const average = meanOf(rows.map((e) => toRational(e.total)));
  const previousRows = previous?.result.employees.filter(inScope) ?? [];
  const previousAverage = meanOf(previousRows.map((e) => toRational(e.total)));
  return {
    period,
    version: close.version,
    closedAt: close.closedAt.toISOString(),
    scope: options.team !== undefined ? { externalId: options.team, name: teamName.get(options.team) ?? "" } : null,
    employees: rows.length,
    averageTotal: average.toFixed(2),
    previous:
      previous && previousRows.length
        ? {
            period: prevPeriod,
            version: previous.version,
            averageTotal: previousAverage.toFixed(2),
            averageTotalChange: average.sub(previousAverage).toFixed(2),
          }
        : null,
    teams,
    rows,
    names,
    lines,
  };
}

interface TeamInputs {
  lines: ReportLine[];
  close: StoredClose;
  previous: StoredClose | null;
  plans: Awaited<ReturnType<typeof loadPlans>>;
  tiers: Map<string, BonusTier[]>;
  courses: Map<MetricKey, MetricCourse>;
  potential: { employeeExternalId: string; name: string; metric: MetricKey }[];
}

function teamReport(teamId: string, name: string, input: TeamInputs): TeamReport {
  const members = input.lines.map((l) => l.employee);
  const totals = spreadOf(
    members.map((m) => m.total),
    2,
  );
  // Points lost on a metric = its weight − the points earned (as on the progress card), per member.
  const lost = new Map<MetricKey, Rational[]>();
  for (const m of members) {
    for (const item of input.plans.get(m.plan)?.items ?? []) {
      const earned = m.points[item.metric];
      if (earned === undefined) continue;
      const gap = Rational.max(Rational.ZERO, toRational(item.weight).sub(toRational(earned)));
      lost.set(item.metric, [...(lost.get(item.metric) ?? []), gap]);
    }
  }
  // Most points lost first; ties in METRICS order (lost is filled in plan order).
  const losing = [...lost]
    .map(([metric, values]) => ({ metric, avg: meanOf(values) }))
    .filter((x) => x.avg.sign() > 0)
    .sort((a, b) => b.avg.cmp(a.avg) || METRICS.indexOf(a.metric) - METRICS.indexOf(b.metric));
  const weakest = losing[0] ? { metric: losing[0].metric, averagePointsLost: losing[0].avg.toFixed(2) } : null;

  const cutoff = Rational.max(Rational.ONE, Rational.fromInt(members.length).mul(HIGH_PERFORMER_SHARE));
  const highPerformers = input.lines
    .filter((l) => l.employee.teamRank !== null && Rational.fromInt(l.employee.teamRank).lte(cutoff))
    .sort(
      (a, b) => a.employee.teamRank! - b.employee.teamRank! || (a.employee.externalId < b.employee.externalId ? -1 : 1),
    )
    .map((l) => ({
      externalId: l.employee.externalId,
      name: l.name,
      total: l.employee.total,
      rank: l.employee.teamRank!,
    }));
  const ids = new Set(members.map((m) => m.externalId));

  const previousMembers = input.previous?.result.employees.filter((e) => e.teamExternalId === teamId) ?? [];
  const metricStats = METRICS.flatMap((metric): MetricStats[] => {
    const places = statPlaces(metric);
    const spread = spreadOf(nonNull(members.map((m) => m.metrics[metric])), places);
    if (!spread) return [];
    const achievements = nonNull(input.lines.map((l) => l.cells[metric].achievement)).map(toRational);
    const prevValues = nonNull(previousMembers.map((m) => m.metrics[metric])).map(toRational);
    const prevMean = prevValues.length ? meanOf(prevValues) : null;
    return [
      {
        metric,
        count: spread.count,
        mean: spread.mean.toFixed(places),
        min: spread.min.toFixed(places),
        max: spread.max.toFixed(places),
        stddev: spread.stddev,
        meanAchievement: achievements.length ? meanOf(achievements).toFixed(4) : null,
        previousMean: prevMean ? prevMean.toFixed(places) : null,
        change: prevMean ? spread.mean.sub(prevMean).toFixed(places) : null,
      },
    ];
  });
  const previousAverage = meanOf(previousMembers.map((m) => toRational(m.total)));

  return {
    externalId: teamId,
    name,
    members: members.length,
    averageTotal: (totals?.mean ?? Rational.ZERO).toFixed(2),
    highestTotal: (totals?.max ?? Rational.ZERO).toFixed(2),
    lowestTotal: (totals?.min ?? Rational.ZERO).toFixed(2),
    stddevTotal: totals?.stddev ?? "0.00",
    goals: input.close.result.teams
      .filter((t) => t.externalId === teamId)
      .map((t) => {
        const completion = toRationalOrNull(t.completion);
        const tier = completion ? selectBonusTier(input.tiers.get(`${teamId}/${t.metric}`) ?? [], completion) : null;
        return {
          metric: t.metric,
          actual: t.actual,
          goal: t.goal,
          completion: t.completion,
          bonus: t.bonus,
          tier: tier ? tier.minCompletion.toString() : null,
        };
      }),
    weakest,
    areasToImprove: losing.slice(0, 2).map((x) => ({
      metric: x.metric,
      averagePointsLost: x.avg.toFixed(2),
      course: input.courses.get(x.metric) ?? null,
    })),
    highPerformers,
    highPotential: input.potential
      .filter((p) => ids.has(p.employeeExternalId))
      .map((p) => ({ externalId: p.employeeExternalId, name: p.name, metric: p.metric })),
    metricStats,
    previous: previousMembers.length
      ? {
          members: previousMembers.length,
          averageTotal: previousAverage.toFixed(2),
          averageTotalChange: (totals?.mean ?? Rational.ZERO).sub(previousAverage).toFixed(2),
        }
      : null,
  };
}

// ─── CSV ─────────────────────────────────────────────────────────────────────────────────────────

const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * One CSV cell, safe to open in a spreadsheet: a text starting with =, +, -, @, tab or CR would be
 * read as a formula (CSV injection), so it gets a leading apostrophe — except a plain number such
 * as -12.50, which must stay a number. Quoted when it holds a quote, comma or line break.
 */
export function csvCell(v: string | number | null | undefined): string {
  let s = v === null || v === undefined ? "" : String(v);
  if (/^[=+\-@\t\r]/.test(s) && !PLAIN_NUMBER.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The report's rows as CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese names). */
export function reportCsv(report: MonthReport): string {
  const header = [
    "period",
    "employee",
    "name",
    "team",
    "plan",
    ...METRICS,
    ...METRICS.map((m) => `points_${m}`),
    "base",
    "team_bonus",
    "total",
    "team_rank",
  ];
  const lines = report.rows.map((e) =>
    [
      report.period,
      e.externalId,
      report.names[e.externalId] ?? "",
      e.teamExternalId ?? "",
      e.plan,
      ...METRICS.map((m) => e.metrics[m]),
      ...METRICS.map((m) => e.points[m] ?? ""),
      e.base,
      e.teamBonus,
      e.total,
      e.teamRank,
    ]
      .map(csvCell)
      .join(","),
  );
  return `\uFEFF${[header.join(","), ...lines].join("\r\n")}\r\n`;
}

// ─── Files ───────────────────────────────────────────────────────────────────────────────────────

export type { ReportFile } from "../report/workbook.ts";

export interface ReportFileOptions extends MonthReportOptions {
  /** "xlsx" (default): the workbook with charts; "csv": every employee's row. */
  format?: "xlsx" | "csv";
  locale?: ReportLocale;
  /** Embed the charts in the workbook (default true). */
  charts?: boolean;
}

/**
 * The month's report as a file in memory, with its name and content type: what a chat upload
 * (Slack files.uploadV2, Lark im/v1/files) or the month-end job sends.
 */
export async function monthReportFile(
  sql: Sql,
  period: string,
  options: ReportFileOptions = {},
): Promise<ReportFile & { report: MonthReport }> {
  const report = await monthReport(sql, period, options.team === undefined ? {} : { team: options.team });
  if (options.format === "csv")
    return {
      report,
      fileName: reportFileName(report, "csv"),
      contentType: "text/csv; charset=utf-8",
      buffer: Buffer.from(reportCsv(report), "utf8"),
    };
  const file = await reportWorkbookFile(report, {
    locale: options.locale ?? "zh-CN",
    ...(options.charts === undefined ? {} : { charts: options.charts }),
  });
  return { ...file, report };
}
