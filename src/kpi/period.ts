/**
 * KPI periods: calendar months "YYYY-MM" in the organization's IANA time zone.
 * A period P is the half-open interval [local 00:00 on the 1st, local 00:00 on the 1st of the next
 * month); `periodBounds` gives it as UTC instants (JS Dates) for SQL parameters.
 *
 * Local dates are "YYYY-MM-DD" strings (what the calendar and due dates use). If a zone skips
 * local midnight on the 1st (a DST jump at 00:00), the period starts at the first local instant
 * of that day, which is what luxon resolves the non-existent 00:00 to.
 */
import { DateTime, IANAZone } from "luxon";
import { KpiValidationError } from "./validation-error.ts";

export const DEFAULT_TIMEZONE = "Asia/Shanghai";

/** "YYYY-MM" */
export type Period = string;
/** "YYYY-MM-DD" */
export type LocalDate = string;

const PERIOD_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isPeriod(x: unknown): x is Period {
  return typeof x === "string" && PERIOD_RE.test(x);
}

/** Year and month (1–12) of a period; throws KpiValidationError('period.invalid'). */
export function parsePeriod(period: string): { year: number; month: number } {
  const m = PERIOD_RE.exec(period);
  if (!m) throw new KpiValidationError("period.invalid", { value: period });
  return { year: Number(m[1]), month: Number(m[2]) };
}

export function formatPeriod(year: number, month: number): Period {
  if (!Number.isInteger(year) || year < 0 || year > 9999 || !Number.isInteger(month) || month < 1 || month > 12) {
    throw new KpiValidationError("period.invalid", { value: `${year}-${month}` });
  }
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}`;
}

/** The period `n` months after (negative: before) `period`. */
export function addPeriods(period: Period, n: number): Period {
  const { year, month } = parsePeriod(period);
  const idx = year * 12 + (month - 1) + n;
  return formatPeriod(Math.floor(idx / 12), (idx % 12) + 1);
}

export const previousPeriod = (period: Period): Period => addPeriods(period, -1);
export const nextPeriod = (period: Period): Period => addPeriods(period, 1);

/** Negative, 0 or positive, like string order (which is chronological for valid periods). */
export function comparePeriods(a: Period, b: Period): number {
  parsePeriod(a);
  parsePeriod(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Throws KpiValidationError('timezone.invalid') unless `zone` is a valid IANA zone name. */
// Validating a zone builds an Intl.DateTimeFormat; an organization has one zone, so remember it.
const validZones = new Set<string>();

export function assertTimeZone(zone: string): void {
  if (validZones.has(zone)) return;
  if (!IANAZone.isValidZone(zone)) throw new KpiValidationError("timezone.invalid", { value: zone });
  if (validZones.size < 1000) validZones.add(zone);
}

function startOfLocalMonth(year: number, month: number, zone: string): DateTime {
  return DateTime.fromObject({ year, month, day: 1 }, { zone }).startOf("day");
}

export interface PeriodBounds {
  /** Inclusive: local 00:00 on the 1st. */
  readonly start: Date;
  /** Exclusive: local 00:00 on the 1st of the next month. */
  readonly end: Date;
}

// Every answer asks for the bounds of one or two periods, and luxon's zone arithmetic cost more than
// the rest of scoring a team; a period's bounds in a zone never change within a process.
const boundsCache = new Map<string, { start: number; end: number }>();

export function periodBounds(period: Period, zone: string = DEFAULT_TIMEZONE): PeriodBounds {
  const key = `${zone}|${period}`;
  let bounds = boundsCache.get(key);
  if (!bounds) {
    assertTimeZone(zone);
    const { year, month } = parsePeriod(period);
    const next = parsePeriod(nextPeriod(period));
    bounds = {
      start: startOfLocalMonth(year, month, zone).toMillis(),
      end: startOfLocalMonth(next.year, next.month, zone).toMillis(),
    };
    if (boundsCache.size >= 1000) boundsCache.clear();
    boundsCache.set(key, bounds);
  }
  // Fresh Date objects: callers may hold (or mutate) them.
  return { start: new Date(bounds.start), end: new Date(bounds.end) };
}

function toDateTime(instant: Date, zone: string): DateTime {
  assertTimeZone(zone);
  if (Number.isNaN(instant.getTime())) throw new RangeError("invalid Date");
  return DateTime.fromJSDate(instant, { zone });
}

/** The period that contains the instant, in the zone. */
export function periodOfInstant(instant: Date, zone: string = DEFAULT_TIMEZONE): Period {
  return toDateTime(instant, zone).toFormat("yyyy-MM");
}

/** The local calendar date ("YYYY-MM-DD") of an instant in the zone. */
export function localDate(instant: Date, zone: string = DEFAULT_TIMEZONE): LocalDate {
  return toDateTime(instant, zone).toFormat("yyyy-MM-dd");
}

/** Whether a string is a real calendar date "YYYY-MM-DD". */
export function isLocalDate(x: unknown): x is LocalDate {
  if (typeof x !== "string") return false;
  const m = DATE_RE.exec(x);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

export function assertLocalDate(x: string): LocalDate {
  if (!isLocalDate(x)) throw new KpiValidationError("date.invalid", { value: x });
  return x;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The period a local date belongs to. */
export function periodOfLocalDate(date: LocalDate): Period {
  return assertLocalDate(date).slice(0, 7);
}

export function firstLocalDay(period: Period): LocalDate {
  parsePeriod(period);
  return `${period}-01`;
}

/** The last local day of the period, e.g. "2026-10-31" (what overdue due dates compare with). */
export function lastLocalDay(period: Period): LocalDate {
  const { year, month } = parsePeriod(period);
  return `${period}-${String(daysInMonth(year, month)).padStart(2, "0")}`;
}

/** Every local date of the period, in order. */
export function datesInPeriod(period: Period): LocalDate[] {
  const { year, month } = parsePeriod(period);
  const n = daysInMonth(year, month);
  return Array.from({ length: n }, (_, i) => `${period}-${String(i + 1).padStart(2, "0")}`);
}

/** Day of week of a local date: 1 = Monday … 7 = Sunday (ISO). */
export function isoWeekday(date: LocalDate): number {
  const m = DATE_RE.exec(assertLocalDate(date)) as RegExpExecArray;
  const dow = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).getUTCDay();
  return dow === 0 ? 7 : dow;
}

/** The local date `n` days after (negative: before) `date`. */
export function addDays(date: LocalDate, n: number): LocalDate {
  const m = DATE_RE.exec(assertLocalDate(date)) as RegExpExecArray;
  const t = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + n));
  return t.toISOString().slice(0, 10);
}
