// API keys for the feeds and dashboards. A key is shown once; only its sha256 is stored.
// Scopes: "ingest" (write feeds), "read" (progress API). A key has only what it was created with.
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import type { Sql } from "../db/client.ts";
import {
  findApiKeyByHash,
  insertApiKey,
  listApiKeyRows,
  revokeApiKeyRow,
  touchApiKey,
  type ApiKeyRow,
} from "../store/api-keys.ts";

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
  const id = await insertApiKey(sql, { name: cleanName, prefix, hash: hashKey(key), scopes: unique });
  return { id, name: cleanName, prefix, scopes: unique, key };
}

export type ApiKeyInfo = ApiKeyRow;

export async function listApiKeys(sql: Sql): Promise<ApiKeyInfo[]> {
  return listApiKeyRows(sql);
}

/** Revokes by id or prefix; returns the key revoked, or null when none matched. */
export async function revokeApiKey(sql: Sql, idOrPrefix: string): Promise<ApiKeyInfo | null> {
  return revokeApiKeyRow(sql, idOrPrefix);
}

export type AuthResult = { ok: true; keyId: number; name: string } | { ok: false; status: 401 | 403; message: string };

/** Checks a presented key for a scope; records its last use (at most once a minute). */
export async function authenticate(sql: Sql, presented: string | undefined, scope: Scope): Promise<AuthResult> {
  if (!presented) return { ok: false, status: 401, message: "missing API key: send Authorization: Bearer <key>" };
  const row = await findApiKeyByHash(sql, hashKey(presented));
  if (!row) return { ok: false, status: 401, message: "invalid API key" };
  if (row.revokedAt) return { ok: false, status: 401, message: "this API key was revoked" };
  if (!row.scopes.includes(scope))
    return { ok: false, status: 403, message: `this API key lacks the "${scope}" scope` };
  await touchApiKey(sql, row.id);
  return { ok: true, keyId: row.id, name: row.name };
}

/** "Bearer <key>" → key. */
export function bearer(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return m?.[1];
}
