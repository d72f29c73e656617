// SQL of the stalled-pipeline alerts: the applications the rules look at (src/recruit/stalled.ts)
// and the record of alerts sent (table stalled_alerts, one row per key). Rows are validated here.
import { z } from "zod";
import type { Sql } from "../db/client.ts";
import { STAGES } from "../recruit/errors.ts";
import type { PipelineRow, StalledItem } from "../recruit/stalled.ts";

const row = z.object({
  applicationExternalId: z.string(),
  stage: z.enum(STAGES),
  appliedAt: z.date(),
  candidateExternalId: z.string(),
  candidateName: z.string(),
  openingExternalId: z.string(),
  openingTitle: z.string(),
  hiringManagerExternalId: z.string().nullable(),
  hiringManagerName: z.string().nullable(),
  interviewResults: z.array(z.object({ at: z.coerce.date(), result: z.string() })).nullable(),
  offers: z.coerce.number(),
  acceptedOfferExternalId: z.string().nullable(),
  acceptedAt: z.date().nullable(),
  startDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullable(),
});

/**
 * The applications that can be stalled: at "applied", before an offer with an interview result, or
 * "accepted". `isPassed` says which interview results mean passed (the rules own that list).
 */
export async function loadStallCandidates(sql: Sql, isPassed: (result: string) => boolean): Promise<PipelineRow[]> {
  const res = await sql.query(
    `SELECT a.external_id AS "applicationExternalId", a.stage::text AS stage, a.applied_at AS "appliedAt",
            c.external_id AS "candidateExternalId", c.name AS "candidateName",
            jo.external_id AS "openingExternalId", jo.title AS "openingTitle",
            hm.external_id AS "hiringManagerExternalId", hm.name AS "hiringManagerName",
            (SELECT json_agg(json_build_object('at', i.scheduled_at, 'result', i.result) ORDER BY i.scheduled_at)
               FROM interviews i WHERE i.application_id = a.id AND i.result IS NOT NULL) AS "interviewResults",
            (SELECT count(*) FROM offers o WHERE o.application_id = a.id) AS offers,
            acc.external_id AS "acceptedOfferExternalId", coalesce(acc.responded_at, acc.sent_at) AS "acceptedAt",
            to_char(acc.start_date, 'YYYY-MM-DD') AS "startDate"
     FROM applications a
     JOIN candidates c ON c.id = a.candidate_id
     JOIN job_openings jo ON jo.id = a.opening_id
     LEFT JOIN teams t ON t.id = jo.team_id
     LEFT JOIN employees hm ON hm.id = coalesce(jo.owner_id, t.manager_id)
     LEFT JOIN LATERAL (SELECT o.external_id, o.responded_at, o.sent_at, o.start_date FROM offers o
                        WHERE o.application_id = a.id AND o.status = 'accepted'
                        ORDER BY o.responded_at DESC NULLS LAST, o.id DESC LIMIT 1) acc ON true
     WHERE a.stage IN ('applied', 'screened', 'interview', 'accepted')
     ORDER BY a.external_id`,
  );
  return res.rows.map((raw) => {
    const r = row.parse(raw);
    const passed = (r.interviewResults ?? []).filter((i) => isPassed(i.result));
    return {
      applicationExternalId: r.applicationExternalId,
      stage: r.stage,
      appliedAt: r.appliedAt,
      candidate: { externalId: r.candidateExternalId, name: r.candidateName },
      opening: { externalId: r.openingExternalId, title: r.openingTitle },
      hiringManager:
        r.hiringManagerExternalId && r.hiringManagerName
          ? { externalId: r.hiringManagerExternalId, name: r.hiringManagerName }
          : null,
      passedInterviewAt: passed.length ? passed[passed.length - 1]!.at : null,
      offers: r.offers,
      acceptedOffer:
        r.acceptedOfferExternalId && r.acceptedAt
          ? { externalId: r.acceptedOfferExternalId, acceptedAt: r.acceptedAt, startDate: r.startDate }
          : null,
    };
  });
}

/** The keys of every alert already sent (claimed), except those `claimant` itself claimed. */
export async function loadSentStalledKeys(sql: Sql, claimant: string | null = null): Promise<Set<string>> {
  const res = await sql.query<{ key: string }>(
    `SELECT key FROM stalled_alerts WHERE $1::text IS NULL OR claimed_by IS DISTINCT FROM $1`,
    [claimant],
  );
  return new Set(res.rows.map((r) => r.key));
}

/**
 * Records alerts as sent, once: returns the keys this call recorded (a key another caller recorded
 * first is not returned), so two senders racing each include an item at most once between them.
 * A `claimant` (a job's run id) also gets back the keys it recorded before: a run retried after
 * dying between its claim and its sends sends them then.
 */
export async function recordStalledAlerts(
  sql: Sql,
  items: readonly StalledItem[],
  at: Date,
  claimant: string | null = null,
): Promise<Set<string>> {
  if (items.length === 0) return new Set();
  const res = await sql.query<{ key: string }>(
    `INSERT INTO stalled_alerts AS s (key, cause, application_id, since, sent_at, claimed_by)
     SELECT x.key, x.cause, a.id, x.since, $5, $6
     FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) AS x(key, cause, application, since)
     JOIN applications a ON a.external_id = x.application
     ON CONFLICT (key) DO UPDATE SET claimed_by = s.claimed_by WHERE s.claimed_by = EXCLUDED.claimed_by
     RETURNING key`,
    [
      items.map((i) => i.key),
      items.map((i) => i.cause),
      items.map((i) => i.applicationExternalId),
      items.map((i) => i.since),
      at,
      claimant,
    ],
  );
  return new Set(res.rows.map((r) => r.key));
}
