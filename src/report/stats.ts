// Descriptive statistics for the month-end report, exact where the report prints them: mean, min
// and max are Rationals rounded once; the standard deviation (a square root, not a rational) is
// computed from the exact variance with 40 significant digits, then rounded once.
import { Rational, toRational } from "../kpi/decimal.ts";

export interface Spread {
  count: number;
  mean: Rational;
  min: Rational;
  max: Rational;
  /** Population standard deviation (the team is the whole population, not a sample). */
  stddev: string;
}

/** Mean of exact values (0 for none). */
export const meanOf = (xs: readonly Rational[]): Rational =>
  xs.length ? Rational.sum(xs).div(Rational.fromInt(xs.length)) : Rational.ZERO;

/** The spread of exact decimal strings, or null when there are none; stddev to `places`. */
export function spreadOf(values: readonly string[], places: number): Spread | null {
  if (values.length === 0) return null;
  const xs = values.map(toRational);
  const mean = meanOf(xs);
  let min = xs[0]!;
  let max = xs[0]!;
  for (const x of xs) {
    min = Rational.min(min, x);
    max = Rational.max(max, x);
  }
  const variance = meanOf(xs.map((x) => x.sub(mean).mul(x.sub(mean))));
  const stddev = variance.toDecimal(40).sqrt().toFixed(places);
  return { count: xs.length, mean, min, max, stddev };
}

/** [min, Q1, median, Q3, max] of plain numbers (linear interpolation), for a box plot. */
export function fiveNumbers(values: readonly number[]): [number, number, number, number, number] {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => {
    const pos = (s.length - 1) * q;
    const lo = Math.floor(pos);
    const hi = Math.ceil(pos);
    return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
  };
  return [s[0]!, at(0.25), at(0.5), at(0.75), s[s.length - 1]!];
}
