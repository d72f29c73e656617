/**
 * The calendar file format (zod-validated JSON), used both for organization-specific calendars
 * (`pacer` loads them from a file; they win over the default) and for the shipped China data:
 *
 *   {
 *     "name": "optional label",
 *     "years": [2026],                        // optional: years the file claims to cover fully
 *     "holidays": [{ "date": "2026-10-01", "name": "国庆节", "nameEn": "National Day" }],
 *     "workdays": [{ "date": "2026-10-10", "name": "国庆节调休" }]
 *   }
 *
 * `holidays` are days off (a holiday on a weekend is allowed and changes nothing); `workdays` are
 * adjusted working days (usually a Saturday or Sunday). A date may appear at most once per list and
 * never in both lists.
 *
 * Pure: the file is read from disk in src/config/calendar-file.ts.
 */
import { z } from "zod";
import { isLocalDate } from "../kpi/period.ts";
import { KpiValidationError } from "../kpi/validation-error.ts";
import { kpiErrorsFromZod, type ParseResult } from "../kpi/plan.ts";

const dateSchema = z.string().refine(isLocalDate, { message: "expected a calendar date YYYY-MM-DD" });

const calendarEntrySchema = z.object({
  date: dateSchema,
  name: z.string().trim().min(1),
  nameEn: z.string().trim().min(1).optional(),
});

export const calendarFileSchema = z
  .object({
    name: z.string().optional(),
    source: z.string().optional(),
    years: z.array(z.number().int().min(1900).max(2999)).optional(),
    holidays: z.array(calendarEntrySchema).default([]),
    workdays: z.array(calendarEntrySchema).default([]),
  })
  .superRefine((file, ctx) => {
    const issue = (e: KpiValidationError, path: (string | number)[]) =>
      ctx.addIssue({ code: "custom", message: e.message, path, params: { kpiCode: e.code, kpiParams: e.params } });
    for (const list of ["holidays", "workdays"] as const) {
      const seen = new Set<string>();
      file[list].forEach((d, i) => {
        if (seen.has(d.date))
          issue(new KpiValidationError("calendar.duplicate_date", { date: d.date, list }), [list, i, "date"]);
        seen.add(d.date);
      });
    }
    const holidays = new Set(file.holidays.map((h) => h.date));
    file.workdays.forEach((w, i) => {
      if (holidays.has(w.date))
        issue(new KpiValidationError("calendar.conflict", { date: w.date }), ["workdays", i, "date"]);
    });
  });

export type CalendarEntry = z.output<typeof calendarEntrySchema>;
export type CalendarFile = z.output<typeof calendarFileSchema>;
export type CalendarFileInput = z.input<typeof calendarFileSchema>;

/** Validates parsed JSON; every problem as a KpiValidationError. */
export function safeParseCalendarFile(json: unknown): ParseResult<CalendarFile> {
  const r = calendarFileSchema.safeParse(json);
  return r.success ? { success: true, data: r.data } : { success: false, errors: kpiErrorsFromZod(r.error) };
}

/** Validates parsed JSON; throws the first KpiValidationError. */
export function parseCalendarFile(json: unknown): CalendarFile {
  const r = safeParseCalendarFile(json);
  if (r.success) return r.data;
  throw r.errors[0] as KpiValidationError;
}
