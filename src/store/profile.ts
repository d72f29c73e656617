// The employee profile's reads and the motivation survey's writes: the person's closed months
// (latest close version of each period), their training record, their quarterly motivation answer,
// the development course per metric, and who the high-potential notice and the survey go to.
import { z } from "zod";
import type { Sql } from "../db/client.ts";
import { METRICS, type MetricKey } from "../kpi/metrics.ts";
import { MOTIVATIONS, type Motivation } from "../kpi/motivation.ts";
import { courseRow, type CourseRow } from "./explain-sql.ts";

export { MOTIVATIONS, type Motivation };

const dec = z.string().regex(/^-?\d+(\.\d+)?$/);

export interface ProfileMonth {
  period: string;
  version: number;
  /** Snapshot values as the close stored them (exact decimal strings), null = none. */
  metrics: Partial<Record<MetricKey, string | null>>;
  total: string;
  teamRank: number | null;
  /** How many were ranked in that team in that close. */
  teamSize: number;
}

const monthRow = z.object({
  period: z.string(),
  version: z.number().int(),
  metrics: z.record(z.string(), dec.nullable()),
  total: dec,
  teamRank: z.number().int().nullable(),
  teamSize: z.number().int(),
});

/** The employee's entries in the latest close of their last `limit` closed periods, most recent first. */
export async function loadProfileMonths(sql: Sql, employeeId: number, limit: number): Promise<ProfileMonth[]> {
  const res = await sql.query(
    `WITH latest AS (SELECT DISTINCT ON (period) id, period, version FROM month_closes ORDER BY period, version DESC)
     SELECT mc.period::text AS period, mc.version, e.metrics, e.total::text AS total, e.team_rank AS "teamRank",
       (SELECT count(*)::int FROM month_close_entries o
         WHERE o.close_id = e.close_id AND o.team_id IS NOT DISTINCT FROM e.team_id) AS "teamSize"
     FROM latest mc JOIN month_close_entries e ON e.close_id = mc.id
     WHERE e.employee_id = $1
     ORDER BY mc.period DESC LIMIT $2`,
    [employeeId, limit],
  );
  return res.rows.map((r) => {
    const row = monthRow.parse(r);
    const metrics: Partial<Record<MetricKey, string | null>> = {};
    for (const m of METRICS) if (m in row.metrics) metrics[m] = row.metrics[m] ?? null;
    return { ...row, metrics };
  });
}

export interface TrainingRecordRow {
  course: CourseRow;
  completedAt: Date;
  /** 0–100 when the course is scored. */
  score: string | null;
}

/** The employee's completed courses, most recent first (at most `limit`). */
export async function loadTrainingRecord(sql: Sql, employeeId: number, limit: number): Promise<TrainingRecordRow[]> {
  const res = await sql.query(
    `SELECT c.external_id AS "externalId", c.title_zh AS "titleZh", c.title_en AS "titleEn", c.url,
       x.completed_at AS "completedAt", x.score::text AS score
     FROM training_completions x JOIN training_courses c ON c.id = x.course_id
     WHERE x.employee_id = $1 ORDER BY x.completed_at DESC, c.external_id COLLATE "C" LIMIT $2`,
    [employeeId, limit],
  );
  return res.rows.map((r) => ({
    course: courseRow.parse(r),
    completedAt: z.date().parse(r.completedAt),
    score: dec.nullable().parse(r.score),
  }));
}

export interface MotivationRow {
  quarter: string;
  answer: Motivation;
  answeredAt: Date;
}

const motivationRow = z.object({ quarter: z.string(), answer: z.enum(MOTIVATIONS), answeredAt: z.date() });

/** The employee's most recent answer (the latest quarter they answered in), or null. */
export async function loadMotivation(sql: Sql, employeeId: number): Promise<MotivationRow | null> {
  const res = await sql.query(
    `SELECT quarter, answer, answered_at AS "answeredAt" FROM motivation_answers
     WHERE employee_id = $1 ORDER BY quarter DESC LIMIT 1`,
    [employeeId],
  );
  return res.rows[0] ? motivationRow.parse(res.rows[0]) : null;
}

/** Records the quarter's answer; answering again replaces it. */
export async function saveMotivation(
  sql: Sql,
  employeeId: number,
  quarter: string,
  answer: Motivation,
  at: Date,
): Promise<void> {
  await sql.query(
    `INSERT INTO motivation_answers (employee_id, quarter, answer, answered_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (employee_id, quarter) DO UPDATE SET answer = EXCLUDED.answer, answered_at = EXCLUDED.answered_at`,
    [employeeId, quarter, answer, at],
  );
}

/** The development course mapped to each metric (development_courses), for those that have one. */
export async function loadDevelopmentCourses(sql: Sql): Promise<Map<MetricKey, CourseRow>> {
  const res = await sql.query(
    `SELECT d.metric::text AS metric, c.external_id AS "externalId", c.title_zh AS "titleZh", c.title_en AS "titleEn", c.url
     FROM development_courses d JOIN training_courses c ON c.id = d.course_id`,
  );
  return new Map(res.rows.map((r) => [z.enum(METRICS).parse(r.metric), courseRow.parse(r)]));
}

/** The active salespeople (the survey goes to each). */
export async function activeSalesIds(sql: Sql): Promise<number[]> {
  const res = await sql.query<{ id: number }>(
    `SELECT id FROM employees WHERE role = 'sales' AND status = 'active' ORDER BY id`,
  );
  return res.rows.map((r) => r.id);
}

export interface TeamManager {
  teamId: number;
  teamExternalId: string;
  teamName: string;
  managerId: number | null;
}

/** The teams with their current manager. */
export async function teamManagers(sql: Sql, teamIds: readonly number[]): Promise<TeamManager[]> {
  const res = await sql.query(
    `SELECT id AS "teamId", external_id AS "teamExternalId", name AS "teamName", manager_id AS "managerId"
     FROM teams WHERE id = ANY($1::int[]) ORDER BY external_id COLLATE "C"`,
    [teamIds],
  );
  return res.rows.map((r) =>
    z
      .object({
        teamId: z.number(),
        teamExternalId: z.string(),
        teamName: z.string(),
        managerId: z.number().nullable(),
      })
      .parse(r),
  );
}

/** Names of employees by external id (current names). */
export async function employeeNames(sql: Sql, externalIds: readonly string[]): Promise<Map<string, string>> {
  const res = await sql.query<{ external_id: string; name: string }>(
    `SELECT external_id, name FROM employees WHERE external_id = ANY($1::text[])`,
    [externalIds],
  );
  return new Map(res.rows.map((r) => [r.external_id, r.name]));
}

/** The current salespeople of these teams (a manager's choice of whose profile to open), by name. */
export async function teamSalespeople(
  sql: Sql,
  teamIds: readonly number[],
): Promise<{ externalId: string; name: string }[]> {
  const res = await sql.query<{ external_id: string; name: string }>(
    `SELECT external_id, name FROM employees WHERE team_id = ANY($1::int[]) AND role = 'sales' AND status <> 'left'
     ORDER BY name, external_id COLLATE "C"`,
    [teamIds],
  );
  return res.rows.map((r) => ({ externalId: r.external_id, name: r.name }));
}
