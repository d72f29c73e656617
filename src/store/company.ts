// The company-wide reads behind HR's and admins' chat answers (every team, a team by name) and the
// audit row each of their views of someone else's numbers leaves behind.
import type { Sql } from "../db/client.ts";

export interface TeamRow {
  id: number;
  externalId: string;
  name: string;
  managerName: string | null;
  /** Active salespeople with a KPI plan: the people a leaderboard ranks. */
  members: number;
}

/** Every team, by external id (binary order, so the list is the same in every locale). */
export async function listTeams(sql: Sql): Promise<TeamRow[]> {
  const res = await sql.query<TeamRow>(
    `SELECT t.id, t.external_id AS "externalId", t.name, m.name AS "managerName",
            (SELECT count(*)::int FROM employees e
              WHERE e.team_id = t.id AND e.status = 'active' AND e.role = 'sales' AND e.plan_id IS NOT NULL) AS members
       FROM teams t LEFT JOIN employees m ON m.id = t.manager_id
      ORDER BY t.external_id COLLATE "C"`,
  );
  return res.rows;
}

/** Teams whose external id or name is `query` (case-insensitive), at most 20. */
export async function teamsMatching(sql: Sql, query: string): Promise<{ id: number; externalId: string }[]> {
  const res = await sql.query<{ id: number; externalId: string }>(
    `SELECT id, external_id AS "externalId" FROM teams
      WHERE lower(external_id) = lower($1) OR lower(name) = lower($1)
      ORDER BY external_id COLLATE "C" LIMIT 20`,
    [query],
  );
  return res.rows;
}

export interface ViewAudit {
  at: Date;
  /** "E-H1 (林芳)". */
  actor: string;
  /** "view.company", "view.leaderboard", "view.progress". */
  action: string;
  entity: "organization" | "team" | "employee";
  entityId: string;
  details: Record<string, unknown>;
}

/** One audit row per view: who looked at what, when (read-only answers change nothing else). */
export async function insertViewAudit(sql: Sql, row: ViewAudit): Promise<void> {
  await sql.query(
    `INSERT INTO audit_log (at, actor, action, entity, entity_id, details) VALUES ($1, $2, $3, $4, $5, $6::jsonb)`,
    [row.at, row.actor, row.action, row.entity, row.entityId, JSON.stringify(row.details)],
  );
}
