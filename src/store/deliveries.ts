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
import { PLATFORMS, type PlatformName } from "../platform.ts";
import { z } from "zod";
import type { Sql } from "../db/client.ts";

export const NOT_SENT = "not sent: ";
export const UNCONFIRMED = "unconfirmed: ";

export type DeliveryStatus = "claimed" | "sent" | "skipped" | "failed";

const rowSchema = z.object({
  key: z.string(),
  kind: z.string(),
  employeeId: z.number().nullable(),
  platform: z.enum(PLATFORMS).nullable(),
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

/**
 * Takes the key's advisory lock on this connection (no other connection can send the key while it
 * is held; it dies with the connection if the process does). False: another one holds it.
 */
export async function tryLockDelivery(client: Sql, key: string): Promise<boolean> {
  const lock = await client.query<{ ok: boolean }>(
    `SELECT pg_try_advisory_lock(hashtext('pacer:delivery'), hashtext($1)) AS ok`,
    [key],
  );
  return lock.rows[0]?.ok === true;
}

export async function unlockDelivery(client: Sql, key: string): Promise<void> {
  await client.query(`SELECT pg_advisory_unlock(hashtext('pacer:delivery'), hashtext($1))`, [key]);
}

/** Creates the key's row as claimed with no attempt yet (a row that exists is left as it is). */
export async function claimDelivery(
  sql: Sql,
  entry: { key: string; kind: string; employeeId: number | null; platform: PlatformName; address: string },
): Promise<void> {
  await sql.query(
    `INSERT INTO deliveries (idempotency_key, kind, employee_id, platform, channel, status, attempts)
     VALUES ($1, $2, $3, $4::"ChatPlatform", $5, 'claimed', 0) ON CONFLICT (idempotency_key) DO NOTHING`,
    [entry.key, entry.kind, entry.employeeId, entry.platform, entry.address],
  );
}

/** Counts an attempt about to be sent to `address` on `platform`; returns its number. */
export async function startAttempt(sql: Sql, key: string, platform: PlatformName, address: string): Promise<number> {
  const claimed = await sql.query<{ attempts: number }>(
    `UPDATE deliveries SET attempts = attempts + 1, error = NULL, platform = $2::"ChatPlatform", channel = $3
     WHERE idempotency_key = $1 AND status = 'claimed' RETURNING attempts`,
    [key, platform, address],
  );
  return claimed.rows[0]!.attempts;
}

/** The message is out: its platform id. */
export async function recordSent(sql: Sql, key: string, messageId: string): Promise<void> {
  await sql.query(
    `UPDATE deliveries SET status = 'sent', message_id = $2, sent_at = now(), error = NULL WHERE idempotency_key = $1`,
    [key, messageId],
  );
}

/**
 * Of these unlinked people, those to list in this run's notice: the ones no earlier run listed.
 * The mark names the run, so a retry of this step lists the same people again (never nobody).
 */
export async function listUnlinkedOnce(sql: Sql, runId: string, employeeIds: number[]): Promise<number[]> {
  if (employeeIds.length === 0) return [];
  const mark = `listed to admins by ${runId}`;
  await sql.query(
    `INSERT INTO deliveries (idempotency_key, kind, employee_id, status, error)
     SELECT 'unlinked-notice:e' || id, 'unlinked-notice', id, 'skipped', $2 FROM unnest($1::int[]) AS id
     ON CONFLICT (idempotency_key) DO NOTHING`,
    [employeeIds, mark],
  );
  const res = await sql.query<{ employee_id: number }>(
    `SELECT employee_id FROM deliveries WHERE kind = 'unlinked-notice' AND employee_id = ANY($1::int[]) AND error = $2 ORDER BY employee_id`,
    [employeeIds, mark],
  );
  return res.rows.map((r) => r.employee_id);
}

/** Deliveries stamped since `since`, counted by kind and status (ordered by both). */
export async function deliveryCountsSince(
  sql: Sql,
  since: Date,
): Promise<{ kind: string; status: string; count: number }[]> {
  const res = await sql.query<{ kind: string; status: string; count: number }>(
    `SELECT kind, status::text AS status, count(*)::int AS count FROM deliveries WHERE created_at >= $1 GROUP BY 1, 2 ORDER BY 1, 2`,
    [since],
  );
  return res.rows;
}
