// Targets set in chat (src/services/targets.ts): who is on a team's targets card, the targets
// stored for a month with where their latest write came from, and the write itself — the latest
// write wins, whichever path (chat here, ingest in ./ingest-upsert.ts) it came by.
import { z } from "zod";
import type { Sql } from "../db/client.ts";
import { METRICS, type MetricKey } from "../kpi/metrics.ts";

const memberRow = z.object({
  id: z.number().int(),
  externalId: z.string(),
  name: z.string(),
  teamId: z.number().int(),
  metrics: z.array(z.enum(METRICS)),
});
export type TargetMember = z.infer<typeof memberRow>;

/** The current members of a team who are on a plan (managers without one are not), with their plan's metrics in order. */
export async function targetMembers(sql: Sql, teamId: number): Promise<TargetMember[]> {
  const res = await sql.query(
    `SELECT e.id, e.external_id AS "externalId", e.name, e.team_id AS "teamId",
            array(SELECT i.metric::text FROM kpi_plan_items i WHERE i.plan_id = e.plan_id ORDER BY i.position) AS metrics
       FROM employees e
      WHERE e.team_id = $1 AND e.status <> 'left' AND e.plan_id IS NOT NULL
      ORDER BY e.external_id COLLATE "C"`,
    [teamId],
  );
  return res.rows.map((r) => memberRow.parse(r));
}

const storedRow = z.object({
  employeeId: z.number().int(),
  metric: z.enum(METRICS),
  value: z.string(),
  source: z.enum(["ingest", "chat"]),
  setBy: z.string().nullable(),
  at: z.date(),
});
export type StoredTarget = z.infer<typeof storedRow>;

/** The targets of these people for `period`, with who set each (chat) and when it was last written. */
export async function storedTargets(sql: Sql, employeeIds: readonly number[], period: string): Promise<StoredTarget[]> {
  if (employeeIds.length === 0) return [];
  const res = await sql.query(
    `SELECT t.employee_id AS "employeeId", t.metric::text AS metric, t.value::text AS value, t.source::text AS source,
            s.name AS "setBy", t.updated_at AS at
       FROM targets t LEFT JOIN employees s ON s.id = t.set_by_id
      WHERE t.employee_id = ANY($1::int[]) AND t.period = $2`,
    [employeeIds, period],
  );
  return res.rows.map((r) => storedRow.parse(r));
}

export interface TargetWrite {
  employeeId: number;
  metric: MetricKey;
  /** An exact decimal string, already validated for the metric. */
  value: string;
}

/**
 * Writes targets set in chat by `setById`; returns those whose value changed, with the value
 * before (null: none). A value equal to the stored one is left as it is (its provenance too). The
 * time is the database's, as for ingest writes: one clock decides which write was the latest.
 */
export async function writeChatTargets(
  sql: Sql,
  period: string,
  rows: readonly TargetWrite[],
  setById: number,
): Promise<(TargetWrite & { before: string | null })[]> {
  if (rows.length === 0) return [];
  const res = await sql.query<{ employee_id: number; metric: MetricKey; value: string; before: string | null }>(
    `WITH u AS (
       SELECT * FROM unnest($1::int[], $2::text[], $3::numeric[]) AS x(employee_id, metric, value)
     ), old AS (
       SELECT t.employee_id, t.metric::text AS metric, t.value FROM targets t JOIN u
         ON u.employee_id = t.employee_id AND u.metric = t.metric::text AND t.period = $4
     ), written AS (
       INSERT INTO targets AS t (employee_id, period, metric, value, source, set_by_id, updated_at)
       SELECT u.employee_id, $4, u.metric::"Metric", u.value, 'chat', $5, now() FROM u
        ORDER BY u.employee_id, u.metric COLLATE "C"
       ON CONFLICT (employee_id, period, metric) DO UPDATE
         SET value = EXCLUDED.value, source = 'chat', set_by_id = EXCLUDED.set_by_id, updated_at = EXCLUDED.updated_at
         WHERE t.value IS DISTINCT FROM EXCLUDED.value
       RETURNING t.employee_id, t.metric::text AS metric, t.value::text AS value
     )
     SELECT w.employee_id, w.metric, w.value, o.value::text AS before
       FROM written w LEFT JOIN old o ON o.employee_id = w.employee_id AND o.metric = w.metric`,
    [rows.map((r) => r.employeeId), rows.map((r) => r.metric), rows.map((r) => r.value), period, setById],
  );
  return res.rows.map((r) => ({ employeeId: r.employee_id, metric: r.metric, value: r.value, before: r.before }));
}

/** Active managers and the teams they manage (the month-end targets card's recipients). */
export async function targetCardRecipients(sql: Sql): Promise<{ managerId: number; teamId: number }[]> {
  const res = await sql.query<{ manager_id: number; team_id: number }>(
    `SELECT t.manager_id, t.id AS team_id FROM teams t JOIN employees m ON m.id = t.manager_id
      WHERE m.status = 'active' AND EXISTS (SELECT 1 FROM employees e WHERE e.team_id = t.id AND e.plan_id IS NOT NULL AND e.status <> 'left')
      ORDER BY t.id`,
  );
  return res.rows.map((r) => ({ managerId: r.manager_id, teamId: r.team_id }));
}
