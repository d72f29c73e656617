// The notice outbox (table `notice_outbox`): notices an answer owes other people, recorded in
// Postgres before they are handed to the notice queue in Redis (src/worker/chat-notices.ts) and
// removed once the queue has them. Postgres is the store the answer itself just wrote to, so a
// notice recorded here survives Redis being away; the queue's sweep hands it over later.
import { z } from "zod";
import type { Notice } from "../chat/answers/context.ts";
import type { Sql } from "../db/client.ts";
import type { Locale } from "../../cards/model.ts";

// The card is our own JSON (cards/model.ts), written by this module: its shape is checked where it
// is rendered; here only what routes the notice.
const noticeSchema = z
  .object({
    key: z.string().min(1),
    employeeId: z.number().int(),
    locale: z.enum(["zh-CN", "en"] as const satisfies readonly Locale[]),
    card: z.record(z.string(), z.unknown()),
  })
  .transform((n) => n as unknown as Notice);

/** Records `notices` (a key already recorded keeps its first notice). */
export async function recordNotices(sql: Sql, notices: Notice[]): Promise<void> {
  if (notices.length === 0) return;
  await sql.query(
    `INSERT INTO notice_outbox (key, employee_id, notice)
     SELECT n->>'key', (n->>'employeeId')::int, n FROM jsonb_array_elements($1::jsonb) AS n
     ON CONFLICT (key) DO NOTHING`,
    [JSON.stringify(notices)],
  );
}

/** Notices recorded at least `olderThanMs` ago and not yet handed over, oldest first. */
export async function pendingNotices(sql: Sql, olderThanMs: number, limit: number): Promise<Notice[]> {
  const res = await sql.query<{ notice: unknown }>(
    `SELECT notice FROM notice_outbox WHERE created_at <= now() - $1 * interval '1 millisecond'
     ORDER BY created_at, key LIMIT $2`,
    [olderThanMs, limit],
  );
  return res.rows.map((r) => noticeSchema.parse(r.notice));
}

/** Forgets notices the queue has taken. */
export async function clearNotices(sql: Sql, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  await sql.query("DELETE FROM notice_outbox WHERE key = ANY($1::text[])", [keys]);
}
