// The organization's working-day calendar: its source (China's official calendar, its own days
// only, or plain Mon–Fri) with its own days from calendar_days layered on top.
import type { Sql } from "../db/client.ts";
import { calendarFor, type CalendarSource, type WorkingCalendar } from "../calendar/calendar.ts";
import type { CalendarFile } from "../calendar/file.ts";

export async function loadWorkingCalendar(sql: Sql, source: string): Promise<WorkingCalendar> {
  const res = await sql.query<{ date: string; kind: "holiday" | "workday"; name: string | null; name_en: string | null }>(
    `SELECT to_char(date, 'YYYY-MM-DD') AS date, kind::text AS kind, name, name_en FROM calendar_days ORDER BY date`,
  );
  const entry = (r: (typeof res.rows)[number]) => ({ date: r.date, name: r.name ?? (r.kind === "holiday" ? "假日" : "调休上班"), ...(r.name_en ? { nameEn: r.name_en } : {}) });
  const own: CalendarFile = {
    holidays: res.rows.filter((r) => r.kind === "holiday").map(entry),
    workdays: res.rows.filter((r) => r.kind === "workday").map(entry),
  };
  const known: CalendarSource[] = ["cn-official", "custom", "none"];
  const src = (known as string[]).includes(source) ? (source as CalendarSource) : "cn-official";
  return calendarFor(src, res.rows.length ? own : null);
}
