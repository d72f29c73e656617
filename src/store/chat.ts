// The chat core's reads and writes (src/chat/answers/*): the few queries behind its answers that no
// service owns — a person by id or name, a team by external id, open openings, preferences.
import type { Sql } from "../db/client.ts";
import { invalidateConfig } from "../db/config-cache.ts";
import { loadPlanMetrics } from "./explain-sql.ts";

export interface PersonRow {
  id: number;
  externalId: string;
  name: string;
  teamId: number | null;
}

type RawPerson = { id: number; external_id: string; name: string; team_id: number | null };
const person = (r: RawPerson): PersonRow => ({ id: r.id, externalId: r.external_id, name: r.name, teamId: r.team_id });

export async function setEmployeeLocale(sql: Sql, employeeId: number, locale: string): Promise<void> {
  await sql.query(`UPDATE employees SET locale = $1, updated_at = now() WHERE id = $2`, [locale, employeeId]);
  // The viewer (with its locale) is kept in the config cache: read this write at once.
  invalidateConfig(sql);
}

export async function setDailyMuted(sql: Sql, employeeId: number, muted: boolean): Promise<void> {
  await sql.query(`UPDATE employees SET daily_muted = $1 WHERE id = $2`, [muted, employeeId]);
  invalidateConfig(sql);
}

export async function personByExternalId(sql: Sql, externalId: string): Promise<PersonRow | null> {
  const res = await sql.query<RawPerson>(
    `SELECT id, external_id, name, team_id FROM employees WHERE external_id = $1`,
    [externalId],
  );
  return res.rows[0] ? person(res.rows[0]) : null;
}

/** The employees a chat user id is linked to (any platform): "@U123" in a question. */
export async function peopleLinkedTo(sql: Sql, chatUserId: string): Promise<PersonRow[]> {
  const res = await sql.query<RawPerson>(
    `SELECT e.id, e.external_id, e.name, e.team_id FROM chat_identities c JOIN employees e ON e.id = c.employee_id WHERE c.user_id = $1`,
    [chatUserId],
  );
  return res.rows.map(person);
}

/** Current employees whose name or external id is `query` (case-insensitive), at most 20. */
export async function peopleNamed(sql: Sql, query: string): Promise<PersonRow[]> {
  const res = await sql.query<RawPerson>(
    `SELECT id, external_id, name, team_id FROM employees WHERE status <> 'left' AND (lower(name) = lower($1) OR lower(external_id) = lower($1)) LIMIT 20`,
    [query],
  );
  return res.rows.map(person);
}

/** The metrics of an employee's plan, in the plan's order (cached: store/explain-sql.ts). */
export const planMetricsOf = loadPlanMetrics;

export async function teamExternalIds(sql: Sql, teamIds: readonly number[]): Promise<string[]> {
  const res = await sql.query<{ external_id: string }>(`SELECT external_id FROM teams WHERE id = ANY($1::int[])`, [
    teamIds,
  ]);
  return res.rows.map((r) => r.external_id);
}

/** Open openings' external ids: all of them (owner null), or those one person owns or manages the team of. */
export async function openOpenings(sql: Sql, ownerId: number | null): Promise<string[]> {
  const res = await sql.query<{ external_id: string }>(
    `SELECT j.external_id FROM job_openings j LEFT JOIN teams t ON t.id = j.team_id
     WHERE j.status = 'open' AND ($1::int IS NULL OR COALESCE(j.owner_id, t.manager_id) = $1)
     ORDER BY j.external_id COLLATE "C"`,
    [ownerId],
  );
  return res.rows.map((r) => r.external_id);
}

/** A candidate's latest application among `openings`, by name or external id. */
export async function latestApplication(
  sql: Sql,
  query: string,
  openings: readonly string[],
): Promise<{ candidate: string; opening: string } | null> {
  const res = await sql.query<{ candidate: string; opening: string }>(
    `SELECT c.external_id AS candidate, j.external_id AS opening FROM candidates c
     JOIN applications a ON a.candidate_id = c.id JOIN job_openings j ON j.id = a.opening_id
     WHERE (lower(c.name) = lower($1) OR lower(c.external_id) = lower($1)) AND j.external_id = ANY($2::text[])
     ORDER BY a.applied_at DESC LIMIT 1`,
    [query, openings],
  );
  return res.rows[0] ?? null;
}

export interface Persona {
  id: number;
  externalId: string;
  name: string;
  role: string;
  team: string | null;
}

/** Demo people worth talking as in the console: salespeople of the first team, their manager, HR, an admin. */
export async function consolePersonas(sql: Sql): Promise<Persona[]> {
  const res = await sql.query<Persona>(
    `WITH first_team AS (
       SELECT t.id FROM teams t WHERE EXISTS (SELECT 1 FROM employees e WHERE e.team_id = t.id AND e.role = 'sales' AND e.plan_id IS NOT NULL)
       ORDER BY t.external_id COLLATE "C" LIMIT 1)
     (SELECT e.id, e.external_id AS "externalId", e.name, e.role::text AS role, t.name AS team
        FROM employees e LEFT JOIN teams t ON t.id = e.team_id
       WHERE e.status = 'active' AND e.role = 'sales' AND e.plan_id IS NOT NULL AND e.team_id = (SELECT id FROM first_team)
       ORDER BY e.external_id COLLATE "C" LIMIT 3)
     UNION ALL
     (SELECT e.id, e.external_id, e.name, e.role::text, t.name FROM teams t JOIN employees e ON e.id = t.manager_id WHERE t.id = (SELECT id FROM first_team))
     UNION ALL
     (SELECT e.id, e.external_id, e.name, e.role::text, NULL FROM employees e WHERE e.role IN ('hr', 'admin') AND e.status = 'active' ORDER BY e.role, e.external_id COLLATE "C" LIMIT 2)`,
  );
  return res.rows;
}

export async function personaByExternalId(sql: Sql, externalId: string): Promise<Persona | null> {
  const res = await sql.query<Persona>(
    `SELECT e.id, e.external_id AS "externalId", e.name, e.role::text AS role, t.name AS team FROM employees e LEFT JOIN teams t ON t.id = e.team_id WHERE e.external_id = $1`,
    [externalId],
  );
  return res.rows[0] ?? null;
}
