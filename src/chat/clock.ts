// The chat core's sense of "this month": the organization's calendar month, not UTC's. At 00:30 on
// 1 November in Shanghai it is still 31 October in UTC; "how was October?" must read as last month.
import { DEFAULT_TIMEZONE, periodOfInstant } from "../kpi/period.ts";

export interface MonthParts {
  year: number;
  month: number;
}

/** The calendar month `instant` falls in, in time zone `zone` (IANA). */
export function monthIn(instant: Date, zone: string = DEFAULT_TIMEZONE): MonthParts {
  const period = periodOfInstant(instant, zone);
  const [year, month] = period.split("-").map(Number) as [number, number];
  return { year, month };
}
