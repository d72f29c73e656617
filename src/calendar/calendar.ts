/**
 * Working-day calendar (docs/KPI-RULES.md "Mid-period progress"): Monday–Friday, minus holidays, plus
 * adjusted workdays (weekend days that are working days, 调休上班).
 *
 * A calendar is built from layers of calendar files; for any date the *last* layer that lists it
 * decides (holiday or workday), and an unlisted date falls back to Mon–Fri. So an organization's
 * own file, layered after China's official calendar, wins date by date; with source "custom" it is
 * the only layer; with "none" there are no holidays at all.
 *
 * Pace conventions (docs/KPI-RULES.md: "today counts as remaining"):
 *   elapsed(P, today)   = working days of P strictly before today
 *   remaining(P, today) = working days of P on or after today
 * so elapsed + remaining = workingDaysInPeriod(P) whenever today is inside P; before P everything
 * is remaining, after P everything has elapsed.
 */
import {
  addDays,
  assertLocalDate,
  datesInPeriod,
  firstLocalDay,
  isoWeekday,
  lastLocalDay,
  type LocalDate,
  type Period,
} from "../kpi/period.ts";
import chinaData from "./data/cn-official.json" with { type: "json" };
import { parseCalendarFile, type CalendarFile } from "./file.ts";

export type CalendarSource = "cn-official" | "custom" | "none";

export type CalendarDayKind = "workday" | "weekend" | "holiday" | "adjusted_workday";

export interface CalendarDayInfo {
  readonly date: LocalDate;
  readonly working: boolean;
  /** workday: ordinary Mon–Fri; weekend: ordinary Sat/Sun; holiday: listed day off; adjusted_workday: listed working day. */
  readonly kind: CalendarDayKind;
  readonly name: string | null;
  readonly nameEn: string | null;
}

export interface WorkingDayCounts {
  readonly total: number;
  readonly elapsed: number;
  readonly remaining: number;
}

export interface WorkingCalendar {
  /** Years some layer declares to cover fully (for "calendar data missing for 2027" warnings). */
  readonly coveredYears: ReadonlySet<number>;
  covers(date: LocalDate): boolean;
  isWorkingDay(date: LocalDate): boolean;
  dayInfo(date: LocalDate): CalendarDayInfo;
  workingDatesInPeriod(period: Period): readonly LocalDate[];
  workingDaysInPeriod(period: Period): number;
  /** Working days of `period` strictly before `asOf` (a local date). */
  elapsedWorkingDays(period: Period, asOf: LocalDate): number;
  /** Working days of `period` on or after `asOf` — today counts as remaining. */
  remainingWorkingDays(period: Period, asOf: LocalDate): number;
  counts(period: Period, asOf: LocalDate): WorkingDayCounts;
  /** The first working day on or after `date` (or strictly after it with `{ after: true }`). */
  nextWorkingDay(date: LocalDate, opts?: { after?: boolean }): LocalDate;
}

interface Listed {
  readonly working: boolean;
  readonly name: string;
  readonly nameEn: string | null;
}

/** Builds a calendar; later layers win over earlier ones, date by date. */
export function createWorkingCalendar(layers: readonly CalendarFile[]): WorkingCalendar {
  const listed = new Map<LocalDate, Listed>();
  const coveredYears = new Set<number>();
  for (const layer of layers) {
    for (const y of layer.years ?? []) coveredYears.add(y);
    for (const h of layer.holidays) listed.set(h.date, { working: false, name: h.name, nameEn: h.nameEn ?? null });
    for (const w of layer.workdays) listed.set(w.date, { working: true, name: w.name, nameEn: w.nameEn ?? null });
  }
  const byPeriod = new Map<Period, readonly LocalDate[]>();

  const dayInfo = (date: LocalDate): CalendarDayInfo => {
    const weekend = isoWeekday(date) >= 6;
    const l = listed.get(date);
    if (l)
      return {
        date,
        working: l.working,
        kind: l.working ? (weekend ? "adjusted_workday" : "workday") : "holiday",
        name: l.name,
        nameEn: l.nameEn,
      };
    return { date, working: !weekend, kind: weekend ? "weekend" : "workday", name: null, nameEn: null };
  };
  const isWorkingDay = (date: LocalDate): boolean => {
    const l = listed.get(assertLocalDate(date));
    return l ? l.working : isoWeekday(date) <= 5;
  };
  const workingDatesInPeriod = (period: Period): readonly LocalDate[] => {
    let dates = byPeriod.get(period);
    if (!dates) {
      dates = Object.freeze(datesInPeriod(period).filter(isWorkingDay));
      byPeriod.set(period, dates);
    }
    return dates;
  };
  const elapsedWorkingDays = (period: Period, asOf: LocalDate): number => {
    assertLocalDate(asOf);
    if (asOf <= firstLocalDay(period)) return 0;
    if (asOf > lastLocalDay(period)) return workingDatesInPeriod(period).length;
    return workingDatesInPeriod(period).filter((d) => d < asOf).length;
  };
  const workingDaysInPeriod = (period: Period): number => workingDatesInPeriod(period).length;
  const remainingWorkingDays = (period: Period, asOf: LocalDate): number =>
    workingDaysInPeriod(period) - elapsedWorkingDays(period, asOf);

  return {
    coveredYears,
    covers: (date) => coveredYears.has(Number(assertLocalDate(date).slice(0, 4))),
    isWorkingDay,
    dayInfo: (date) => dayInfo(assertLocalDate(date)),
    workingDatesInPeriod,
    workingDaysInPeriod,
    elapsedWorkingDays,
    remainingWorkingDays,
    counts: (period, asOf) => {
      const total = workingDaysInPeriod(period);
      const elapsed = elapsedWorkingDays(period, asOf);
      return { total, elapsed, remaining: total - elapsed };
    },
    nextWorkingDay: (date, opts = {}) => {
      let d = opts.after ? addDays(date, 1) : assertLocalDate(date);
      // A year of consecutive days off does not exist; the bound only guards against bad data.
      for (let i = 0; i < 366; i++, d = addDays(d, 1)) if (isWorkingDay(d)) return d;
      throw new Error(`no working day within a year after ${date}`);
    },
  };
}

let china: CalendarFile | undefined;
/** China's official holidays and adjusted workdays (shipped data, see scripts/generate-china-data.ts). */
export function chinaOfficialCalendar(): CalendarFile {
  china ??= parseCalendarFile(chinaData);
  return china;
}

/**
 * The calendar of an organization: source "cn-official" = China's official calendar with the
 * organization's own days (if any) layered on top; "custom" = only the organization's days;
 * "none" = plain Mon–Fri (the organization's days are ignored).
 */
export function calendarFor(source: CalendarSource, custom?: CalendarFile | null): WorkingCalendar {
  switch (source) {
    case "cn-official":
      return createWorkingCalendar(custom ? [chinaOfficialCalendar(), custom] : [chinaOfficialCalendar()]);
    case "custom":
      return createWorkingCalendar(custom ? [custom] : []);
    case "none":
      return createWorkingCalendar([]);
  }
}
