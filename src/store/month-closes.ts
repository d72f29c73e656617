// Month-close snapshots: a versioned, immutable copy of a period's results (the result JSON and one
// entry per scored salesperson). Written in the closing transaction; read back by
// store/explain-sql.ts (loadLatestCloseEntries, loadEmployeeCloseHistory).
import type { Sql } from "../db/client.ts";
import type { CloseJson } from "../kpi/evaluate.ts";

export interface StoredClose {
  id: number;
  version: number;
  resultHash: string;
  result: CloseJson;
  closedAt: Date;
}

/** The latest version of the period's close, or null when it was never closed. */
export async function loadLatestClose(sql: Sql, period: string): Promise<StoredClose | null> {
  const res = await sql.query<StoredClose>(
    `SELECT id, version, result_hash AS "resultHash", result, closed_at AS "closedAt"
     FROM month_closes WHERE period = $1 ORDER BY version DESC LIMIT 1`,
    [period],
  );
  return res.rows[0] ?? null;
}

export interface NewClose {
  period: string;
  version: number;
  timezone: string;
  actor: string;
  reason: string | null;
  resultHash: string;
  result: CloseJson;
}

export async function insertClose(sql: Sql, close: NewClose): Promise<{ id: number; closedAt: Date }> {
  const res = await sql.query<{ id: number; closedAt: Date }>(
    `INSERT INTO month_closes (period, version, timezone, closed_by, reason, result_hash, result)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb) RETURNING id, closed_at AS "closedAt"`,
    [
      close.period,
      close.version,
      close.timezone,
      close.actor,
      close.reason,
      close.resultHash,
      JSON.stringify(close.result),
    ],
  );
  return res.rows[0]!;
}

export interface NewCloseEntry {
  employee_id: number;
  plan_key: string | null;
  metrics: unknown;
  points: unknown;
  base: string;
  team_bonus: string;
  total: string;
  team_rank: number | null;
}

/** One entry per salesperson, in one statement; each takes the person's current team. */
export async function insertCloseEntries(sql: Sql, closeId: number, entries: NewCloseEntry[]): Promise<void> {
  if (!entries.length) return;
  await sql.query(
    `INSERT INTO month_close_entries (close_id, employee_id, team_id, plan_key, metrics, points, base, team_bonus, total, team_rank)
     SELECT $1, x.employee_id, e.team_id, x.plan_key, x.metrics, x.points, x.base, x.team_bonus, x.total, x.team_rank
     FROM jsonb_to_recordset($2::jsonb) AS x(employee_id int, plan_key text, metrics jsonb, points jsonb, base numeric, team_bonus numeric, total numeric, team_rank int)
     JOIN employees e ON e.id = x.employee_id`,
    [closeId, JSON.stringify(entries)],
  );
}
