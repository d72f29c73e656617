// Dates and times of schedules, always in the organization's time zone (never the server's).
import { DateTime } from "luxon";
import type { WorkingCalendar } from "../calendar/calendar.ts";
import { addDays, firstLocalDay, isoWeekday, type LocalDate, type Period } from "../kpi/period.ts";

/** The instant of a local date and "HH:MM" time in `tz`. */
export function localInstant(date: LocalDate, time: string, tz: string): Date {
  const dt = DateTime.fromISO(`${date}T${time}`, { zone: tz });
  if (!dt.isValid) throw new RangeError(`not a local date and time in ${tz}: ${date} ${time}`);
  return dt.toJSDate();
}

/** ISO week of a local date, e.g. "2026-W42" (weeks start on Monday). */
export function isoWeek(date: LocalDate): string {
  const dt = DateTime.fromISO(date, { zone: "UTC" });
  return `${dt.weekYear}-W${String(dt.weekNumber).padStart(2, "0")}`;
}

/** The first working day of the ISO week containing `date` (Monday, or later when Monday is off). */
export function firstWorkingDayOfWeek(calendar: WorkingCalendar, date: LocalDate): LocalDate | null {
  const monday = addDays(date, 1 - isoWeekday(date));
  for (let i = 0; i < 7; i++) {
    const day = addDays(monday, i);
    if (calendar.isWorkingDay(day)) return day;
  }
  return null;
}

/** The first working day of a month (the month-end cards go out then). */
export function firstWorkingDayOfMonth(calendar: WorkingCalendar, period: Period): LocalDate {
  return calendar.nextWorkingDay(firstLocalDay(period));
}

/** After this instant a missed run is no longer caught up automatically (docs/DELIVERY.md "Schedules, triggers, catch-up": until 12:00). */
export const CATCH_UP_UNTIL = "12:00";
/** A schedule set after noon still gets this long to be caught up. */
const LATE_SCHEDULE_GRACE_MS = 15 * 60 * 1000;

export function catchUpDeadline(fireAt: Date, tz: string): Date {
  const noon = localInstant(DateTime.fromJSDate(fireAt, { zone: tz }).toFormat("yyyy-MM-dd"), CATCH_UP_UNTIL, tz);
  return new Date(Math.max(noon.getTime(), fireAt.getTime() + LATE_SCHEDULE_GRACE_MS));
}

/** Cron pattern for a local time, every day or on one day of the month. */
export function cronPattern(time: string, dayOfMonth?: number): string {
  const [hh, mm] = time.split(":").map(Number) as [number, number];
  return `${mm} ${hh} ${dayOfMonth ?? "*"} * *`;
}

/** "09:00" → "0900" (job ids may not contain ':'). */
export function slotId(time: string): string {
  return time.replace(":", "");
}
