// Onboarding and probation (pure): the checklist of a new hire, the probation milestones and the
// verdict at a milestone. The service (src/services/onboarding.ts) loads the rows and the KPI.
//
// Milestones: 30, 60 and 90 days after the hire date, and the confirmation date (the end of
// probation, employees.probation_ends_at). A day milestone after the confirmation date is dropped
// (probation is over), and one falling ON the confirmation date is merged into it.
//
// A milestone is judged as of the START of its day (local midnight: everything before that day):
//   training  = course items of the checklist due BEFORE the milestone day that are done, as a
//               percentage of those items (none due yet → no training verdict);
//   KPI       = the score on the employee's plan (the `new` plan for new salespeople) to date —
//               judged on its month-end projection while the month runs (targets are monthly: a
//               score to date on the 20th understates everyone), and on the previous month's final
//               score when fewer than 5 working days of the current month have passed.
// Below either threshold (settings onboarding.trainingThreshold, default 80 %, and
// onboarding.kpiThreshold, default 60 points) → an alert for HR and the manager with the course
// for the weakest metric.
import { Decimal } from "../kpi/decimal.ts";
import { z } from "zod";
import { addDays, type LocalDate } from "../kpi/period.ts";
import { RecruitError } from "./errors.ts";

export const MILESTONE_DAYS = [30, 60, 90] as const;
export type MilestoneKey = "d30" | "d60" | "d90" | "confirmation";

export interface Milestone {
  key: MilestoneKey;
  date: LocalDate;
  /** Days after the hire date. */
  day: number;
}

function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function probationMilestones(hiredAt: LocalDate, probationEndsAt: LocalDate | null): Milestone[] {
  const out: Milestone[] = [];
  for (const day of MILESTONE_DAYS) {
    const date = addDays(hiredAt, day);
    if (probationEndsAt !== null && date >= probationEndsAt) continue;
    out.push({ key: `d${day}` as MilestoneKey, date, day });
  }
  if (probationEndsAt !== null && probationEndsAt > hiredAt)
    out.push({ key: "confirmation", date: probationEndsAt, day: daysBetween(hiredAt, probationEndsAt) });
  return out;
}

export function milestoneKey(employeeExternalId: string, milestone: MilestoneKey): string {
  return `probation:${employeeExternalId}:${milestone}`;
}

// ─── Checklist ──────────────────────────────────────────────────────────────────────────────────

export interface ChecklistItemInput {
  templateKey: string;
  key: string;
  title: string;
  kind: string;
  dueDays: number;
  courseExternalId: string | null;
  completedAt: Date | null;
}

export type ItemState = "done" | "overdue" | "due_today" | "open";

export interface ChecklistItem extends ChecklistItemInput {
  dueDate: LocalDate;
  state: ItemState;
}

export interface Ratio {
  done: number;
  total: number;
  /** 0–100, one decimal; null when total is 0. */
  percent: number | null;
}

export interface Checklist {
  /** All items of the template(s), done as of the instant. */
  overall: Ratio;
  /** Course items due before `date`, done as of the instant: the training progress. */
  training: Ratio;
  items: ChecklistItem[];
  overdue: ChecklistItem[];
}

const percent = (done: number, total: number): number | null =>
  total === 0 ? null : Math.round((1000 * done) / total) / 10;

/**
 * The checklist as of `asOf` (items completed at or before it count as done) on local day `date`:
 * an item is overdue when not done and its due date is before `date`.
 */
export function checklistStatus(
  items: readonly ChecklistItemInput[],
  hiredAt: LocalDate,
  date: LocalDate,
  asOf: Date,
): Checklist {
  const withState: ChecklistItem[] = items.map((item) => {
    const dueDate = addDays(hiredAt, item.dueDays);
    const done = item.completedAt !== null && item.completedAt.getTime() <= asOf.getTime();
    const state: ItemState = done ? "done" : dueDate < date ? "overdue" : dueDate === date ? "due_today" : "open";
    return { ...item, dueDate, state };
  });
  const done = withState.filter((i) => i.state === "done").length;
  const dueCourses = withState.filter((i) => i.kind === "course" && i.dueDate < date);
  const dueCoursesDone = dueCourses.filter((i) => i.state === "done").length;
  return {
    overall: { done, total: withState.length, percent: percent(done, withState.length) },
    training: { done: dueCoursesDone, total: dueCourses.length, percent: percent(dueCoursesDone, dueCourses.length) },
    items: withState,
    overdue: withState.filter((i) => i.state === "overdue"),
  };
}

// ─── Thresholds and verdict ─────────────────────────────────────────────────────────────────────

const percentage = z
  .number({ error: "must be a number" })
  .min(0, "must be between 0 and 100")
  .max(100, "must be between 0 and 100")
  .refine((v) => v === 0 || v >= 1, "is a percentage from 0 to 100 (80 means 80 %), not a fraction");

/** The settings of this module (table `settings`), validated. */
export const ONBOARDING_SETTINGS = {
  /** Training progress (%) below which a milestone raises an alert. */
  "onboarding.trainingThreshold": percentage,
  /** KPI score (points, e.g. 60) below which a milestone raises an alert. */
  "onboarding.kpiThreshold": z
    .number({ error: "must be a number" })
    .min(0, "must not be negative")
    .max(1000, "must be at most 1000"),
} as const;

export const DEFAULT_THRESHOLDS = { training: 80, kpi: 60 } as const;

export interface Thresholds {
  /** Percent, 0–100. */
  training: number;
  /** Points. */
  kpi: number;
}

/** Thresholds from raw setting values (undefined = not set → default); throws naming the key. */
export function parseThresholds(raw: { training?: unknown; kpi?: unknown }): Thresholds {
  const get = (key: keyof typeof ONBOARDING_SETTINGS, value: unknown, fallback: number): number => {
    if (value === undefined || value === null) return fallback;
    const r = ONBOARDING_SETTINGS[key].safeParse(value);
    if (!r.success)
      throw new RecruitError("settings.invalid", { key, detail: r.error.issues.map((i) => i.message).join("; ") });
    return r.data;
  };
  return {
    training: get("onboarding.trainingThreshold", raw.training, DEFAULT_THRESHOLDS.training),
    kpi: get("onboarding.kpiThreshold", raw.kpi, DEFAULT_THRESHOLDS.kpi),
  };
}

export type AlertReason = "training_below_threshold" | "kpi_below_threshold";

/**
 * Why a new hire needs support at a milestone (empty: on track). A missing measure (no course due
 * yet, or no KPI score because the person is not scored) gives no verdict on that measure.
 */
export function milestoneReasons(
  measures: { trainingPercent: number | null; kpiScore: string | null },
  thresholds: Thresholds,
): AlertReason[] {
  const reasons: AlertReason[] = [];
  if (measures.trainingPercent !== null && measures.trainingPercent < thresholds.training)
    reasons.push("training_below_threshold");
  if (measures.kpiScore !== null && new Decimal(measures.kpiScore).lessThan(thresholds.kpi))
    reasons.push("kpi_below_threshold");
  return reasons;
}
