// Employee ids by externalId (the services speak externalIds; deliveries address ids).
import type pg from "pg";

export async function employeeIds(pool: pg.Pool, externalIds: string[]): Promise<Map<string, number>> {
  if (!externalIds.length) return new Map();
  const res = await pool.query<{ id: number; external_id: string }>(
    `SELECT id, external_id FROM employees WHERE external_id = ANY($1::text[]) AND status = 'active'`,
    [[...new Set(externalIds)]],
  );
  return new Map(res.rows.map((r) => [r.external_id, r.id]));
}
