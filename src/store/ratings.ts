// SQL of the collaboration ratings asked in chat: the order a named colleague rates, the rating
// they already gave (by chat or through the feed), saving a chat rating (a plain INSERT/UPDATE of
// `ratings`, so the triggers on that table keep every roll-up), and the claims of the rating
// requests (table rating_requests): the run that inserts a request asks it, the run that sets
// reminded_at reminds it — each exactly once, however many workers run.
import { z } from "zod";
import type { Sql } from "../db/client.ts";

/** The two parts a colleague can have on an order; also the rating's department. */
export type ColleaguePart = "operations" | "customer_service";

const ratableRow = z.object({
  id: z.number(),
  externalId: z.string(),
  status: z.string(),
  ownerId: z.number(),
  ownerName: z.string(),
  customer: z.string(),
  bookedOn: z.string(),
  operationsId: z.number().nullable(),
  customerServiceId: z.number().nullable(),
});
export type RatableOrder = z.infer<typeof ratableRow>;

const ORDER_SELECT = `SELECT o.id, o.external_id AS "externalId", o.status::text AS status, o.owner_id AS "ownerId",
       e.name AS "ownerName", c.name AS customer,
       to_char(o.booked_at AT TIME ZONE (SELECT timezone FROM organization WHERE id = 1), 'YYYY-MM-DD') AS "bookedOn",
       o.operations_id AS "operationsId", o.customer_service_id AS "customerServiceId"
     FROM orders o JOIN employees e ON e.id = o.owner_id JOIN customers c ON c.id = o.customer_id`;

/**
 * The order by external id as written; when none has exactly that id, the one order whose id
 * matches ignoring case (chat text is often typed in lower case), else null.
 */
export async function orderForRating(sql: Sql, externalId: string): Promise<RatableOrder | null> {
  const exact = await sql.query(`${ORDER_SELECT} WHERE o.external_id = $1`, [externalId]);
  if (exact.rows[0]) return ratableRow.parse(exact.rows[0]);
  const loose = await sql.query(`${ORDER_SELECT} WHERE lower(o.external_id) = lower($1) LIMIT 2`, [externalId]);
  return loose.rows.length === 1 ? ratableRow.parse(loose.rows[0]) : null;
}

const ratingRow = z.object({
  score: z.number(),
  comment: z.string().nullable(),
  source: z.enum(["feed", "chat"]),
  ratedAt: z.date(),
});
export type ColleagueRating = z.infer<typeof ratingRow>;

/**
 * The rating this colleague gave the order: theirs by id (chat or feed), else a feed rating of
 * their department that names nobody (the feed's way of carrying it). Chat first.
 */
export async function colleagueRating(
  sql: Sql,
  q: { orderId: number; raterId: number; part: ColleaguePart },
): Promise<ColleagueRating | null> {
  const res = await sql.query(
    `SELECT r.score, r.comment, r.source::text AS source, r.rated_at AS "ratedAt" FROM ratings r
     WHERE r.order_id = $1 AND (r.rater_id = $2 OR (r.rater_id IS NULL AND r.rater_department = $3))
     ORDER BY (r.source = 'chat') DESC, r.rated_at DESC LIMIT 1`,
    [q.orderId, q.raterId, q.part],
  );
  return res.rows[0] ? ratingRow.parse(res.rows[0]) : null;
}

/** The key of a colleague's chat rating of an order: one row per colleague and order. */
export const chatRatingKey = (orderExternalId: string, raterExternalId: string): string =>
  `chat:${orderExternalId}:${raterExternalId}`;

/**
 * Records a colleague's answer: the first creates the rating (dated now), a later one changes its
 * score and, when it carries one, its comment — the date stays, so the rating stays in its month.
 */
