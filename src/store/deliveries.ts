// The notification log (table `deliveries`): one row per message Pacer means to send, keyed by
// `kind:recipient:period-or-date`. The unique key is what makes a scheduled message go out once
// per person however often a job runs; docs/DELIVERY.md describes the states.
//
//   claimed  an attempt may be under way; `error` tells what is known about the last attempt:
//              NULL               an attempt started and has not reported back (in flight, or the
//                                 process died) — its outcome is unknown
//              "not sent: …"      the platform refused it (rate limit, bad request): safe to retry
//              "unconfirmed: …"   it failed in a way that does not prove the message was not
//                                 delivered (timeout, network, 5xx)
//   sent     delivered; `message_id` is the platform's id
//   skipped  deliberately not sent (not linked, no longer eligible); `error` says why
//   failed   given up; `error` says why (admins are told once)
import { z } from "zod";
import type { Sql } from "../db/client.ts";

export const NOT_SENT = "not sent: ";
export const UNCONFIRMED = "unconfirmed: ";

export type DeliveryStatus = "claimed" | "sent" | "skipped" | "failed";

const rowSchema = z.object({
  key: z.string(),
  kind: z.string(),
  employeeId: z.number().nullable(),
  platform: z.enum(["slack", "lark"]).nullable(),
  channel: z.string().nullable(),
  status: z.enum(["claimed", "sent", "skipped", "failed"]),
  messageId: z.string().nullable(),
  attempts: z.number(),
  error: z.string().nullable(),
  /** Milliseconds since the row was first claimed (by the database's clock). */
  ageMs: z.coerce.number(),
});

export type DeliveryRow = z.output<typeof rowSchema>;

const COLUMNS = `idempotency_key AS key, kind, employee_id AS "employeeId", platform::text AS platform, channel, status::text AS status,
  message_id AS "messageId", attempts, error, (extract(epoch FROM now() - created_at) * 1000)::float8 AS "ageMs"`;

export async function readDelivery(sql: Sql, key: string): Promise<DeliveryRow | null> {
  const res = await sql.query(`SELECT ${COLUMNS} FROM deliveries WHERE idempotency_key = $1`, [key]);
  return res.rows[0] ? rowSchema.parse(res.rows[0]) : null;
}

export async function readDeliveries(sql: Sql, keys: string[]): Promise<DeliveryRow[]> {
  if (keys.length === 0) return [];
  const res = await sql.query(
    `SELECT ${COLUMNS} FROM deliveries WHERE idempotency_key = ANY($1::text[]) ORDER BY idempotency_key`,
    [keys],
  );
  return res.rows.map((r) => rowSchema.parse(r));
}

/** The last attempt of a claimed row may have reached the platform. */
export function outcomeUnknown(row: DeliveryRow): boolean {
  return row.status === "claimed" && row.attempts > 0 && (row.error === null || row.error.startsWith(UNCONFIRMED));
}

export function isFinal(row: DeliveryRow): boolean {
  return row.status !== "claimed";
}

/** Records a deliberate skip (only when nothing was attempted for this key). */
export async function recordSkipped(
  sql: Sql,
  entry: { key: string; kind: string; employeeId: number | null; reason: string },
): Promise<DeliveryRow> {
  await sql.query(
    `INSERT INTO deliveries (idempotency_key, kind, employee_id, status, error) VALUES ($1, $2, $3, 'skipped', $4)
     ON CONFLICT (idempotency_key) DO UPDATE SET status = 'skipped', error = EXCLUDED.error
       WHERE deliveries.status = 'claimed' AND deliveries.attempts = 0`,
    [entry.key, entry.kind, entry.employeeId, entry.reason],
  );
  return (await readDelivery(sql, entry.key))!;
}

/** Gives up on a delivery that is still claimed (a sent or skipped row is left alone). */
export async function markFailed(sql: Sql, key: string, error: string): Promise<void> {
  await sql.query(
    `UPDATE deliveries SET status = 'failed', error = $2 WHERE idempotency_key = $1 AND status = 'claimed'`,
    [key, error.slice(0, 2000)],
  );
}

export async function noteAttemptOutcome(sql: Sql, key: string, note: string): Promise<void> {
  await sql.query(`UPDATE deliveries SET error = $2 WHERE idempotency_key = $1 AND status = 'claimed'`, [
    key,
    note.slice(0, 2000),
  ]);
}

/** Gives up on a key whatever state it is in short of final (creating the row if nothing was tried). */
export async function giveUp(
  sql: Sql,
  entry: { key: string; kind: string; employeeId: number | null },
  error: string,
): Promise<void> {
  await sql.query(
    `INSERT INTO deliveries (idempotency_key, kind, employee_id, status, error) VALUES ($1, $2, $3, 'failed', $4)
     ON CONFLICT (idempotency_key) DO UPDATE SET status = 'failed', error = EXCLUDED.error WHERE deliveries.status = 'claimed'`,
    [entry.key, entry.kind, entry.employeeId, error.slice(0, 2000)],
  );
}
