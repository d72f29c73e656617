// Reading an organization's calendar file from disk (`pacer calendar load <file>`). The format and
// its validation are the KPI core's (src/calendar/file.ts), which stays free of I/O.
import { readFile } from "node:fs/promises";
import { type CalendarFile, parseCalendarFile } from "../calendar/file.ts";
import { KpiValidationError } from "../kpi/validation-error.ts";

/** Reads and validates a calendar JSON file. */
export async function loadCalendarFile(file: string): Promise<CalendarFile> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    throw new KpiValidationError("calendar.unreadable", { file, detail: (e as Error).message });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new KpiValidationError("calendar.unreadable", { file, detail: `invalid JSON: ${(e as Error).message}` });
  }
  return parseCalendarFile(json);
}