export async function saveChatRating(
  sql: Sql,
  r: {
    orderId: number;
    orderExternalId: string;
    raterId: number;
    raterExternalId: string;
    part: ColleaguePart;
    score: number;
    comment: string | null;
    at: Date;
  },
): Promise<{ created: boolean; comment: string | null }> {
  const res = await sql.query<{ created: boolean; comment: string | null }>(
    `INSERT INTO ratings (external_id, order_id, score, rater_department, rater_id, comment, source, rated_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'chat', $7, $7)
     ON CONFLICT (external_id) DO UPDATE
       SET score = EXCLUDED.score, comment = COALESCE(EXCLUDED.comment, ratings.comment), updated_at = EXCLUDED.updated_at
       WHERE ratings.source = 'chat' AND ratings.rater_id = EXCLUDED.rater_id
     RETURNING (xmax = 0) AS created, comment`,
    [chatRatingKey(r.orderExternalId, r.raterExternalId), r.orderId, r.score, r.part, r.raterId, r.comment, r.at],
  );
  const row = res.rows[0];
  // Only a feed row that took the chat key could stop the update; the key says "chat:" so it is a bug.
  if (!row) throw new Error(`rating ${chatRatingKey(r.orderExternalId, r.raterExternalId)} is not a chat rating`);
  return row;
}

/** A request claimed by this call: whom to ask (or remind) about which order. */
export interface ClaimedRequest {
  orderId: number;
  orderExternalId: string;
  employeeId: number;
}

// A colleague's rating of the order exists (theirs, or the feed's of their department naming nobody).
const RATED = `EXISTS (SELECT 1 FROM ratings r WHERE r.order_id = q.order_id
  AND (r.rater_id = q.employee_id OR (r.rater_id IS NULL AND r.rater_department = q.department)))`;

/**
 * Claims the requests to ask now: each active colleague named on a completed order booked since
 * `bookedSince`, not yet asked and not yet rating it. Returns only the rows this call inserted.
 */
export async function claimRatingRequests(
  sql: Sql,
  c: { now: Date; remindOn: string; bookedSince: Date },
): Promise<ClaimedRequest[]> {
  const res = await sql.query(
    `WITH wanted AS (
       SELECT DISTINCT ON (o.id, x.employee_id) o.id AS order_id, x.employee_id, x.department
       FROM orders o
       CROSS JOIN LATERAL (VALUES (o.operations_id, 'operations'), (o.customer_service_id, 'customer_service'))
         AS x(employee_id, department)
       JOIN employees e ON e.id = x.employee_id AND e.status = 'active'
       WHERE o.status = 'completed' AND o.booked_at >= $3 AND x.employee_id <> o.owner_id
       ORDER BY o.id, x.employee_id, x.department
     ), claimed AS (
       INSERT INTO rating_requests (order_id, employee_id, department, asked_at, remind_on)
       SELECT q.order_id, q.employee_id, q.department, $1, $2::date FROM wanted q WHERE NOT ${RATED}
       ON CONFLICT DO NOTHING
       RETURNING order_id, employee_id
     )
     SELECT c.order_id AS "orderId", o.external_id AS "orderExternalId", c.employee_id AS "employeeId"
     FROM claimed c JOIN orders o ON o.id = c.order_id ORDER BY o.external_id, c.employee_id`,
    [c.now, c.remindOn, c.bookedSince],
  );
  return res.rows as ClaimedRequest[];
}

/**
 * Claims the reminders due on `today` (a local date): requests asked whose reminder date has come,
 * not reminded yet, still unrated on an order still completed. A concurrent claimer re-reads the
 * row after this one commits and finds it reminded, so each is reminded once.
 */
export async function claimRatingReminders(sql: Sql, c: { now: Date; today: string }): Promise<ClaimedRequest[]> {
  const res = await sql.query(
    `WITH claimed AS (
       UPDATE rating_requests q SET reminded_at = $1
       FROM orders o
       WHERE o.id = q.order_id AND o.status = 'completed'
         AND q.remind_on <= $2::date AND q.reminded_at IS NULL AND NOT ${RATED}
       RETURNING q.order_id, q.employee_id, o.external_id
     )
     SELECT order_id AS "orderId", external_id AS "orderExternalId", employee_id AS "employeeId"
     FROM claimed ORDER BY external_id, employee_id`,
    [c.now, c.today],
  );
  return res.rows as ClaimedRequest[];
}

/** The orders a colleague was asked to rate and has not rated yet, oldest first. */
export async function pendingRatings(sql: Sql, employeeId: number): Promise<RatableOrder[]> {
  const res = await sql.query(
    `${ORDER_SELECT} JOIN rating_requests q ON q.order_id = o.id
     WHERE q.employee_id = $1 AND o.status = 'completed' AND NOT ${RATED}
     ORDER BY q.asked_at, o.external_id LIMIT 20`,
    [employeeId],
  );
  return res.rows.map((r) => ratableRow.parse(r));
}
