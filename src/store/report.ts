// The reads behind the month-end report (services/report.ts): the latest close of a period, the
// names of the people and teams in it, the period's targets and team-goal tiers (the close stores
// points, not targets), and the courses mapped to metrics — each validated at this boundary.
import { z } from "zod";
import type { Sql } from "../db/client.ts";
import type { CloseJson } from "../kpi/evaluate.ts";
import { Decimal } from "../kpi/decimal.ts";
import { isMetricKey, type MetricKey } from "../kpi/metrics.ts";
import type { BonusTier } from "../kpi/scoring.ts";

export interface StoredClose {
  version: number;
  closedAt: Date;
  result: CloseJson;
}

const closeRow = z.object({
  version: z.number(),
  closed_at: z.date(),
  result: z.custom<CloseJson>(
    (v) => typeof v === "object" && v !== null && "employees" in v && "teams" in v,
    "not a month-close document",
  ),
});

/** The latest version of `period`'s close, or null when the period is not closed. */
export async function loadLatestClose(sql: Sql, period: string): Promise<StoredClose | null> {
  const res = await sql.query(
    `SELECT version, closed_at, result FROM month_closes WHERE period = $1 ORDER BY version DESC LIMIT 1`,
    [period],
  );
  if (!res.rows[0]) return null;
  const row = closeRow.parse(res.rows[0]);
  return { version: row.version, closedAt: row.closed_at, result: row.result };
}

const nameRow = z.object({ external_id: z.string(), name: z.string() });

/** external id → name of these employees. */
export async function loadEmployeeNames(sql: Sql, externalIds: string[]): Promise<Record<string, string>> {
  const res = await sql.query(`SELECT external_id, name FROM employees WHERE external_id = ANY($1::text[])`, [
    externalIds,
  ]);
  return Object.fromEntries(res.rows.map((r) => nameRow.parse(r)).map((r) => [r.external_id, r.name]));
}

/** external id → name of these teams. */
export async function loadTeamNames(sql: Sql, externalIds: string[]): Promise<Map<string, string>> {
  const res = await sql.query(`SELECT external_id, name FROM teams WHERE external_id = ANY($1::text[])`, [externalIds]);
  return new Map(res.rows.map((r) => nameRow.parse(r)).map((r) => [r.external_id, r.name]));
}

/** Whether a team with this external id exists. */
export async function teamExternalIdExists(sql: Sql, externalId: string): Promise<boolean> {
  const res = await sql.query(`SELECT 1 FROM teams WHERE external_id = $1`, [externalId]);
  return res.rows.length > 0;
}

const targetRow = z.object({ external_id: z.string(), metric: z.string().refine(isMetricKey), value: z.string() });

/** The period's targets of these employees: external id → metric → exact decimal string. */
export async function loadTargetsByExternalId(
  sql: Sql,
  period: string,
  externalIds: string[],
): Promise<Map<string, Partial<Record<MetricKey, string>>>> {
  const res = await sql.query(
    `SELECT e.external_id, t.metric::text AS metric, t.value::text AS value
     FROM targets t JOIN employees e ON e.id = t.employee_id
     WHERE t.period = $1 AND e.external_id = ANY($2::text[])`,
    [period, externalIds],
  );
  const out = new Map<string, Partial<Record<MetricKey, string>>>();
  for (const raw of res.rows) {
    const r = targetRow.parse(raw);
    const of = out.get(r.external_id) ?? {};
    of[r.metric as MetricKey] = r.value;
    out.set(r.external_id, of);
  }
  return out;
}

const tiersJson = z.array(
  z.object({ minCompletion: z.union([z.string(), z.number()]), points: z.union([z.string(), z.number()]) }),
);
const goalRow = z.object({ team_ext: z.string(), metric: z.string().refine(isMetricKey), bonus_tiers: z.unknown() });

/** The bonus tiers of the period's team goals: "<team external id>/<metric>" → tiers. */
export async function loadGoalTiers(sql: Sql, period: string): Promise<Map<string, BonusTier[]>> {
  const res = await sql.query(
    `SELECT t.external_id AS team_ext, g.metric::text AS metric, g.bonus_tiers
     FROM team_goals g JOIN teams t ON t.id = g.team_id WHERE g.period = $1`,
    [period],
  );
  const out = new Map<string, BonusTier[]>();
  for (const raw of res.rows) {
    const r = goalRow.parse(raw);
    out.set(
      `${r.team_ext}/${r.metric}`,
      tiersJson.parse(r.bonus_tiers).map((t) => ({
        minCompletion: new Decimal(String(t.minCompletion)),
        points: new Decimal(String(t.points)),
      })),
    );
  }
  return out;
}

export interface MetricCourse {
  externalId: string;
  titleZh: string;
  titleEn: string;
  url: string | null;
}

const courseRow = z.object({
  metric: z.string().refine(isMetricKey),
  externalId: z.string(),
  titleZh: z.string(),
  titleEn: z.string(),
  url: z.string().nullable(),
});

/** The training course mapped to each metric (metric_courses), for the metrics that have one. */
export async function loadMetricCourses(sql: Sql): Promise<Map<MetricKey, MetricCourse>> {
  const res = await sql.query(
    `SELECT m.metric::text AS metric, c.external_id AS "externalId", c.title_zh AS "titleZh", c.title_en AS "titleEn", c.url
     FROM metric_courses m JOIN training_courses c ON c.id = m.course_id`,
  );
  return new Map(
    res.rows
      .map((r) => courseRow.parse(r))
      .map(({ metric, ...course }) => [metric as MetricKey, course] as [MetricKey, MetricCourse]),
  );
}
