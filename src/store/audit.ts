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

/** Records the entry; its id names it (a notice about what it records is keyed by it). */
export async function recordAudit(sql: Sql, entry: AuditEntry): Promise<number> {
  const res = await sql.query<{ id: number }>(
    `INSERT INTO audit_log (at, actor, action, entity, entity_id, details) VALUES (COALESCE($1, now()), $2, $3, $4, $5, $6::jsonb)
     RETURNING id`,
    [entry.at ?? null, entry.actor, entry.action, entry.entity, entry.entityId ?? null, JSON.stringify(entry.details)],
  );
  return res.rows[0]!.id;
}
