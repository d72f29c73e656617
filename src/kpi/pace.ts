/**
 * Mid-period pace (docs/KPI-RULES.md "Mid-period progress"), per metric, from exact actuals "as of" now,
 * the period's targets and the working-day counts (calendar.counts(period, today)).
 *
 * Definitions (D = working days in P, E = elapsed, R = remaining; today counts as remaining):
 *   gap           higher is better: max(0, target − actual)            — what is still missing
 *                 lower is better:  max(0, actual − target)            — how much to reduce
 *                 null when there is no target or the actual is none.
 *   requiredPerDay gap / R, for metrics that accumulate over the days of the period
 *                 (cumulative: booked/collected revenue, shipments, gross profit, new customers)
 *                 and for overdue_receivables (a balance: the amount to clear per remaining day).
 *                 null when R = 0, and for averages/rates (profit per shipment, the three rates,
 *                 collection days, collaboration score), where "per day" has no meaning.
 *   projection    actual × D / E for cumulative metrics only (linear finish); null when E = 0 and
 *                 for averages, rates and balances, which are not projected.
 *   onTrack       cumulative: actual ≥ target, or else projection ≥ target (null while E = 0);
 *                 others: actual ≥ target (higher) / actual ≤ target (lower); null without target
 *                 or actual.
 * Texts: gap in the metric's own format; requiredPerDay with at least 2 decimals (1.50 shipments
 * a day is meaningful); projection in the metric's own format.
 */
import { Rational, toRationalOrNull, type Numeric } from "./decimal.ts";
import { METRICS, METRIC_DEFINITIONS, type MetricKey } from "./metrics.ts";
import type { Actuals, Targets } from "./scoring.ts";

export interface PaceDays {
  /** Working days in the period. */
  readonly total: number;
  /** Working days of the period before today. */
  readonly elapsed: number;
  /** Working days of the period from today on (today included). */
  readonly remaining: number;
}

export interface MetricPace {
  readonly metric: MetricKey;
  readonly actual: Rational | null;
  readonly target: Rational | null;
  readonly gap: Rational | null;
  readonly gapText: string | null;
  readonly requiredPerDay: Rational | null;
  readonly requiredPerDayText: string | null;
  readonly projection: Rational | null;
  readonly projectionText: string | null;
  readonly onTrack: boolean | null;
}

function checkDays(days: PaceDays): void {
  for (const k of ["total", "elapsed", "remaining"] as const) {
    if (!Number.isSafeInteger(days[k]) || days[k] < 0)
      throw new RangeError(`pace: ${k} working days must be a whole number ≥ 0 (got ${days[k]})`);
  }
}

export function metricPace(
  metric: MetricKey,
  actualIn: Numeric | null | undefined,
  targetIn: Numeric | null | undefined,
  days: PaceDays,
): MetricPace {
  checkDays(days);
  const def = METRIC_DEFINITIONS[metric];
  const actual = toRationalOrNull(actualIn);
  const target = toRationalOrNull(targetIn);
  const fmt = (r: Rational | null, places = def.decimals): string | null => (r === null ? null : r.toFixed(places));

  let gap: Rational | null = null;
  if (actual !== null && target !== null) {
    const diff = def.direction === "higher" ? target.sub(actual) : actual.sub(target);
    gap = Rational.max(Rational.ZERO, diff);
  }

  let requiredPerDay: Rational | null = null;
  if (gap !== null && def.accumulation !== "average" && days.remaining > 0) {
    requiredPerDay = gap.div(Rational.fromInt(days.remaining));
  }

  let projection: Rational | null = null;
  if (actual !== null && def.accumulation === "cumulative" && days.elapsed > 0) {
    projection = actual.mul(Rational.fromInt(days.total)).div(Rational.fromInt(days.elapsed));
  }

  let onTrack: boolean | null = null;
  if (actual !== null && target !== null) {
    const met = def.direction === "higher" ? actual.gte(target) : actual.lte(target);
    if (def.accumulation === "cumulative") onTrack = met ? true : projection === null ? null : projection.gte(target);
    else onTrack = met;
  }

  return {
    metric,
    actual,
    target,
    gap,
    gapText: fmt(gap),
    requiredPerDay,
    requiredPerDayText: fmt(requiredPerDay, Math.max(2, def.decimals)),
    projection,
    projectionText: fmt(projection),
    onTrack,
  };
}

/** Pace of several metrics (default: all 12, in METRICS order). */
export function paceForMetrics(
  actuals: Actuals,
  targets: Targets,
  days: PaceDays,
  metrics: readonly MetricKey[] = METRICS,
): MetricPace[] {
  return metrics.map((m) => metricPace(m, actuals[m], targets[m], days));
}
