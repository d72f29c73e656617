// Onboarding and probation for HR: each new hire's checklist progress, probation milestones and KPI
// score to date (onboardingStatus), and the alerts due at milestones (milestoneAlerts) — for HR and
// the new hire's manager, with the training course for the weakest metric. The rules (milestones,
// what "training progress" counts, thresholds) are in src/recruit/onboarding.ts.
import { DateTime } from "luxon";
import { z } from "zod";
import type { Sql } from "../db/client.ts";
import type { MetricKey } from "../kpi/metrics.ts";
import { addDays, firstLocalDay, isLocalDate, localDate, periodBounds, type LocalDate } from "../kpi/period.ts";
import { RecruitError } from "../recruit/errors.ts";
import { recipientKey } from "../recruit/offers.ts";
import {
  checklistStatus,
  milestoneKey,
  milestoneReasons,
  parseThresholds,
  probationMilestones,
  type AlertReason,
  type Checklist,
  type Milestone,
  type MilestoneKey,
  type Thresholds,
} from "../recruit/onboarding.ts";
import type { CourseRow } from "../store/explain-sql.ts";
import { loadOrganization } from "../store/kpi-inputs.ts";
import {
  loadChecklists,
  loadHrStaff,
  loadNewHires,
  loadSettingValues,
  type ChecklistRow,
  type NewHireRow,
  type PersonRow,
} from "../store/recruit-sql.ts";
import { NotScoredError, progressFor } from "./progress.ts";
import { recommendCourse } from "./recommend.ts";

/** Without a probation end date, someone counts as a new hire for this many days (the last milestone). */
export const NEW_HIRE_WINDOW_DAYS = 90;
/** A month with fewer working days elapsed says little: the previous month's final score is used. */
export const MIN_ELAPSED_WORKING_DAYS = 5;
/** onboardingStatus judges the KPI from this day after the hire on (the first milestone). */
export const KPI_JUDGED_FROM_DAY = 30;
/** How far back milestoneAlerts looks by default (a scheduler asleep over a long holiday catches up). */
export const DEFAULT_LOOKBACK_DAYS = 7;

export interface PersonRef {
  externalId: string;
  name: string;
}

export interface NewHire {
  externalId: string;
  name: string;
  role: string;
  teamExternalId: string | null;
  plan: string | null;
  hiredAt: LocalDate;
  probationEndsAt: LocalDate | null;
  manager: PersonRef | null;
}

export interface KpiSnapshot {
  /** Base score to date (points, 2 decimals) on the employee's plan — the `new` plan for new salespeople. */
  score: string;
  /** progressFor's projection of the base score at the month's end (cumulative metrics at their pace). */
  projectedScore: string | null;
  /**
   * What the threshold is compared with: the projection while the month runs (targets are monthly,
   * so a score to date on the 20th understates everyone), the score itself when there is none —
   * and nothing (null) when the month has no target for any plan metric: no target, no verdict.
   */
  judgedScore: string | null;
  judgedOn: "projected" | "to_date" | null;
  plan: string;
  period: string;
  /** The instant the score is computed as of (ISO). */
  asOf: string;
  /** to_date: the month containing the instant; previous_month: the month before it, in full,
   *  because fewer than MIN_ELAPSED_WORKING_DAYS had passed in the current one. */
  basis: "to_date" | "previous_month";
  weakest: { metric: MetricKey; pointsLost: string } | null;
}

// ─── Status ─────────────────────────────────────────────────────────────────────────────────────

export interface MilestoneStatus extends Milestone {
  passed: boolean;
}

export interface NewHireStatus {
  employee: NewHire;
  /** Days since the hire date (day 0 = the hire date). */
  day: number;
  checklist: Checklist;
  milestones: MilestoneStatus[];
  nextMilestone: Milestone | null;
  kpi: KpiSnapshot | null;
  /**
   * Why the new hire is behind right now (empty: on track): training below its threshold, or —
   * from day 30 on — the judged KPI score below its threshold. Overdue checklist items are listed
   * in `checklist.overdue` but do not make someone "behind" on their own.
   */
  reasons: AlertReason[];
  behind: boolean;
}

export interface OnboardingStatus {
  asOf: string;
  date: LocalDate;
  timezone: string;
  thresholds: Thresholds;
  newHires: NewHireStatus[];
}

/**
 * Every active new hire (hired on or before today, probation not over — or hired within the last
 * NEW_HIRE_WINDOW_DAYS without a probation end date) as of `asOf`: checklist progress (overall and
 * training), milestones, KPI to date and whether they are behind (training or KPI below the
 * thresholds).
 */
