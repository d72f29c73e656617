// SQL of the candidate reminder: what the webhook message says about an offer, and how many
// reminders were recorded for it (audit_log lines "offer.remind", as the offers card counts them).
import { z } from "zod";
import type { Sql } from "../db/client.ts";

const row = z.object({
  offerExternalId: z.string(),
  applicationExternalId: z.string(),
  sentAt: z.date(),
  deadlineAt: z.date(),
  candidateExternalId: z.string(),
  candidateName: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  openingExternalId: z.string(),
  openingTitle: z.string(),
  reminders: z.coerce.number(),
});
export type RemindRow = z.output<typeof row>;

export async function loadRemindRow(sql: Sql, offerExternalId: string): Promise<RemindRow | null> {
  const res = await sql.query(
    `SELECT o.external_id AS "offerExternalId", a.external_id AS "applicationExternalId", o.sent_at AS "sentAt",
            o.deadline_at AS "deadlineAt", c.external_id AS "candidateExternalId", c.name AS "candidateName",
            c.email, c.phone, jo.external_id AS "openingExternalId", jo.title AS "openingTitle",
            (SELECT count(*) FROM audit_log l
              WHERE l.entity = 'offer' AND l.entity_id = o.external_id AND l.action = 'offer.remind') AS reminders
     FROM offers o
     JOIN applications a ON a.id = o.application_id
     JOIN candidates c ON c.id = a.candidate_id
     JOIN job_openings jo ON jo.id = a.opening_id
     WHERE o.external_id = $1`,
    [offerExternalId],
  );
  return res.rows[0] ? row.parse(res.rows[0]) : null;
}
