// The employee profile: the last closed months per metric (the trend), the rank in the team each
// month, the training record, the stated motivation (when the viewer may see it) and a
// high-potential flag as of the latest closed month. Read from the month-close snapshots, so the
// figures are the ones people were paid on.
import type { Sql } from "../db/client.ts";
import { METRICS, type MetricKey } from "../kpi/metrics.ts";
import { addPeriods, type Period } from "../kpi/period.ts";
import type { HighPotentialFlag } from "../kpi/potential.ts";
import { loadPlanMetrics } from "../store/explain-sql.ts";
import {
  loadMotivation,
  loadProfileMonths,
  loadTrainingRecord,
  type MotivationRow,
  type ProfileMonth,
  type TrainingRecordRow,
} from "../store/profile.ts";
import { highPotential } from "./recommend.ts";

/** How many closed months the profile shows. */
export const PROFILE_MONTHS = 6;
/** How many completed courses it lists. */
export const PROFILE_COURSES = 5;

export interface EmployeeProfile {
  employee: { id: number; externalId: string; name: string };
  /** The metrics shown: the current plan's, else those with a value in a shown month. */
  metrics: MetricKey[];
  /** Up to PROFILE_MONTHS closed months, oldest first. */
  months: ProfileMonth[];
  training: TrainingRecordRow[];
  /** "hidden": the viewer may not see it (the person, their manager and HR only). */
  motivation: MotivationRow | null | "hidden";
  /** High-potential flags as of the latest closed month shown (empty when none). */
  potential: HighPotentialFlag[];
}

export async function employeeProfile(
  sql: Sql,
  employee: { id: number; externalId: string; name: string },
  options: { showMotivation: boolean },
): Promise<EmployeeProfile> {
  const [recent, plan, training, motivation] = await Promise.all([
    loadProfileMonths(sql, employee.id, PROFILE_MONTHS),
    loadPlanMetrics(sql, employee.id),
    loadTrainingRecord(sql, employee.id, PROFILE_COURSES),
    options.showMotivation ? loadMotivation(sql, employee.id) : Promise.resolve("hidden" as const),
  ]);
  const months = [...recent].reverse();
  const metrics = plan.length
    ? [...plan]
    : METRICS.filter((m) => months.some((month) => month.metrics[m] !== null && month.metrics[m] !== undefined));
  const latest = months.at(-1)?.period as Period | undefined;
  // The streak needs the two months before the latest closed too; without them nobody is flagged.
  const potential =
    latest && months.some((m) => m.period === addPeriods(latest, -2))
      ? await highPotential(sql, { employeeId: employee.id, asOfPeriod: latest })
      : [];
  return { employee, metrics, months, training, motivation, potential };
}
