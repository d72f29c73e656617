// Time arithmetic for the demo world. The demo organization is always in Asia/Shanghai, which has
// been UTC+08:00 without daylight saving since 1991, so local days are a fixed offset from UTC and
// the hot loops can work on plain numbers (epoch milliseconds and local day numbers).
import chineseDays from "chinese-days";

export const ZONE = "Asia/Shanghai";
export const OFFSET_MS = 8 * 3600 * 1000;
export const DAY_MS = 86_400_000;
export const MINUTE_MS = 60_000;

/** Local (Shanghai) day number of an instant: days since 1970-01-01 local. */
export const dayOf = (ms: number): number => Math.floor((ms + OFFSET_MS) / DAY_MS);
/** The instant of local midnight starting `day`. */
export const dayStart = (day: number): number => day * DAY_MS - OFFSET_MS;
/** "YYYY-MM-DD" of a local day number. */
export const dateString = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
/** ISO 8601 UTC with milliseconds, e.g. 2026-10-05T03:00:00.000Z (what COPY writes into timestamptz). */
export const isoString = (ms: number): string => new Date(ms).toISOString();
/** Day of week of a local day number, 0 = Sunday. */
export const weekday = (day: number): number => (day + 4) % 7;

/** Local day number of the 1st of (year, month 1–12). */
export const firstDayOfMonth = (year: number, month: number): number =>
  Math.floor(Date.UTC(year, month - 1, 1) / DAY_MS);

export interface Period {
  /** "YYYY-MM" */
  key: string;
  year: number;
  month: number;
  /** First local day and first day of the next month (exclusive). */
  firstDay: number;
  endDay: number;
  startMs: number;
  endMs: number;
}

export function periodOf(year: number, month: number): Period {
  const next = month === 12 ? { y: year + 1, m: 1 } : { y: year, m: month + 1 };
  const firstDay = firstDayOfMonth(year, month);
  const endDay = firstDayOfMonth(next.y, next.m);
  return {
    key: `${year}-${String(month).padStart(2, "0")}`,
    year,
    month,
    firstDay,
    endDay,
    startMs: dayStart(firstDay),
    endMs: dayStart(endDay),
  };
}

/** The `count` calendar months ending with the month that contains `nowMs` (local), oldest first. */
export function periodsEndingAt(nowMs: number, count: number): Period[] {
  const today = new Date(dayOf(nowMs) * DAY_MS);
  let year = today.getUTCFullYear();
  let month = today.getUTCMonth() + 1;
  const out: Period[] = [];
  for (let i = 0; i < count; i++) {
    out.push(periodOf(year, month));
    month -= 1;
    if (month === 0) {
      month = 12;
      year -= 1;
    }
  }
  return out.reverse();
}

/**
 * Working days (China's official calendar: weekends off, public holidays off, adjusted Saturdays/
 * Sundays on) for a range of local days, computed once. Beyond the years `chinese-days` knows it
 * falls back to Monday–Friday.
 */
export class WorkCalendar {
  private readonly flags: Uint8Array;

  constructor(
    readonly fromDay: number,
    readonly toDay: number,
  ) {
    this.flags = new Uint8Array(toDay - fromDay);
    for (let d = fromDay; d < toDay; d++) {
      let work: boolean;
      try {
        work = chineseDays.isWorkday(dateString(d));
      } catch {
        const wd = weekday(d);
        work = wd !== 0 && wd !== 6;
      }
      this.flags[d - fromDay] = work ? 1 : 0;
    }
  }

  isWorkday(day: number): boolean {
    if (day < this.fromDay || day >= this.toDay) {
      const wd = weekday(day);
      return wd !== 0 && wd !== 6;
    }
    return this.flags[day - this.fromDay] === 1;
  }

  /** Working days in [from, to). */
  workdays(from: number, to: number): number[] {
    const out: number[] = [];
    for (let d = from; d < to; d++) if (this.isWorkday(d)) out.push(d);
    return out;
  }

  /** The first working day on or after `day`. */
  onOrAfter(day: number): number {
    let d = day;
    for (let i = 0; i < 14 && !this.isWorkday(d); i++) d++;
    return d;
  }
}
