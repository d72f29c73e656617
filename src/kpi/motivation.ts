// The quarterly motivation survey's vocabulary: the four answers and the quarter a date falls in.
import type { LocalDate } from "./period.ts";

/** What motivates a salesperson most: 奖金 / 晋升 / 培训 / 弹性. */
export const MOTIVATIONS = ["bonus", "promotion", "training", "flexibility"] as const;
export type Motivation = (typeof MOTIVATIONS)[number];

/** "2026-Q4". */
export const QUARTER = /^\d{4}-Q[1-4]$/;

/** The quarter of a local date "YYYY-MM-DD" (or a period "YYYY-MM"). */
export function quarterOf(date: LocalDate | string): string {
  const m = /^(\d{4})-(\d{2})/.exec(date);
  if (!m) throw new RangeError(`not a date: ${JSON.stringify(date)}`);
  return `${m[1]}-Q${Math.floor((Number(m[2]) - 1) / 3) + 1}`;
}

/** The first month "YYYY-MM" of a quarter. */
export function quarterStart(quarter: string): string {
  if (!QUARTER.test(quarter)) throw new RangeError(`not a quarter: ${JSON.stringify(quarter)}`);
  const month = (Number(quarter.slice(6)) - 1) * 3 + 1;
  return `${quarter.slice(0, 4)}-${String(month).padStart(2, "0")}`;
}
