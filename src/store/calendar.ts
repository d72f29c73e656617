// The organization's working-day calendar: its source (China's official calendar, its own days
// only, or plain Mon–Fri) with its own days from calendar_days layered on top.
import type { Sql } from "../db/client.ts";
import { calendarFor, type CalendarSource, type WorkingCalendar } from "../calendar/calendar.ts";
import type { CalendarFile } from "../calendar/file.ts";
import type { Counts } from "../ingest/upsert.ts";

export async function loadWorkingCalendar(sql: Sql, source: string): Promise<WorkingCalendar> {
  const res = await sql.query<CalendarDayRow>(`${CALENDAR_DAYS} ORDER BY date`);
  return calendarFromRows(source, res.rows);
}

/** Which calendar the organization's own days are layered on (see calendar/calendar.ts). */
export async function setCalendarSource(sql: Sql, source: string): Promise<void> {
  await sql.query(`UPDATE organization SET calendar_source = $1, updated_at = now() WHERE id = 1`, [source]);
}

/** The organization's own days, for a statement that reads them along with other things. */
export const CALENDAR_DAYS = `SELECT to_char(date, 'YYYY-MM-DD') AS date, kind::text AS kind, name, name_en FROM calendar_days`;

export type CalendarDayRow = { date: string; kind: "holiday" | "workday"; name: string | null; name_en: string | null };

/** The working calendar of `source` with the organization's own days (rows of CALENDAR_DAYS) on top. */
export function calendarFromRows(source: string, rows: CalendarDayRow[]): WorkingCalendar {
  const entry = (r: CalendarDayRow) => ({
    date: r.date,
    name: r.name ?? (r.kind === "holiday" ? "假日" : "调休上班"),
    ...(r.name_en ? { nameEn: r.name_en } : {}),
  });
  const sorted = [...rows].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const own: CalendarFile = {
    holidays: sorted.filter((r) => r.kind === "holiday").map(entry),
    workdays: sorted.filter((r) => r.kind === "workday").map(entry),
  };
  const known: CalendarSource[] = ["cn-official", "custom", "none"];
  const src = (known as string[]).includes(source) ? (source as CalendarSource) : "cn-official";
  return calendarFor(src, rows.length ? own : null);
}

/** Replaces the organization's own calendar days: a calendar file is its whole list. */
export async function replaceCalendarDays(sql: Sql, calendar: CalendarFile): Promise<Counts> {
  const days = [
    ...calendar.holidays.map((d) => ({ date: d.date, kind: "holiday", name: d.name, nameEn: d.nameEn ?? null })),
    ...calendar.workdays.map((d) => ({ date: d.date, kind: "workday", name: d.name, nameEn: d.nameEn ?? null })),
  ];
  const before = await sql.query<{ date: string; kind: string; name: string | null; name_en: string | null }>(
    `SELECT to_char(date, 'YYYY-MM-DD') AS date, kind::text, name, name_en FROM calendar_days`,
  );
  const stored = new Map(before.rows.map((r) => [r.date, JSON.stringify([r.kind, r.name, r.name_en])]));
  let created = 0;
  let updated = 0;
  for (const d of days) {
    const s = stored.get(d.date);
    if (s === undefined) created++;
    else if (s !== JSON.stringify([d.kind, d.name, d.nameEn])) updated++;
  }
  const unchanged = days.length - created - updated;
  if (created || updated || stored.size !== days.length) {
    await sql.query(`DELETE FROM calendar_days`);
    await sql.query(
      `INSERT INTO calendar_days (date, kind, name, name_en)
       SELECT d, k::"CalendarDayKind", n, ne FROM unnest($1::date[], $2::text[], $3::text[], $4::text[]) AS x(d, k, n, ne)`,
      [days.map((d) => d.date), days.map((d) => d.kind), days.map((d) => d.name), days.map((d) => d.nameEn)],
    );
  }
  return { created, updated, unchanged };
}
