// Receivables rules that need no database: why an overdue order may be snoozed, and when a snooze
// ends — the start of the organization's local day a week later, so that the weekly message on
// that day shows the order again if it is still unpaid.
import { DateTime } from "luxon";

/** Why a rep put an order aside (the buttons of the card's reason choice). */
export const SNOOZE_REASONS = ["promised", "disputed", "partial", "other"] as const;
export type SnoozeReason = (typeof SNOOZE_REASONS)[number];

export const SNOOZE_DAYS = 7;

/** When a snooze made at `now` ends, as an instant and as the local date it ends on. */
export function snoozeUntil(now: Date, tz: string): { until: Date; date: string } {
  const day = DateTime.fromJSDate(now, { zone: tz }).startOf("day").plus({ days: SNOOZE_DAYS });
  return { until: day.toJSDate(), date: day.toFormat("yyyy-MM-dd") };
}
