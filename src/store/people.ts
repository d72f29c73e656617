// Employees and teams looked up by key, for the services and commands that start from one.
import { z } from "zod";
import type { Sql } from "../db/client.ts";
import { configCacheOf } from "../db/config-cache.ts";

export const employeeByKeyRow = z.object({
  id: z.number().int(),
  name: z.string(),
  status: z.string(),
  teamId: z.number().int().nullable(),
  /** The manager of the employee's team (null without a team or manager). */
  managerId: z.number().int().nullable(),
});
export type EmployeeByKey = z.infer<typeof employeeByKeyRow>;

/** The employee with this external id, whatever their status; null when there is none. */
export async function findEmployeeByExternalId(sql: Sql, externalId: string): Promise<EmployeeByKey | null> {
  const res = await sql.query(
    `SELECT e.id, e.name, e.status::text AS status, e.team_id AS "teamId", t.manager_id AS "managerId"
     FROM employees e LEFT JOIN teams t ON t.id = e.team_id WHERE e.external_id = $1`,
    [externalId],
  );
  return res.rows[0] ? employeeByKeyRow.parse(res.rows[0]) : null;
}

export const teamRow = z.object({
  id: z.number().int(),
  externalId: z.string(),
  name: z.string(),
  managerId: z.number().int().nullable(),
});
export type TeamRow = z.infer<typeof teamRow>;

/** A team by id: kept in the config cache (teams notify it), as every leaderboard reads it. */
export function loadTeam(sql: Sql, teamId: number): Promise<TeamRow | null> {
  const cache = configCacheOf(sql);
  const read = () => readTeam(sql, teamId);
  return cache ? cache.get(`team:${teamId}`, read) : read();
}

async function readTeam(sql: Sql, teamId: number): Promise<TeamRow | null> {
  const res = await sql.query(
    `SELECT id, external_id AS "externalId", name, manager_id AS "managerId" FROM teams WHERE id = $1`,
    [teamId],
  );
  return res.rows[0] ? Object.freeze(teamRow.parse(res.rows[0])) : null;
}

/** The first active salesperson on a plan and in a team, by external id (the demo's sample rep). */
export async function firstScoredSalesperson(sql: Sql): Promise<string | null> {
  const res = await sql.query<{ external_id: string }>(
    `SELECT e.external_id FROM employees e JOIN kpi_plans p ON p.id = e.plan_id
     WHERE e.role = 'sales' AND e.status = 'active' AND e.team_id IS NOT NULL ORDER BY e.external_id COLLATE "C" LIMIT 1`,
  );
  return res.rows[0]?.external_id ?? null;
}
