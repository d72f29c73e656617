// API keys for the feeds and dashboards. A key is shown once; only its sha256 is stored.
// Scopes: "ingest" (write feeds), "read" (progress API). A key has only what it was created with.
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import type { Sql } from "../db/client.ts";

export const SCOPES = ["ingest", "read"] as const;
export type Scope = (typeof SCOPES)[number];

export const hashKey = (key: string) => createHash("sha256").update(key, "utf8").digest("hex");

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
function randomToken(length: number): string {
  // Rejection sampling keeps every character equally likely.
  let out = "";
  while (out.length < length)
    for (const b of randomBytes(length)) if (b < 248 && out.length < length) out += ALPHABET[b % 62];
  return out;
}

export interface CreatedKey {
  id: number;
  name: string;
  prefix: string;
  scopes: Scope[];
  /** The whole key — shown once, never stored. */
  key: string;
}

export async function createApiKey(sql: Sql, name: string, scopes: Scope[]): Promise<CreatedKey> {
  const cleanName = z.string().trim().min(1, "a key needs a name (e.g. crm)").max(100).parse(name);
  const unique = [...new Set(scopes)].sort() as Scope[];
  if (!unique.length) throw new Error("a key needs at least one scope: ingest or read");
  const prefix = `pk_${randomToken(8)}`;
  const key = `${prefix}_${randomToken(40)}`;
  const res = await sql.query<{ id: number }>(
    `INSERT INTO api_keys (name, prefix, hash, scopes) VALUES ($1, $2, $3, $4) RETURNING id`,
    [cleanName, prefix, hashKey(key), unique],
  );
  return { id: res.rows[0]!.id, name: cleanName, prefix, scopes: unique, key };
}

export interface ApiKeyInfo {
  id: number;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export async function listApiKeys(sql: Sql): Promise<ApiKeyInfo[]> {
  const res = await sql.query(
    `SELECT id, name, prefix, scopes, created_at AS "createdAt", last_used_at AS "lastUsedAt", revoked_at AS "revokedAt" FROM api_keys ORDER BY id`,
  );
  return res.rows as ApiKeyInfo[];
}

/** Revokes by id or prefix; returns the key revoked, or null when none matched. */
export async function revokeApiKey(sql: Sql, idOrPrefix: string): Promise<ApiKeyInfo | null> {
  const byId = /^\d+$/.test(idOrPrefix);
  const res = await sql.query(
    `UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now()) WHERE ${byId ? "id = $1::int" : "prefix = $1"}
     RETURNING id, name, prefix, scopes, created_at AS "createdAt", last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"`,
    [idOrPrefix],
  );
  return (res.rows[0] as ApiKeyInfo | undefined) ?? null;
}

export type AuthResult = { ok: true; keyId: number; name: string } | { ok: false; status: 401 | 403; message: string };

/** Checks a presented key for a scope; records its last use (at most once a minute). */
export async function authenticate(sql: Sql, presented: string | undefined, scope: Scope): Promise<AuthResult> {
  if (!presented) return { ok: false, status: 401, message: "missing API key: send Authorization: Bearer <key>" };
  const res = await sql.query<{ id: number; name: string; scopes: string[]; revoked_at: Date | null }>(
    `SELECT id, name, scopes, revoked_at FROM api_keys WHERE hash = $1`,
    [hashKey(presented)],
  );
  const row = res.rows[0];
  if (!row) return { ok: false, status: 401, message: "invalid API key" };
  if (row.revoked_at) return { ok: false, status: 401, message: "this API key was revoked" };
  if (!row.scopes.includes(scope))
    return { ok: false, status: 403, message: `this API key lacks the "${scope}" scope` };
  await sql.query(
    `UPDATE api_keys SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
    [row.id],
  );
  return { ok: true, keyId: row.id, name: row.name };
}

/** "Bearer <key>" → key. */
export function bearer(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return m?.[1];
}
