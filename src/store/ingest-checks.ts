// The reads the ingest checks make before a batch is written (src/ingest/upsert.ts, team-tree.ts,
// payment-totals.ts, application-pairs.ts): which keys exist, the stored team tree, what each
// order's payments total, which candidate/opening pairs are taken. The rules stay in src/ingest.
import type { Sql } from "../db/client.ts";

/**
 * Which of `keys` exist in `table.column`. `table` and `column` come from the entity definitions
 * (src/ingest/entities.ts LOOKUP), never from input.
 */
export async function existingKeys(sql: Sql, table: string, column: string, keys: string[]): Promise<Set<string>> {
  const res = await sql.query<{ k: string }>(`SELECT ${column} AS k FROM ${table} WHERE ${column} = ANY($1::text[])`, [
    keys,
  ]);
  return new Set(res.rows.map((r) => r.k));
}

/** Every stored team's parent, by external id (null for a top-level team). */
export async function storedTeamParents(sql: Sql): Promise<Map<string, string | null>> {
  const stored = await sql.query<{ k: string; p: string | null }>(
    `SELECT t.external_id AS k, p.external_id AS p FROM teams t LEFT JOIN teams p ON p.id = t.parent_id`,
  );
  return new Map(stored.rows.map((r) => [r.k, r.p]));
}

/**
 * For each stored order among `orderIds`: the total of its payments other than `replacedPaymentIds`
 * (exact decimal text).
 */
export async function storedPaymentTotals(
  sql: Sql,
  orderIds: string[],
  replacedPaymentIds: string[],
): Promise<{ k: string; total: string }[]> {
  const stored = await sql.query<{ k: string; total: string }>(
    `SELECT o.external_id AS k, COALESCE(sum(p.amount) FILTER (WHERE p.external_id <> ALL($2::text[])), 0)::text AS total
       FROM orders o LEFT JOIN payments p ON p.order_id = o.id
      WHERE o.external_id = ANY($1::text[]) GROUP BY o.external_id`,
    [orderIds, replacedPaymentIds],
  );
  return stored.rows;
}

/** The stored applications for the given (candidate, opening) pairs: c, o and the application's key k. */
export async function storedApplicationPairs(
  sql: Sql,
  candidateIds: string[],
  openingIds: string[],
): Promise<{ c: string; o: string; k: string }[]> {
  const stored = await sql.query<{ c: string; o: string; k: string }>(
    `SELECT c.external_id AS c, o.external_id AS o, a.external_id AS k
       FROM applications a JOIN candidates c ON c.id = a.candidate_id JOIN job_openings o ON o.id = a.opening_id
      WHERE (c.external_id, o.external_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    [candidateIds, openingIds],
  );
  return stored.rows;
}
