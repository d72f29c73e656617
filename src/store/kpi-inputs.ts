// Loads what the KPI engine needs besides the metric aggregates: the organization's time zone,
// who is scored, their plans, targets and team goals — each validated at this boundary.
import { PacerError } from "../errors.ts";
import { z } from "zod";
import type { Sql } from "../db/client.ts";
import { Decimal } from "../kpi/decimal.ts";
import { isMetricKey, type MetricKey } from "../kpi/metrics.ts";
import type { Gate, ScoringPlan, TeamGoal } from "../kpi/scoring.ts";
import type { WorkingCalendar } from "../calendar/calendar.ts";
import { configCacheOf } from "../db/config-cache.ts";
import { CALENDAR_DAYS, calendarFromRows, loadWorkingCalendar, type CalendarDayRow } from "./calendar.ts";

export interface OrganizationInfo {
  name: string;
  timezone: string;
  currency: string;
  defaultLocale: "zh-CN" | "en";
  calendarSource: string;
}

export class NoOrganizationError extends PacerError {
  static override readonly code = "organization.missing";
  static override readonly userMessage = {
    "zh-CN": "数据库里还没有组织数据，请先导入场景或演示数据。",
    en: "This database has no organization yet: import a scenario or the demo data first.",
  };
  static override readonly httpStatus = 409;
  constructor() {
    super("This database has no organization yet: run `pacer import-scenario <file>` or `pacer demo-data` first");
    this.name = "NoOrganizationError";
  }
}

/** The organization's row: kept in process by a pool with a config cache (src/db/config-cache.ts). */
export function loadOrganization(sql: Sql): Promise<OrganizationInfo> {
  const cache = configCacheOf(sql);
  return cache ? cache.get("organization", () => readOrganization(sql)) : readOrganization(sql);
}

async function readOrganization(sql: Sql): Promise<OrganizationInfo> {
  const res = await sql.query({
    name: "pacer_organization",
    text: `SELECT name, timezone, currency, default_locale AS "defaultLocale", calendar_source AS "calendarSource" FROM organization WHERE id = 1`,
  });
  if (!res.rows[0]) throw new NoOrganizationError();
  return z
    .object({
      name: z.string(),
      timezone: z.string(),
      currency: z.string(),
      defaultLocale: z.enum(["zh-CN", "en"]),
      calendarSource: z.string(),
    })
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
export async function loadScoredPeople(
  sql: Sql,
  filter: { teamIds?: number[]; employeeIds?: number[]; periodStart?: string } = {},
): Promise<ScoredPerson[]> {
  const res = await sql.query(`${SCORED_PEOPLE} ORDER BY e.external_id COLLATE "C"`, [
    filter.teamIds ?? null,
    filter.employeeIds ?? null,
    filter.periodStart ?? null,
  ]);
  return res.rows.map((r) => personRow.parse(r));
}

// $1 team ids, $2 employee ids, $3 the period's first local day (each may be null: no filter).
const SCORED_PEOPLE = `SELECT e.id, e.external_id AS "externalId", e.name, e.status::text AS status, e.team_id AS "teamId",
    t.external_id AS "teamExternalId", p.key AS "planKey"
  FROM employees e JOIN kpi_plans p ON p.id = e.plan_id LEFT JOIN teams t ON t.id = e.team_id
  WHERE e.role = 'sales'
    AND ($1::int[] IS NULL OR e.team_id = ANY($1::int[]))
    AND ($2::int[] IS NULL OR e.id = ANY($2::int[]))
    -- Someone who left before the period began is not scored in it (no date: always scored).
    AND ($3::date IS NULL OR e.left_at IS NULL OR e.left_at >= $3::date)`;

/** The latest write of a person's targets for a period: set in chat by someone, or by the feed. */
export interface TargetSource {
  by: string | null;
  at: Date;
  via: "ingest" | "chat";
}

/** What a period's answer reads about the people asked about, besides plans and metrics. */
export interface ScopedInputs {
  people: ScoredPerson[];
  targets: Map<number, Partial<Record<MetricKey, string>>>;
  /** Per person with targets: the latest write (the card's "target set by" line). */
  targetSources: Map<number, TargetSource>;
  /** The goals of the teams asked about (`teamIds`), of the teams of the people asked about (`employeeIds`), or every goal of the period. */
  goals: StoredTeamGoal[];
}

export interface PeriodInputs extends ScopedInputs {
  plans: Map<string, ScoringPlan>;
  /** With `calendarSource`: the working calendar. */
  calendar?: WorkingCalendar;
}

export interface PeriodInputsQuery {
  period: string;
  periodStart: string;
  teamIds?: number[];
  employeeIds?: number[];
  calendarSource?: string;
}

/**
 * Who is scored in `period` (as loadScoredPeople), all plans, their targets and the team goals.
 * Without a config cache: one round trip (on the chat path every statement cost a socket write and a
 * wake-up of the server, which added up to more than the work). With one (src/db/config-cache.ts,
 * the bot and the worker): plans and calendar come from it, and so do a team's people, targets and
 * goals, kept per period and team and emptied by the same notifications (migration
 * answer_inputs_notify); a warm team answer reads nothing here. The statement is prepared once per
 * connection (its text never varies).
 */
export async function loadPeriodInputs(sql: Sql, input: PeriodInputsQuery): Promise<PeriodInputs> {
  const cache = configCacheOf(sql);
  const calendarSource = input.calendarSource;
  if (!cache) {
    const read = await readScopedInputs(sql, input, { plans: true, calendar: calendarSource !== undefined });
    return {
      ...read.scoped,
      plans: parsePlans(read.plans ?? []),
      ...(calendarSource !== undefined ? { calendar: calendarFromRows(calendarSource, read.calendar ?? []) } : {}),
    };
  }
  const teamIds = input.teamIds;
  const [scoped, plans, calendar] = await Promise.all([
    teamIds && !input.employeeIds
      ? Promise.all(
          teamIds.map((teamId) =>
            cache.get(`inputs:${input.period}:${input.periodStart}:${teamId}`, () =>
              readScopedInputs(sql, { period: input.period, periodStart: input.periodStart, teamIds: [teamId] }).then(
                (r) => Object.freeze(r.scoped),
              ),
            ),
          ),
        ).then(mergeScoped)
      : readScopedInputs(sql, input).then((r) => r.scoped),
    cache.get("plans", () => loadPlans(sql)),
    calendarSource !== undefined
      ? cache.get(`calendar:${calendarSource}`, () => loadWorkingCalendar(sql, calendarSource))
      : undefined,
  ]);
  return { ...scoped, plans, ...(calendar ? { calendar } : {}) };
}

/** Several teams' inputs as one answer reads them: people by externalId, goals by team and metric. */
function mergeScoped(parts: ScopedInputs[]): ScopedInputs {
  if (parts.length === 1) return parts[0]!;
  // Byte order of the UTF-8 text, as the statement's COLLATE "C".
  const c = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));
  return {
    people: parts.flatMap((p) => p.people).sort((a, b) => c(a.externalId, b.externalId)),
    targets: new Map(parts.flatMap((p) => [...p.targets])),
    targetSources: new Map(parts.flatMap((p) => [...p.targetSources])),
    goals: parts.flatMap((p) => p.goals).sort((a, b) => c(a.teamExternalId, b.teamExternalId) || c(a.metric, b.metric)),
  };
}