export async function onboardingStatus(
  sql: Sql,
  options: { asOf: Date; employeeExternalIds?: string[] },
): Promise<OnboardingStatus> {
  const asOf = checkInstant(options.asOf, "asOf");
  const { timezone } = await loadOrganization(sql);
  const thresholds = await loadThresholds(sql);
  const date = localDate(asOf, timezone);
  const hires = await loadNewHires(sql, {
    since: date,
    onDate: date,
    windowDays: NEW_HIRE_WINDOW_DAYS,
    ...(options.employeeExternalIds ? { employeeExternalIds: options.employeeExternalIds } : {}),
  });
  const checklists = groupChecklists(
    await loadChecklists(
      sql,
      hires.map((h) => h.id),
    ),
  );
  const newHires: NewHireStatus[] = [];
  for (const hire of hires) {
    const checklist = checklistStatus(checklists.get(hire.id) ?? [], hire.hiredAt, date, asOf);
    const milestones = probationMilestones(hire.hiredAt, hire.probationEndsAt).map((m) => ({
      ...m,
      passed: m.date <= date,
    }));
    const kpi = await kpiAt(sql, hire, asOf, timezone);
    const day = daysBetween(hire.hiredAt, date);
    // The KPI is judged from the first milestone on: before that there is hardly anything to score.
    const reasons = milestoneReasons(
      {
        trainingPercent: checklist.training.percent,
        kpiScore: day >= KPI_JUDGED_FROM_DAY ? (kpi?.judgedScore ?? null) : null,
      },
      thresholds,
    );
    newHires.push({
      employee: newHire(hire),
      day,
      checklist,
      milestones,
      nextMilestone: milestones.find((m) => !m.passed) ?? null,
      kpi,
      reasons,
      behind: reasons.length > 0,
    });
  }
  return { asOf: asOf.toISOString(), date, timezone, thresholds, newHires };
}

// ─── Milestone alerts ───────────────────────────────────────────────────────────────────────────

export interface AlertRecipient {
  employeeExternalId: string;
  name: string;
  role: "hr" | "manager";
  /** The alert's key + ":" + this recipient: one delivery per person. */
  idempotencyKey: string;
}

export interface MilestoneAlert {
  /** `probation:<employee>:<milestone>` — one alert per new hire and milestone, ever. */
  idempotencyKey: string;
  employee: NewHire;
  milestone: Milestone;
  reasons: AlertReason[];
  thresholds: Thresholds;
  /** Checklist as of the start of the milestone day; `training` is what the threshold applies to. */
  checklist: Checklist;
  kpi: KpiSnapshot | null;
  /** The course for the KPI's weakest metric (metric_courses), when there is one. */
  recommendedCourse: { metric: MetricKey; pointsLost: string | null; course: CourseRow } | null;
  recipients: AlertRecipient[];
}

const alertsInput = z.strictObject({
  date: z.string().refine(isLocalDate, "must be a local date YYYY-MM-DD"),
  lookbackDays: z.number().int().min(0).max(31).optional(),
});

/**
 * Alerts for the probation milestones that fall on `date` or in the `lookbackDays` before it
 * (default 7: the deliveries' keys keep a re-run from repeating one), where the new hire is below
 * the training or KPI threshold as of the start of the milestone day. Milestones in the future of
 * `date` are never judged early.
 */
export async function milestoneAlerts(
  sql: Sql,
  input: { date: LocalDate; lookbackDays?: number },
): Promise<MilestoneAlert[]> {
  const parsed = alertsInput.safeParse(input);
  if (!parsed.success)
    throw new RecruitError("input.invalid", {
      detail: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
    });
  const { date } = parsed.data;
  const since = addDays(date, -(parsed.data.lookbackDays ?? DEFAULT_LOOKBACK_DAYS));
  const { timezone } = await loadOrganization(sql);
  const thresholds = await loadThresholds(sql);
  // Probation ending in the window still counts (its confirmation milestone may be due).
  const hires = await loadNewHires(sql, { since, onDate: date, windowDays: NEW_HIRE_WINDOW_DAYS + 1 });
  const checklists = groupChecklists(
    await loadChecklists(
      sql,
      hires.map((h) => h.id),
    ),
  );
  const hr = await loadHrStaff(sql);
  const alerts: MilestoneAlert[] = [];
  for (const hire of hires) {
    for (const milestone of probationMilestones(hire.hiredAt, hire.probationEndsAt)) {
      if (milestone.date < since || milestone.date > date) continue;
      const dayStart = localMidnight(milestone.date, timezone);
      // Everything before the milestone day: the checklist up to the previous midnight, the KPI
      // as of the last instant before it.
      const checklist = checklistStatus(
        checklists.get(hire.id) ?? [],
        hire.hiredAt,
        milestone.date,
        new Date(dayStart.getTime() - 1),
      );
      const kpi = await kpiAt(sql, hire, new Date(dayStart.getTime() - 1), timezone);
      const reasons = milestoneReasons(
        { trainingPercent: checklist.training.percent, kpiScore: kpi?.judgedScore ?? null },
        thresholds,
      );
      if (reasons.length === 0) continue;
      const key = milestoneKey(hire.externalId, milestone.key);
      alerts.push({
        idempotencyKey: key,
        employee: newHire(hire),
        milestone,
        reasons,
        thresholds,
        checklist,
        kpi,
        recommendedCourse: kpi?.weakest
          ? await recommendCourse(sql, kpi.weakest.metric).then(
              (r) => r && { ...r, pointsLost: kpi.weakest!.pointsLost },
            )
          : null,
        recipients: recipientsFor(key, hr, hire),
      });
    }
  }
  return alerts.sort((a, b) =>
    a.milestone.date < b.milestone.date
      ? -1
      : a.milestone.date > b.milestone.date
        ? 1
        : a.idempotencyKey < b.idempotencyKey
          ? -1
          : 1,
  );
}

