// API keys: only a key's sha256 is stored (src/services/api-keys.ts makes and checks keys).
// Plain pg like the rest of the request path: a key is checked on every feed and API call.
import { z } from "zod";
import type { Sql } from "../db/client.ts";

export const apiKeyRow = z.object({
  id: z.number().int(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.string()),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
});
export type ApiKeyRow = z.infer<typeof apiKeyRow>;

const COLUMNS = `id, name, prefix, scopes, created_at AS "createdAt", last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"`;

export async function insertApiKey(
  sql: Sql,
  key: { name: string; prefix: string; hash: string; scopes: string[] },
): Promise<number> {
  const res = await sql.query<{ id: number }>(
    `INSERT INTO api_keys (name, prefix, hash, scopes) VALUES ($1, $2, $3, $4) RETURNING id`,
    [key.name, key.prefix, key.hash, key.scopes],
  );
  return res.rows[0]!.id;
}

export async function listApiKeyRows(sql: Sql): Promise<ApiKeyRow[]> {
  const res = await sql.query(`SELECT ${COLUMNS} FROM api_keys ORDER BY id`);
  return res.rows.map((r) => apiKeyRow.parse(r));
}

/** Marks the key with this id (all digits) or prefix revoked (once); null when none matched. */
export async function revokeApiKeyRow(sql: Sql, idOrPrefix: string): Promise<ApiKeyRow | null> {
  const byId = /^\d+$/.test(idOrPrefix);
  const res = await sql.query(
    `UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now()) WHERE ${byId ? "id = $1::int" : "prefix = $1"}
     RETURNING ${COLUMNS}`,
    [idOrPrefix],
  );
  return res.rows[0] ? apiKeyRow.parse(res.rows[0]) : null;
}

export async function findApiKeyByHash(sql: Sql, hash: string): Promise<ApiKeyRow | null> {
  const res = await sql.query(`SELECT ${COLUMNS} FROM api_keys WHERE hash = $1`, [hash]);
  return res.rows[0] ? apiKeyRow.parse(res.rows[0]) : null;
}

/** Records a use of the key, at most once a minute (a write per request would contend). */
export async function touchApiKey(sql: Sql, id: number): Promise<void> {
  await sql.query(
    `UPDATE api_keys SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
    [id],
  );
}