const targetRow = z.object({
  employee_id: z.number(),
  metric: z.string().refine(isMetricKey),
  value: z.string(),
  source: z.enum(["ingest", "chat"]),
  set_by: z.string().nullable(),
  at: z.coerce.date(),
});

async function readScopedInputs(
  sql: Sql,
  input: PeriodInputsQuery,
  also: { plans?: boolean; calendar?: boolean } = {},
): Promise<{ scoped: ScopedInputs; plans: unknown[] | null; calendar: CalendarDayRow[] | null }> {
  const res = await sql.query({
    name: "pacer_period_inputs",
    text: periodInputsText(),
    values: [
      input.teamIds ?? null,
      input.employeeIds ?? null,
      input.periodStart,
      input.period,
      (also.calendar ?? false) && input.calendarSource !== undefined,
      also.plans ?? false,
    ],
  });
  const row = res.rows[0] as {
    people: unknown[];
    plans: unknown[] | null;
    targets: unknown[];
    goals: GoalRow[];
    calendar: CalendarDayRow[] | null;
  };
  const targets = row.targets.map((r) => targetRow.parse(r));
  return {
    scoped: {
      people: row.people.map((r) => personRow.parse(r)),
      targets: groupTargets(targets),
      targetSources: latestWrites(targets),
      goals: parseGoals(row.goals),
    },
    plans: row.plans,
    calendar: row.calendar,
  };
}

