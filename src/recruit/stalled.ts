// "No candidate falls through the cracks" (PRODUCT.md "Stalled pipeline defaults"): which
// applications are stuck, and since when, counted in working days of the organization's calendar.
//
//   interview_passed_no_offer  an interview marked passed, the application still before "offer",
//                              no offer ever made — since the passed interview (default 2 days)
//   unscreened                 an application still at "applied" — since it came in (default 3)
//   accepted_no_start_date     an accepted offer without an agreed start date, the application
//                              still "accepted" — since the acceptance (default 2)
//
// Working days elapsed = working days after the local date of `since`, up to and including today:
// something that happens on Monday has 2 working days elapsed on Wednesday, so with the default of
// 2 it is due on Wednesday (exactly N counts). A weekend or holiday in between does not count.
// Each item carries a key per candidate at an opening and cause: it is alerted once, ever.
// Plain TypeScript: rows, calendar, clock and settings come in as parameters.
import { z } from "zod";
import type { WorkingCalendar } from "../calendar/calendar.ts";
import { addDays, localDate, type LocalDate } from "../kpi/period.ts";
import { RecruitError, type Stage } from "./errors.ts";

export const STALLED_CAUSES = ["interview_passed_no_offer", "unscreened", "accepted_no_start_date"] as const;
export type StalledCause = (typeof STALLED_CAUSES)[number];

const workingDays = z
  .number({ error: "must be a whole number of working days" })
  .int("must be a whole number of working days")
  .min(1, "must be at least 1 working day")
  .max(60, "must be at most 60 working days");

/** The settings of this module (table `settings`, `pacer config set stalled.unscreenedDays 3`). */
export const STALLED_SETTINGS = {
  /** Working days after a passed interview without an offer. */
  "stalled.interviewPassedDays": workingDays,
  /** Working days an application may wait unscreened. */
  "stalled.unscreenedDays": workingDays,
  /** Working days after an accepted offer without a start date. */
  "stalled.acceptedNoStartDays": workingDays,
} as const;

export interface StalledSettings {
  interviewPassedDays: number;
  unscreenedDays: number;
  acceptedNoStartDays: number;
}

export const DEFAULT_STALLED_SETTINGS: StalledSettings = Object.freeze({
  interviewPassedDays: 2,
  unscreenedDays: 3,
  acceptedNoStartDays: 2,
});

/** Settings from raw stored values (a missing key → its default); a bad value throws naming the key. */
export function parseStalledSettings(raw: ReadonlyMap<string, unknown>): StalledSettings {
  const get = (key: keyof typeof STALLED_SETTINGS, fallback: number): number => {
    const value = raw.get(key);
    if (value === undefined || value === null) return fallback;
    const r = STALLED_SETTINGS[key].safeParse(value);
    if (!r.success)
      throw new RecruitError("settings.invalid", { key, detail: r.error.issues.map((i) => i.message).join("; ") });
    return r.data;
  };
  return {
    interviewPassedDays: get("stalled.interviewPassedDays", DEFAULT_STALLED_SETTINGS.interviewPassedDays),
    unscreenedDays: get("stalled.unscreenedDays", DEFAULT_STALLED_SETTINGS.unscreenedDays),
    acceptedNoStartDays: get("stalled.acceptedNoStartDays", DEFAULT_STALLED_SETTINGS.acceptedNoStartDays),
  };
}

/** How recruiters mark an interview passed (the `result` of an interview feed row). */
const PASSED = new Set(["pass", "passed", "通过", "已通过", "面试通过"]);
export function isPassedResult(result: string | null | undefined): boolean {
  return result != null && PASSED.has(result.trim().toLowerCase());
}

export interface Person {
  externalId: string;
  name: string;
}

/** One application with what the rules look at (src/store/stalled.ts loads these). */
export interface PipelineRow {
  applicationExternalId: string;
  stage: Stage;
  appliedAt: Date;
  candidate: Person;
  opening: { externalId: string; title: string };
  /** The opening's owner, else the manager of its team. */
  hiringManager: Person | null;
  /** When the latest interview marked passed took place; null if none is. */
  passedInterviewAt: Date | null;
  /** How many offers the application has (any status). */
  offers: number;
  /** The accepted offer, if any, with its start date (a local date) once agreed. */
  acceptedOffer: { externalId: string; acceptedAt: Date; startDate: LocalDate | null } | null;
}

