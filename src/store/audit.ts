// The audit log: who did what to which entity, with details as JSON. Written in the caller's
// transaction when there is one, so an action and its entry commit together.
import type { Sql } from "../db/client.ts";

export interface AuditEntry {
  actor: string;
  action: string;
  entity: string;
  entityId?: string | null;
  details: unknown;
  /** When it happened (the injected clock); the database's now() when left out. */
  at?: Date;
}

export async function recordAudit(sql: Sql, entry: AuditEntry): Promise<void> {
  await sql.query(
    `INSERT INTO audit_log (at, actor, action, entity, entity_id, details) VALUES (COALESCE($1, now()), $2, $3, $4, $5, $6::jsonb)`,
    [entry.at ?? null, entry.actor, entry.action, entry.entity, entry.entityId ?? null, JSON.stringify(entry.details)],
  );
}
