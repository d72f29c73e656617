/**
 * Target suggestions for managers: per metric, the 80th percentile of the employee's last (up to)
 * 6 closed months.
 *
 * - History: the caller passes closed-month actuals; months at or after `before` (the period the
 *   target is for) are ignored, the most recent `months` (default 6) of the rest are used, and
 *   months whose actual is none (null) are skipped (they are not zeros).
 * - Percentile: linear interpolation between closest ranks — the "inclusive" definition of Excel
 *   PERCENTILE.INC, NumPy's default and Hyndman–Fan type 7: sort ascending x[0..n-1],
 *   h = (n − 1) · p, result = x[⌊h⌋] + (h − ⌊h⌋) · (x[⌊h⌋+1] − x[⌊h⌋]). With one value it is that
 *   value; with 6 values and p = 0.8, h = 4: the 5th smallest exactly. Computed exactly.
 * - "80th percentile of performance": for lower-is-better metrics (collection_days,
 *   overdue_receivables) better means smaller, so their suggestion is the 20th percentile.
 * - The suggestion is rounded half away from zero to the metric's target precision (money and
 *   decimal kinds 2, rates 4, counts 0), so it passes target validation — except that a
 *   suggestion ≤ 0 is not made (status not_positive): a target ≤ 0 scores 0 for higher-is-better
 *   metrics and is rejected for lower-is-better ones; the manager sets such a target by hand.
 */
import { type Decimal, Rational, toRational, type Numeric } from "./decimal.ts";
import { METRIC_DEFINITIONS, type MetricKey } from "./metrics.ts";
import { comparePeriods, parsePeriod } from "./period.ts";

export const DEFAULT_SUGGESTION_MONTHS = 6;
export const DEFAULT_SUGGESTION_PERCENTILE = "0.8";

/** Exact percentile of a non-empty list, p in [0, 1], linear interpolation (type 7). */
export function percentile(values: readonly Numeric[], p: Numeric): Rational {
  if (values.length === 0) throw new RangeError("percentile of an empty list");
  const pr = toRational(p);
  if (pr.sign() < 0 || pr.gt(Rational.ONE))
    throw new RangeError(`percentile p must be in [0, 1] (got ${pr.toString()})`);
  const xs = values.map(toRational).sort((a, b) => a.cmp(b));
  const h = Rational.fromInt(xs.length - 1).mul(pr);
  const lo = Number(h.floor());
  const frac = h.sub(Rational.fromInt(lo));
  const xlo = xs[lo] as Rational;
  const xhi = xs[Math.min(lo + 1, xs.length - 1)] as Rational;
  return xlo.add(frac.mul(xhi.sub(xlo)));
}

export interface HistoryPoint {
  readonly period: string;
  /** The closed month's actual; null = none. */
  readonly value: Numeric | null;
}

export type SuggestionStatus = "ok" | "no_history" | "not_positive";

export interface TargetSuggestion {
  readonly metric: MetricKey;
  readonly status: SuggestionStatus;
  /** Rounded to the metric's target precision; null unless status is ok. */
  readonly value: Decimal | null;
  readonly valueText: string | null;
  /** The exact percentile (before rounding), when there was history. */
  readonly exact: Rational | null;
  /** The percentile used (0.8, or 0.2 for lower-is-better metrics). */
  readonly percentile: Rational;
  /** The months used, most recent first. */
  readonly basis: readonly { period: string; value: Rational }[];
}

export interface SuggestOptions {
  /** Only months strictly before this period are used (normally the period of the new target). */
  readonly before?: string;
  /** How many most recent months to use (default 6). */
  readonly months?: number;
  /** Percentile of performance (default 0.8). */
  readonly percentile?: Numeric;
}

export function suggestTarget(
  metric: MetricKey,
  history: readonly HistoryPoint[],
  opts: SuggestOptions = {},
): TargetSuggestion {
  const def = METRIC_DEFINITIONS[metric];
  const months = opts.months ?? DEFAULT_SUGGESTION_MONTHS;
  if (!Number.isSafeInteger(months) || months < 1) throw new RangeError(`months must be ≥ 1 (got ${months})`);
  const perf = toRational(opts.percentile ?? DEFAULT_SUGGESTION_PERCENTILE);
  const p = def.direction === "higher" ? perf : Rational.ONE.sub(perf);
  if (opts.before !== undefined) parsePeriod(opts.before);

  const seen = new Set<string>();
  const basis = history
    .filter((h) => {
      parsePeriod(h.period);
      if (seen.has(h.period)) throw new RangeError(`period ${h.period} appears twice in the history`);
      seen.add(h.period);
      return h.value !== null && (opts.before === undefined || comparePeriods(h.period, opts.before) < 0);
    })
    .sort((a, b) => comparePeriods(b.period, a.period))
    .slice(0, months)
    .map((h) => ({ period: h.period, value: toRational(h.value as Numeric) }));

  if (basis.length === 0) {
    return { metric, status: "no_history", value: null, valueText: null, exact: null, percentile: p, basis };
  }
  const exact = percentile(
    basis.map((b) => b.value),
    p,
  );
  const rounded = exact.round(def.targetMaxPlaces);
  if (rounded.lessThanOrEqualTo(0)) {
    return { metric, status: "not_positive", value: null, valueText: null, exact, percentile: p, basis };
  }
  return {
    metric,
    status: "ok",
    value: rounded,
    valueText: exact.toFixed(def.targetMaxPlaces),
    exact,
    percentile: p,
    basis,
  };
}
