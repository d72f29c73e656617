// Loads what the KPI engine needs besides the metric aggregates: the organization's time zone,
// who is scored, their plans, targets and team goals — each validated at this boundary.
import { z } from "zod";
import type { Sql } from "../db/client.ts";
import { Decimal } from "../kpi/decimal.ts";
import { isMetricKey, type MetricKey } from "../kpi/metrics.ts";
import type { Gate, ScoringPlan, TeamGoal } from "../kpi/scoring.ts";

export interface OrganizationInfo {
  name: string;
  timezone: string;
  currency: string;
  defaultLocale: "zh-CN" | "en";
  calendarSource: string;
}

export class NoOrganizationError extends Error {
  constructor() {
    super("This database has no organization yet: run `pacer import-scenario <file>` or `pacer demo-data` first");
    this.name = "NoOrganizationError";
  }
}

export async function loadOrganization(sql: Sql): Promise<OrganizationInfo> {
  const res = await sql.query(
    `SELECT name, timezone, currency, default_locale AS "defaultLocale", calendar_source AS "calendarSource" FROM organization WHERE id = 1`,
  );
  if (!res.rows[0]) throw new NoOrganizationError();
  return z
    .object({ name: z.string(), timezone: z.string(), currency: z.string(), defaultLocale: z.enum(["zh-CN", "en"]), calendarSource: z.string() })
    .parse(res.rows[0]);
}

export interface ScoredPerson {
  id: number;
  externalId: string;
  name: string;
  status: "active" | "on_leave" | "left";
  teamId: number | null;
  teamExternalId: string | null;
  planKey: string;
}

const personRow = z.object({
  id: z.number(),
  externalId: z.string(),
  name: z.string(),
  status: z.enum(["active", "on_leave", "left"]),
  teamId: z.number().nullable(),
  teamExternalId: z.string().nullable(),
  planKey: z.string(),
});

/**
 * Salespeople that have a KPI plan — the only people scored (managers, HR and admins are not).
 * `teamIds` narrows to those teams; `periodStart` (a local date) leaves out people who left before
 * it. Listed in externalId order (plain string order).
 */
export async function loadScoredPeople(sql: Sql, filter: { teamIds?: number[]; employeeIds?: number[]; periodStart?: string } = {}): Promise<ScoredPerson[]> {
  const res = await sql.query(
    `SELECT e.id, e.external_id AS "externalId", e.name, e.status::text AS status, e.team_id AS "teamId",
       t.external_id AS "teamExternalId", p.key AS "planKey"
     FROM employees e JOIN kpi_plans p ON p.id = e.plan_id LEFT JOIN teams t ON t.id = e.team_id
     WHERE e.role = 'sales'
       AND ($1::int[] IS NULL OR e.team_id = ANY($1::int[]))
       AND ($2::int[] IS NULL OR e.id = ANY($2::int[]))
       -- Someone who left before the period began is not scored in it (no date: always scored).
       AND ($3::date IS NULL OR e.left_at IS NULL OR e.left_at >= $3::date)
     ORDER BY e.external_id COLLATE "C"`,
    [filter.teamIds ?? null, filter.employeeIds ?? null, filter.periodStart ?? null],
  );
  return res.rows.map((r) => personRow.parse(r));
}

const planRow = z.object({
  key: z.string(),
  name: z.string(),
  cap: z.string(),
  floor: z.string(),
  items: z.array(
    z.object({ metric: z.string().refine(isMetricKey), weight: z.coerce.string(), gate_metric: z.string().nullable(), gate_min: z.coerce.string().nullable() }),
  ),
});

export async function loadPlans(sql: Sql): Promise<Map<string, ScoringPlan>> {
  const res = await sql.query(
    `SELECT p.key, p.name, p.cap::text, p.floor::text,
       COALESCE((SELECT json_agg(json_build_object('metric', i.metric, 'weight', i.weight::text, 'gate_metric', i.gate_metric, 'gate_min', i.gate_min::text) ORDER BY i.position)
                 FROM kpi_plan_items i WHERE i.plan_id = p.id), '[]') AS items
     FROM kpi_plans p`,
  );
  const plans = new Map<string, ScoringPlan>();
  for (const raw of res.rows) {
    const p = planRow.parse(raw);
    plans.set(p.key, {
      key: p.key,
      name: p.name,
      cap: new Decimal(p.cap),
      floor: new Decimal(p.floor),
      items: p.items.map((i) => ({
        metric: i.metric as MetricKey,
        weight: new Decimal(i.weight),
        gate: i.gate_metric && i.gate_min !== null ? ({ metric: i.gate_metric, min: new Decimal(i.gate_min) } as Gate) : undefined,
      })),
    });
  }
  return plans;
}

/** Targets of `period` per employee id. */
export async function loadTargets(sql: Sql, period: string, employeeIds: number[]): Promise<Map<number, Partial<Record<MetricKey, string>>>> {
  const res = await sql.query<{ employee_id: number; metric: MetricKey; value: string }>(
    `SELECT employee_id, metric::text, value::text FROM targets WHERE period = $1 AND employee_id = ANY($2::int[])`,
    [period, employeeIds],
  );
  const out = new Map<number, Partial<Record<MetricKey, string>>>();
  for (const r of res.rows) {
    const m = out.get(r.employee_id) ?? {};
    m[r.metric] = r.value;
    out.set(r.employee_id, m);
  }
  return out;
}

export interface StoredTeamGoal extends TeamGoal {
  teamId: number;
  teamExternalId: string;
}

const tiersSchema = z.array(z.object({ minCompletion: z.number(), points: z.number() }));

/** Team goals of `period`, ordered by team externalId then metric. */
export async function loadTeamGoals(sql: Sql, period: string, teamIds?: number[]): Promise<StoredTeamGoal[]> {
  const res = await sql.query<{ team_id: number; team_ext: string; metric: MetricKey; value: string; bonus_tiers: unknown }>(
    `SELECT g.team_id, t.external_id AS team_ext, g.metric::text, g.value::text, g.bonus_tiers
     FROM team_goals g JOIN teams t ON t.id = g.team_id
     WHERE g.period = $1 AND ($2::int[] IS NULL OR g.team_id = ANY($2::int[]))
     ORDER BY t.external_id COLLATE "C", g.metric::text COLLATE "C"`,
    [period, teamIds ?? null],
  );
  return res.rows.map((r) => ({
    teamId: r.team_id,
    teamExternalId: r.team_ext,
    metric: r.metric,
    target: new Decimal(r.value),
    tiers: tiersSchema.parse(r.bonus_tiers).map((t) => ({ minCompletion: new Decimal(String(t.minCompletion)), points: new Decimal(String(t.points)) })),
  }));
}

/** Time of the newest ingested business row (the "data freshness" shown on cards). */
export async function loadDataFreshness(sql: Sql): Promise<Date | null> {
  const res = await sql.query<{ at: Date | null }>(
    `SELECT GREATEST((SELECT max(updated_at) FROM orders), (SELECT max(updated_at) FROM payments),
                     (SELECT max(updated_at) FROM leads), (SELECT max(updated_at) FROM ratings)) AS at`,
  );
  return res.rows[0]?.at ?? null;
}