// $1 team ids, $2 employee ids, $3 the period's first local day, $4 the period; $5 calendar days and
// $6 plans wanted or not.
// Built on first use: it embeds fragments defined further down this module.
let periodInputs: string | undefined;
const periodInputsText = () =>
  (periodInputs ??= `WITH people AS MATERIALIZED (${SCORED_PEOPLE})
     SELECT
       (SELECT COALESCE(json_agg(x ORDER BY x."externalId" COLLATE "C"), '[]') FROM people x) AS people,
       CASE WHEN $6 THEN (SELECT COALESCE(json_agg(x), '[]') FROM (SELECT ${PLAN_COLUMNS} FROM kpi_plans p) x) END AS plans,
       (SELECT COALESCE(json_agg(x), '[]') FROM (
          SELECT t.employee_id, t.metric::text AS metric, t.value::text AS value, t.source::text AS source,
            (SELECT s.name FROM employees s WHERE s.id = t.set_by_id) AS set_by, t.updated_at AS at
          FROM targets t WHERE t.period = $4 AND t.employee_id IN (SELECT id FROM people)) x) AS targets,
       (SELECT COALESCE(json_agg(x ORDER BY x.team_ext COLLATE "C", x.metric COLLATE "C"), '[]') FROM (
          SELECT g.team_id, t.external_id AS team_ext, g.metric::text AS metric, g.value::text AS value, g.bonus_tiers
          FROM team_goals g JOIN teams t ON t.id = g.team_id
          WHERE g.period = $4 AND ($1::int[] IS NULL OR g.team_id = ANY($1::int[]))
            -- asked about some people: only their teams' goals (the answer stays flat in company size)
            AND ($2::int[] IS NULL OR g.team_id IN (SELECT "teamId" FROM people))) x) AS goals,
       CASE WHEN $5 THEN (SELECT COALESCE(json_agg(x), '[]') FROM (${CALENDAR_DAYS}) x) END AS calendar`);

const planRow = z.object({
  key: z.string(),
  name: z.string(),
  cap: z.string(),
  floor: z.string(),
  items: z.array(
    z.object({
      metric: z.string().refine(isMetricKey),
      weight: z.coerce.string(),
      gate_metric: z.string().nullable(),
      gate_min: z.coerce.string().nullable(),
    }),
  ),
});

export async function loadPlans(sql: Sql): Promise<Map<string, ScoringPlan>> {
  const res = await sql.query(`SELECT ${PLAN_COLUMNS} FROM kpi_plans p`);
  return parsePlans(res.rows);
}

const PLAN_COLUMNS = `p.key, p.name, p.cap::text AS cap, p.floor::text AS floor,
  COALESCE((SELECT json_agg(json_build_object('metric', i.metric, 'weight', i.weight::text, 'gate_metric', i.gate_metric, 'gate_min', i.gate_min::text) ORDER BY i.position)
            FROM kpi_plan_items i WHERE i.plan_id = p.id), '[]') AS items`;

function parsePlans(rows: unknown[]): Map<string, ScoringPlan> {
  const plans = new Map<string, ScoringPlan>();
  for (const raw of rows) {
    const p = planRow.parse(raw);
    plans.set(p.key, {
      key: p.key,
      name: p.name,
      cap: new Decimal(p.cap),
      floor: new Decimal(p.floor),
      items: p.items.map((i) => ({
        metric: i.metric as MetricKey,
        weight: new Decimal(i.weight),
        gate:
          i.gate_metric && i.gate_min !== null
            ? ({ metric: i.gate_metric, min: new Decimal(i.gate_min) } as Gate)
            : undefined,
      })),
    });
  }
  return plans;
}

type TargetRow = z.output<typeof targetRow>;

function groupTargets(rows: TargetRow[]): Map<number, Partial<Record<MetricKey, string>>> {
  const out = new Map<number, Partial<Record<MetricKey, string>>>();
  for (const r of rows) {
    const m = out.get(r.employee_id) ?? {};
    m[r.metric as MetricKey] = r.value;
    out.set(r.employee_id, m);
  }
  return out;
}

/** Per person, the latest target write of the period (ties: any of them; they share the write). */
function latestWrites(rows: TargetRow[]): Map<number, TargetSource> {
  const out = new Map<number, TargetSource>();
  for (const r of rows) {
    const seen = out.get(r.employee_id);
    if (!seen || r.at > seen.at) out.set(r.employee_id, { by: r.set_by, at: r.at, via: r.source });
  }
  return out;
}

export interface StoredTeamGoal extends TeamGoal {
  teamId: number;
  teamExternalId: string;
}

const tiersSchema = z.array(z.object({ minCompletion: z.number(), points: z.number() }));

type GoalRow = { team_id: number; team_ext: string; metric: MetricKey; value: string; bonus_tiers: unknown };

function parseGoals(rows: GoalRow[]): StoredTeamGoal[] {
  return rows.map((r) => ({
    teamId: r.team_id,
    teamExternalId: r.team_ext,
    metric: r.metric,
    target: new Decimal(r.value),
    tiers: tiersSchema
      .parse(r.bonus_tiers)
      .map((t) => ({ minCompletion: new Decimal(String(t.minCompletion)), points: new Decimal(String(t.points)) })),
  }));
}