export type { MilestoneKey };

// ─── Helpers ────────────────────────────────────────────────────────────────────────────────────

/** The thresholds from settings onboarding.trainingThreshold / onboarding.kpiThreshold (validated). */
export async function loadThresholds(sql: Sql): Promise<Thresholds> {
  const raw = await loadSettingValues(sql, ["onboarding.trainingThreshold", "onboarding.kpiThreshold"]);
  return parseThresholds({
    training: raw.get("onboarding.trainingThreshold"),
    kpi: raw.get("onboarding.kpiThreshold"),
  });
}

/**
 * The employee's KPI score as of `asOf` (progressFor on their plan), or null when they are not
 * scored (no plan, not a salesperson). Early in a month the score to date says little — targets
 * are monthly — so with fewer than MIN_ELAPSED_WORKING_DAYS working days elapsed, and the employee
 * already there the month before, the previous month's final score is used instead.
 */
export async function kpiAt(
  sql: Sql,
  hire: Pick<NewHireRow, "externalId" | "hiredAt">,
  asOf: Date,
  timezone: string,
): Promise<KpiSnapshot | null> {
  const snapshot = async (at: Date, basis: KpiSnapshot["basis"]) => {
    const p = await progressFor(sql, hire.externalId, at);
    const targeted = p.items.some((i) => i.target !== null);
    const kpi: KpiSnapshot = {
      score: p.base,
      projectedScore: p.projectedBase,
      judgedScore: targeted ? (p.projectedBase ?? p.base) : null,
      judgedOn: targeted ? (p.projectedBase === null ? "to_date" : "projected") : null,
      plan: p.employee.plan,
      period: p.period,
      asOf: p.asOf,
      basis,
      // Without targets nothing is "weak": no course is recommended from such a month.
      weakest: targeted ? p.weakest : null,
    };
    return { p, kpi };
  };
  try {
    const current = await snapshot(asOf, "to_date");
    if (current.p.workingDays.elapsed >= MIN_ELAPSED_WORKING_DAYS || hire.hiredAt >= firstLocalDay(current.p.period))
      return current.kpi;
    const previousEnd = new Date(periodBounds(current.p.period, timezone).start.getTime() - 1);
    return (await snapshot(previousEnd, "previous_month")).kpi;
  } catch (error) {
    if (error instanceof NotScoredError) return null;
    throw error;
  }
}

function recipientsFor(key: string, hr: PersonRow[], hire: NewHireRow): AlertRecipient[] {
  const out: AlertRecipient[] = hr.map((p) => ({
    employeeExternalId: p.externalId,
    name: p.name,
    role: "hr" as const,
    idempotencyKey: recipientKey(key, p.externalId),
  }));
  if (hire.managerExternalId && hire.managerName && !out.some((r) => r.employeeExternalId === hire.managerExternalId))
    out.push({
      employeeExternalId: hire.managerExternalId,
      name: hire.managerName,
      role: "manager",
      idempotencyKey: recipientKey(key, hire.managerExternalId),
    });
  return out;
}

function newHire(h: NewHireRow): NewHire {
  return {
    externalId: h.externalId,
    name: h.name,
    role: h.role,
    teamExternalId: h.teamExternalId,
    plan: h.planKey,
    hiredAt: h.hiredAt,
    probationEndsAt: h.probationEndsAt,
    manager: h.managerExternalId && h.managerName ? { externalId: h.managerExternalId, name: h.managerName } : null,
  };
}

function groupChecklists(rows: ChecklistRow[]): Map<number, ChecklistRow[]> {
  const out = new Map<number, ChecklistRow[]>();
  for (const r of rows) {
    const list = out.get(r.employeeId) ?? [];
    list.push(r);
    out.set(r.employeeId, list);
  }
  return out;
}

export function localMidnight(date: LocalDate, timezone: string): Date {
  return DateTime.fromISO(date, { zone: timezone }).startOf("day").toJSDate();
}

function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function checkInstant(d: Date, name: string): Date {
  if (!(d instanceof Date) || Number.isNaN(d.getTime()))
    throw new RecruitError("input.invalid", { detail: `${name} must be a valid instant` });
  return d;
}