export interface StalledItem {
  /** `stalled:<cause>:<candidate>@<opening>` — once per candidate at an opening and cause. */
  key: string;
  cause: StalledCause;
  applicationExternalId: string;
  candidate: Person;
  opening: { externalId: string; title: string };
  hiringManager: Person | null;
  /** The offer concerned (accepted_no_start_date only). */
  offerExternalId: string | null;
  since: Date;
  /** Working days after `since`'s local date up to and including today's. */
  workingDaysElapsed: number;
  /** The threshold that made it due. */
  thresholdDays: number;
}

export function stalledKey(cause: StalledCause, candidateExternalId: string, openingExternalId: string): string {
  return `stalled:${cause}:${candidateExternalId}@${openingExternalId}`;
}

/** Working days in (local date of `since`, `today`]; 0 when `since` is today or later. */
export function workingDaysSince(calendar: WorkingCalendar, since: LocalDate, today: LocalDate): number {
  let n = 0;
  // Bounded by the dates themselves; ten years is far beyond any pipeline row worth alerting on.
  for (let d = addDays(since, 1), i = 0; d <= today && i < 3660; d = addDays(d, 1), i++)
    if (calendar.isWorkingDay(d)) n++;
  return n;
}

const PRE_OFFER: ReadonlySet<Stage> = new Set(["screened", "interview"]);

/** The cause each row is stalled for (at most one per cause), with since-when. */
function candidates(row: PipelineRow, settings: StalledSettings) {
  const out: { cause: StalledCause; since: Date; threshold: number; offer: string | null }[] = [];
  if (row.stage === "applied")
    out.push({ cause: "unscreened", since: row.appliedAt, threshold: settings.unscreenedDays, offer: null });
  if (PRE_OFFER.has(row.stage) && row.passedInterviewAt && row.offers === 0)
    out.push({
      cause: "interview_passed_no_offer",
      since: row.passedInterviewAt,
      threshold: settings.interviewPassedDays,
      offer: null,
    });
  if (row.stage === "accepted" && row.acceptedOffer && row.acceptedOffer.startDate === null)
    out.push({
      cause: "accepted_no_start_date",
      since: row.acceptedOffer.acceptedAt,
      threshold: settings.acceptedNoStartDays,
      offer: row.acceptedOffer.externalId,
    });
  return out;
}

const ORDER: Record<StalledCause, number> = { interview_passed_no_offer: 0, accepted_no_start_date: 1, unscreened: 2 };

/**
 * Every stalled item at `now`: longest-waiting first within a cause, causes in order of how close
 * they are to losing the candidate (passed interview, accepted offer, then unscreened). Items whose
 * key is in `alreadySent` are left out — each goes out once.
 */
export function stalledItems(
  rows: readonly PipelineRow[],
  context: {
    calendar: WorkingCalendar;
    now: Date;
    timezone: string;
    settings: StalledSettings;
    alreadySent?: ReadonlySet<string>;
  },
): StalledItem[] {
  const today = localDate(context.now, context.timezone);
  const out: StalledItem[] = [];
  for (const row of rows) {
    for (const c of candidates(row, context.settings)) {
      const key = stalledKey(c.cause, row.candidate.externalId, row.opening.externalId);
      if (context.alreadySent?.has(key)) continue;
      const elapsed = workingDaysSince(context.calendar, localDate(c.since, context.timezone), today);
      if (elapsed < c.threshold) continue;
      out.push({
        key,
        cause: c.cause,
        applicationExternalId: row.applicationExternalId,
        candidate: row.candidate,
        opening: row.opening,
        hiringManager: row.hiringManager,
        offerExternalId: c.offer,
        since: c.since,
        workingDaysElapsed: elapsed,
        thresholdDays: c.threshold,
      });
    }
  }
  return out.sort(
    (a, b) =>
      ORDER[a.cause] - ORDER[b.cause] ||
      a.since.getTime() - b.since.getTime() ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}
