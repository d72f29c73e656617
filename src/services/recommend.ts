// Feedback that motivates rather than punishes: a training course for the weakest
// metric, a "high potential" flag for whoever leads their team three closed months running, and
// target suggestions for managers from each person's own closed months.
import { PacerError } from "../errors.ts";
import { z } from "zod";
import type { Sql } from "../db/client.ts";
import { METRICS, type MetricKey } from "../kpi/metrics.ts";
import { isPeriod, type Period } from "../kpi/period.ts";
import { highPotentialFlags, streakPeriods, type ClosedMonth, type HighPotentialFlag } from "../kpi/potential.ts";
import type { EmployeeScore } from "../kpi/scoring.ts";
import { DEFAULT_SUGGESTION_MONTHS, suggestTarget, type SuggestionStatus } from "../kpi/suggest.ts";
import {
  loadEmployeeCloseHistory,
  loadEmployeeRef,
  loadLatestCloseEntries,
  loadMetricCourse,
  loadPlanMetrics,
  loadTeamMemberExternalIds,
  teamExists,
  type CourseRow,
} from "../store/explain-sql.ts";
import { UnknownEmployeeError, UnknownTeamError } from "./errors.ts";

export { UnknownEmployeeError, UnknownTeamError };

export type { HighPotentialFlag } from "../kpi/potential.ts";

const id = z.number().int().positive();
const period = z.string().refine(isPeriod, "must be a period YYYY-MM, e.g. 2026-10");

/** Bad arguments: the message names every offending field. */
export class RecommendInputError extends PacerError {
  static override readonly code = "recommend.invalid_input";
  static override readonly userMessage = {
    "zh-CN": "建议请求的参数无效。",
    en: "The recommendation request has invalid arguments.",
  };
  static override readonly httpStatus = 400;
  constructor(readonly issues: z.core.$ZodIssue[]) {
    super(`Invalid request: ${issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; ")}`);
    this.name = "RecommendInputError";
  }
}

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw new RecommendInputError(r.error.issues);
  return r.data;
}

// ─── Weakest metric → course ─────────────────────────────────────────────────────────────────────

export interface CourseRecommendation {
  metric: MetricKey;
  /** Points lost on that metric (2 decimals) when the recommendation came from a score. */
  pointsLost: string | null;
  course: CourseRow;
}

/**
 * The training course for the weakest metric of a score (the plan item with the most points lost,
 * see kpi/scoring.ts), or for a metric given directly. Null when nothing is weak (every item on
 * target) or no course is mapped to that metric.
 */
export async function recommendCourse(
  sql: Sql,
  weakest: Pick<EmployeeScore, "weakest"> | MetricKey | null,
): Promise<CourseRecommendation | null> {
  const item = weakest === null || typeof weakest === "string" ? null : weakest.weakest;
  const metric = typeof weakest === "string" ? parse(z.enum(METRICS), weakest) : (item?.metric ?? null);
  if (metric === null) return null;
  const course = await loadMetricCourse(sql, metric);
  return course ? { metric, pointsLost: item ? item.pointsLost.toFixed(2) : null, course } : null;
}

// ─── High potential ──────────────────────────────────────────────────────────────────────────────

export const highPotentialInputSchema = z.union([
  z.strictObject({ teamId: id, asOfPeriod: period }),
  z.strictObject({ employeeId: id, asOfPeriod: period }),
]);
export type HighPotentialInput = z.input<typeof highPotentialInputSchema>;

/**
 * High-potential flags (see kpi/potential.ts) over the three closed months ending with
 * `asOfPeriod` (inclusive — for a card in the running month pass the previous month), for the
 * team's current members or for one employee. Each month uses its latest close version.
 */
export async function highPotential(sql: Sql, input: HighPotentialInput): Promise<HighPotentialFlag[]> {
  const args = parse(highPotentialInputSchema, input);
  let who: Set<string>;
  if ("teamId" in args) {
    if (!(await teamExists(sql, args.teamId))) throw new UnknownTeamError(args.teamId);
    who = new Set(await loadTeamMemberExternalIds(sql, args.teamId));
  } else {
    const employee = await loadEmployeeRef(sql, args.employeeId);
    if (!employee) throw new UnknownEmployeeError(args.employeeId);
    who = new Set([employee.externalId]);
  }
  const periods = streakPeriods(args.asOfPeriod);
  const entries = await loadLatestCloseEntries(sql, periods);
  const months: ClosedMonth[] = periods.flatMap((p) => {
    const of = entries.filter((e) => e.period === p);
    // A period with a close always has its entries loaded; no entry at all means no close.
    return of.length ? [{ period: p, entries: of }] : [];
  });
  return highPotentialFlags(months, periods).filter((f) => who.has(f.employeeExternalId));
}

// ─── Target suggestions ──────────────────────────────────────────────────────────────────────────

export interface MetricSuggestion {
  metric: MetricKey;
  status: SuggestionStatus;
  /** The suggested target, rounded to the metric's target precision; null unless status is ok. */
  value: string | null;
  /** Closed months whose value was used (months with "none" are not). */
  monthsUsed: number;
  /** Those months and values, most recent first. */
  basis: { period: Period; value: string }[];
  /** The percentile taken: 0.8, or 0.2 for lower-is-better metrics (better = smaller). */
  percentile: string;
}

export interface TargetSuggestions {
  employeeId: number;
  employeeExternalId: string;
  forPeriod: Period;
  /** The closed months looked at (up to 6, most recent first), whatever their values. */
  closedMonths: Period[];
  /** One per metric of the employee's current plan, in plan order (empty without a plan). */
  suggestions: MetricSuggestion[];
}

/**
 * Per metric of the employee's plan, the 80th percentile of their own results over their last
 * (up to) 6 closed months before `forPeriod` — read from the month-close snapshots (latest
 * version of each period), computed by kpi/suggest.ts. A month counts when the employee was
 * scored in its close; a month whose value is none is skipped, not replaced by an older one.
 */
export async function suggestTargets(
  sql: Sql,
  employeeIdArg: number,
  forPeriodArg: string,
): Promise<TargetSuggestions> {
  const employeeId = parse(id, employeeIdArg);
  const forPeriod = parse(period, forPeriodArg);
  const employee = await loadEmployeeRef(sql, employeeId);
  if (!employee) throw new UnknownEmployeeError(employeeId);
  const [metrics, history] = await Promise.all([
    loadPlanMetrics(sql, employeeId),
    loadEmployeeCloseHistory(sql, employeeId, forPeriod, DEFAULT_SUGGESTION_MONTHS),
  ]);
  const stored = new Map(history.map((h) => [h.period, h]));
  const suggestions = metrics.map((metric): MetricSuggestion => {
    const s = suggestTarget(
      metric,
      history.map((h) => ({ period: h.period, value: h.metrics[metric] ?? null })),
      { before: forPeriod, months: DEFAULT_SUGGESTION_MONTHS },
    );
    return {
      metric,
      status: s.status,
      value: s.valueText,
      monthsUsed: s.basis.length,
      // The values as the snapshot stored them (already in the metric's printed precision).
      basis: s.basis.map((b) => ({
        period: b.period,
        value: stored.get(b.period)?.metrics[metric] ?? b.value.toFixed(4),
      })),
      percentile: s.percentile.toFixed(1),
    };
  });
  return {
    employeeId,
    employeeExternalId: employee.externalId,
    forPeriod,
    closedMonths: history.map((h) => h.period),
    suggestions,
  };
}
