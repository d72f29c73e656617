// SQL of recruitment and onboarding: openings and résumés for screening, the application pipeline
// (row locks, stage changes, offers, interviews, audit), the offers and interviews HR looks at,
// new hires with their checklists, and the onboarding settings. Every row is validated here.
// Dates (`date` columns) are read as text — node-pg would turn them into local-midnight Dates.
import { z } from "zod";
import type { Sql } from "../db/client.ts";
import { OFFER_STATUSES, STAGES, type OfferStatus, type Stage } from "../recruit/errors.ts";

const stage = z.enum(STAGES);
const offerStatus = z.enum(OFFER_STATUSES);
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

// ─── Openings and candidates ─────────────────────────────────────────────────────────────────────

const openingRow = z.object({
  id: z.number(),
  externalId: z.string(),
  title: z.string(),
  status: z.string(),
  teamExternalId: z.string().nullable(),
  ownerExternalId: z.string().nullable(),
  keywordProfile: z.unknown(),
});
export type OpeningRow = z.output<typeof openingRow>;

export async function loadOpening(sql: Sql, externalId: string): Promise<OpeningRow | null> {
  const res = await sql.query(
    `SELECT o.id, o.external_id AS "externalId", o.title, o.status, t.external_id AS "teamExternalId",
            e.external_id AS "ownerExternalId", o.keyword_profile AS "keywordProfile"
     FROM job_openings o LEFT JOIN teams t ON t.id = o.team_id LEFT JOIN employees e ON e.id = o.owner_id
     WHERE o.external_id = $1`,
    [externalId],
  );
  return res.rows[0] ? openingRow.parse(res.rows[0]) : null;
}

const applicantRow = z.object({
  applicationExternalId: z.string(),
  candidateExternalId: z.string(),
  name: z.string(),
  stage,
  appliedAt: z.date(),
  resumeText: z.string(),
});
export type ApplicantRow = z.output<typeof applicantRow>;

/** The applications to an opening with their candidates' résumés (optionally only some stages). */
export async function loadApplicants(
  sql: Sql,
  openingId: number,
  stages: readonly Stage[] | null,
): Promise<ApplicantRow[]> {
  const res = await sql.query(
    `SELECT a.external_id AS "applicationExternalId", c.external_id AS "candidateExternalId", c.name,
            a.stage::text AS stage, a.applied_at AS "appliedAt", c.resume_text AS "resumeText"
     FROM applications a JOIN candidates c ON c.id = a.candidate_id
     WHERE a.opening_id = $1 AND ($2::text[] IS NULL OR a.stage::text = ANY($2::text[]))
     ORDER BY a.external_id`,
    [openingId, stages],
  );
  return res.rows.map((r) => applicantRow.parse(r));
}

// ─── Pipeline ───────────────────────────────────────────────────────────────────────────────────

const lockedApplication = z.object({ id: z.number(), externalId: z.string(), stage });
export type LockedApplication = z.output<typeof lockedApplication>;

/** Locks an application row (FOR UPDATE) for the rest of the transaction. */
export async function lockApplication(
  sql: Sql,
  by: { externalId: string } | { id: number },
): Promise<LockedApplication | null> {
  const [column, value] = "id" in by ? ["id", by.id] : ["external_id", by.externalId];
  const res = await sql.query(
    `SELECT id, external_id AS "externalId", stage::text AS stage FROM applications WHERE ${column} = $1 FOR UPDATE`,
    [value],
  );
  return res.rows[0] ? lockedApplication.parse(res.rows[0]) : null;
}

export async function setStage(
  sql: Sql,
  change: { applicationId: number; from: Stage; to: Stage; at: Date; by: string; note: string | null },
): Promise<void> {
  // Conditional on the stage we read under the lock: a belt to the FOR UPDATE braces.
  const res = await sql.query(
    `UPDATE applications SET stage = $2::"ApplicationStage", updated_at = now() WHERE id = $1 AND stage = $3::"ApplicationStage"`,
    [change.applicationId, change.to, change.from],
  );
  if (res.rowCount !== 1) throw new Error(`application ${change.applicationId} is not at ${change.from} any more`);
  await sql.query(
    `INSERT INTO application_stage_changes (application_id, from_stage, to_stage, changed_at, changed_by, note)
     VALUES ($1, $2::"ApplicationStage", $3::"ApplicationStage", $4, $5, $6)`,
    [change.applicationId, change.from, change.to, change.at, change.by, change.note],
  );
}

const historyRow = z.object({
  from: stage.nullable(),
  to: stage,
  changedAt: z.date(),
  changedBy: z.string(),
  note: z.string().nullable(),
});
export type StageHistoryRow = z.output<typeof historyRow>;

export async function loadStageHistory(sql: Sql, applicationId: number): Promise<StageHistoryRow[]> {
  const res = await sql.query(
    `SELECT from_stage::text AS "from", to_stage::text AS "to", changed_at AS "changedAt", changed_by AS "changedBy", note
     FROM application_stage_changes WHERE application_id = $1 ORDER BY changed_at, id`,
    [applicationId],
  );
  return res.rows.map((r) => historyRow.parse(r));
}

/** The application with this external id and its current stage, or null. */
export async function findApplication(sql: Sql, externalId: string): Promise<{ id: number; stage: Stage } | null> {
  const res = await sql.query(`SELECT id, stage::text AS stage FROM applications WHERE external_id = $1`, [externalId]);
  return res.rows[0] ? z.object({ id: z.number().int(), stage }).parse(res.rows[0]) : null;
}

export async function findApplicationId(sql: Sql, externalId: string): Promise<number | null> {
  const res = await sql.query(`SELECT id FROM applications WHERE external_id = $1`, [externalId]);
  return (res.rows[0]?.id as number | undefined) ?? null;
}

// ─── Offers ─────────────────────────────────────────────────────────────────────────────────────

const offerRow = z.object({
  id: z.number(),
  externalId: z.string(),
  applicationId: z.number(),
  sentAt: z.date(),
  deadlineAt: z.date(),
  status: offerStatus,
  respondedAt: z.date().nullable(),
});
export type OfferRow = z.output<typeof offerRow>;

const OFFER_COLUMNS = `o.id, o.external_id AS "externalId", o.application_id AS "applicationId", o.sent_at AS "sentAt",
  o.deadline_at AS "deadlineAt", o.status::text AS status, o.responded_at AS "respondedAt"`;

/** Where an offer belongs (no lock: callers lock the application first, then the offer). */
export async function findOfferApplication(sql: Sql, offerExternalId: string): Promise<number | null> {
  const res = await sql.query(`SELECT application_id FROM offers WHERE external_id = $1`, [offerExternalId]);
  return (res.rows[0]?.application_id as number | undefined) ?? null;
}

export async function lockOffer(sql: Sql, offerExternalId: string): Promise<OfferRow | null> {
  const res = await sql.query(`SELECT ${OFFER_COLUMNS} FROM offers o WHERE o.external_id = $1 FOR UPDATE`, [
    offerExternalId,
  ]);
  return res.rows[0] ? offerRow.parse(res.rows[0]) : null;
}

export async function lockPendingOffers(sql: Sql, applicationId: number): Promise<OfferRow[]> {
  const res = await sql.query(
    `SELECT ${OFFER_COLUMNS} FROM offers o WHERE o.application_id = $1 AND o.status = 'pending' ORDER BY o.id FOR UPDATE`,
    [applicationId],
  );
  return res.rows.map((r) => offerRow.parse(r));
}

export async function setOfferStatus(
  sql: Sql,
  offerId: number,
  status: OfferStatus,
  respondedAt: Date | null,
): Promise<void> {
  await sql.query(`UPDATE offers SET status = $2::"OfferStatus", responded_at = $3, updated_at = now() WHERE id = $1`, [
    offerId,
    status,
    respondedAt,
  ]);
}

export async function setOfferDeadline(sql: Sql, offerId: number, deadlineAt: Date): Promise<void> {
  await sql.query(`UPDATE offers SET deadline_at = $2, updated_at = now() WHERE id = $1`, [offerId, deadlineAt]);
}

export async function insertOffer(
  sql: Sql,
  offer: { externalId: string; applicationId: number; sentAt: Date; deadlineAt: Date },
): Promise<OfferRow | null> {
  const res = await sql.query(
    `INSERT INTO offers (external_id, application_id, sent_at, deadline_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (external_id) DO NOTHING
     RETURNING id, external_id AS "externalId", application_id AS "applicationId", sent_at AS "sentAt", deadline_at AS "deadlineAt",
               status::text AS status, responded_at AS "respondedAt"`,
    [offer.externalId, offer.applicationId, offer.sentAt, offer.deadlineAt],
  );
  return res.rows[0] ? offerRow.parse(res.rows[0]) : null;
}

export async function insertInterview(
  sql: Sql,
  interview: { externalId: string; applicationId: number; scheduledAt: Date; interviewers: string[] },
): Promise<boolean> {
  const res = await sql.query(
    `INSERT INTO interviews (external_id, application_id, scheduled_at, interviewers) VALUES ($1, $2, $3, $4::text[]) ON CONFLICT (external_id) DO NOTHING`,
    [interview.externalId, interview.applicationId, interview.scheduledAt, interview.interviewers],
  );
  return res.rowCount === 1;
}

export async function insertAudit(
  sql: Sql,
  entry: { at: Date; actor: string; action: string; entity: string; entityId: string; details: unknown },
): Promise<void> {
  await sql.query(
    `INSERT INTO audit_log (at, actor, action, entity, entity_id, details) VALUES ($1, $2, $3, $4, $5, $6::jsonb)`,
    [entry.at, entry.actor, entry.action, entry.entity, entry.entityId, JSON.stringify(entry.details)],
  );
}

const offerViewRow = offerRow.extend({
  applicationExternalId: z.string(),
  applicationStage: stage,
  candidateExternalId: z.string(),
  candidateName: z.string(),
  openingExternalId: z.string(),
  openingTitle: z.string(),
  teamExternalId: z.string().nullable(),
  hiringManagerExternalId: z.string().nullable(),
  hiringManagerName: z.string().nullable(),
  reminders: z.coerce.number(),
  lastRemindedAt: z.date().nullable(),
});
export type OfferViewRow = z.output<typeof offerViewRow>;

/**
 * Offers with their candidate, opening and hiring manager (the opening's owner, else the manager
 * of the opening's team) and how often the candidate was reminded.
 */
export async function loadOffers(
  sql: Sql,
  filter: {
    statuses?: OfferStatus[];
    deadlineBefore?: Date;
    offerExternalIds?: string[];
    hiringManagerExternalId?: string;
  } = {},
): Promise<OfferViewRow[]> {
  const res = await sql.query(
    `SELECT ${OFFER_COLUMNS}, a.external_id AS "applicationExternalId", a.stage::text AS "applicationStage",
            c.external_id AS "candidateExternalId", c.name AS "candidateName",
            jo.external_id AS "openingExternalId", jo.title AS "openingTitle", t.external_id AS "teamExternalId",
            hm.external_id AS "hiringManagerExternalId", hm.name AS "hiringManagerName",
            coalesce(r.n, 0) AS reminders, r.last AS "lastRemindedAt"
     FROM offers o
     JOIN applications a ON a.id = o.application_id
     JOIN candidates c ON c.id = a.candidate_id
     JOIN job_openings jo ON jo.id = a.opening_id
     LEFT JOIN teams t ON t.id = jo.team_id
     LEFT JOIN employees hm ON hm.id = coalesce(jo.owner_id, t.manager_id)
     LEFT JOIN LATERAL (SELECT count(*) AS n, max(at) AS last FROM audit_log l
                        WHERE l.entity = 'offer' AND l.entity_id = o.external_id AND l.action = 'offer.remind') r ON true
     WHERE ($1::text[] IS NULL OR o.status::text = ANY($1::text[]))
       AND ($2::timestamptz IS NULL OR o.deadline_at < $2)
       AND ($3::text[] IS NULL OR o.external_id = ANY($3::text[]))
       AND ($4::text IS NULL OR hm.external_id = $4)
     ORDER BY o.deadline_at, o.external_id`,
    [
      filter.statuses ?? null,
      filter.deadlineBefore ?? null,
      filter.offerExternalIds ?? null,
      filter.hiringManagerExternalId ?? null,
    ],
  );
  return res.rows.map((r) => offerViewRow.parse(r));
}

// ─── People ─────────────────────────────────────────────────────────────────────────────────────

const personRow = z.object({ id: z.number(), externalId: z.string(), name: z.string() });
export type PersonRow = z.output<typeof personRow>;

/** Active HR staff: they get the nudges, alerts and the digest. */
export async function loadHrStaff(sql: Sql): Promise<PersonRow[]> {
  const res = await sql.query(
    `SELECT id, external_id AS "externalId", name FROM employees WHERE role = 'hr' AND status = 'active' ORDER BY external_id`,
  );
  return res.rows.map((r) => personRow.parse(r));
}

// ─── Interviews ─────────────────────────────────────────────────────────────────────────────────

const interviewRow = z.object({
  externalId: z.string(),
  scheduledAt: z.date(),
  interviewers: z
    .array(z.string())
    .nullable()
    .transform((v) => v ?? []),
  applicationExternalId: z.string(),
  applicationStage: stage,
  candidateExternalId: z.string(),
  candidateName: z.string(),
  openingExternalId: z.string(),
  openingTitle: z.string(),
  hiringManagerExternalId: z.string().nullable(),
});
export type InterviewRow = z.output<typeof interviewRow>;

export async function loadInterviews(
  sql: Sql,
  from: Date,
  to: Date,
  stages: readonly Stage[],
): Promise<InterviewRow[]> {
  const res = await sql.query(
    `SELECT i.external_id AS "externalId", i.scheduled_at AS "scheduledAt", i.interviewers,
            a.external_id AS "applicationExternalId", a.stage::text AS "applicationStage",
            c.external_id AS "candidateExternalId", c.name AS "candidateName",
            jo.external_id AS "openingExternalId", jo.title AS "openingTitle", hm.external_id AS "hiringManagerExternalId"
     FROM interviews i
     JOIN applications a ON a.id = i.application_id
     JOIN candidates c ON c.id = a.candidate_id
     JOIN job_openings jo ON jo.id = a.opening_id
     LEFT JOIN teams t ON t.id = jo.team_id
     LEFT JOIN employees hm ON hm.id = coalesce(jo.owner_id, t.manager_id)
     WHERE i.scheduled_at >= $1 AND i.scheduled_at < $2 AND a.stage::text = ANY($3::text[])
     ORDER BY i.scheduled_at, i.external_id`,
    [from, to, stages],
  );
  return res.rows.map((r) => interviewRow.parse(r));
}

// ─── New hires and checklists ───────────────────────────────────────────────────────────────────

const newHireRow = z.object({
  id: z.number(),
  externalId: z.string(),
  name: z.string(),
  role: z.string(),
  teamExternalId: z.string().nullable(),
  planKey: z.string().nullable(),
  hiredAt: localDate,
  probationEndsAt: localDate.nullable(),
  managerExternalId: z.string().nullable(),
  managerName: z.string().nullable(),
});
export type NewHireRow = z.output<typeof newHireRow>;

/**
 * Active employees hired on or before `onDate` whose probation is not over before `since` (or,
 * without a probation end date, hired within `windowDays` before `since`). Their manager is their
 * team's manager (the parent team's when they manage their own team).
 */
export async function loadNewHires(
  sql: Sql,
  filter: { since: string; onDate: string; windowDays: number; employeeExternalIds?: string[] },
): Promise<NewHireRow[]> {
  const res = await sql.query(
    `SELECT e.id, e.external_id AS "externalId", e.name, e.role::text AS role, t.external_id AS "teamExternalId", p.key AS "planKey",
            to_char(e.hired_at, 'YYYY-MM-DD') AS "hiredAt", to_char(e.probation_ends_at, 'YYYY-MM-DD') AS "probationEndsAt",
            m.external_id AS "managerExternalId", m.name AS "managerName"
     FROM employees e
     LEFT JOIN teams t ON t.id = e.team_id
     LEFT JOIN kpi_plans p ON p.id = e.plan_id
     LEFT JOIN teams pt ON pt.id = t.parent_id
     LEFT JOIN employees m ON m.id = CASE WHEN t.manager_id = e.id THEN pt.manager_id ELSE t.manager_id END
     WHERE e.status = 'active' AND e.hired_at IS NOT NULL AND e.hired_at <= $2::date
       AND (CASE WHEN e.probation_ends_at IS NOT NULL THEN e.probation_ends_at >= $1::date
                 ELSE e.hired_at > $1::date - $3::int END)
       AND ($4::text[] IS NULL OR e.external_id = ANY($4::text[]))
     ORDER BY e.hired_at, e.external_id`,
    [filter.since, filter.onDate, filter.windowDays, filter.employeeExternalIds ?? null],
  );
  return res.rows.map((r) => newHireRow.parse(r));
}

const checklistRow = z.object({
  employeeId: z.number(),
  templateKey: z.string(),
  key: z.string(),
  title: z.string(),
  kind: z.string(),
  dueDays: z.number(),
  courseExternalId: z.string().nullable(),
  completedAt: z.date().nullable(),
});
export type ChecklistRow = z.output<typeof checklistRow>;

/** Each employee's checklist: the items of their role's templates plus any item they have progress on. */
export async function loadChecklists(sql: Sql, employeeIds: number[]): Promise<ChecklistRow[]> {
  if (employeeIds.length === 0) return [];
  const res = await sql.query(
    `WITH items AS (
       SELECT e.id AS employee_id, i.id AS item_id
       FROM employees e JOIN onboarding_templates t ON t.role = e.role JOIN onboarding_template_items i ON i.template_id = t.id
       WHERE e.id = ANY($1::int[])
       UNION
       SELECT p.employee_id, p.item_id FROM onboarding_progress p WHERE p.employee_id = ANY($1::int[])
     )
     SELECT x.employee_id AS "employeeId", t.key AS "templateKey", i.key, i.title, i.kind, i.due_days AS "dueDays",
            c.external_id AS "courseExternalId", LEAST(p.completed_at, tc.completed_at) AS "completedAt"
     FROM items x
     JOIN onboarding_template_items i ON i.id = x.item_id
     JOIN onboarding_templates t ON t.id = i.template_id
     LEFT JOIN training_courses c ON c.id = i.course_id
     LEFT JOIN onboarding_progress p ON p.employee_id = x.employee_id AND p.item_id = x.item_id
     -- A course item is also done once the learning system reports the course completed.
     LEFT JOIN LATERAL (SELECT min(z.completed_at) AS completed_at FROM training_completions z
                        WHERE z.employee_id = x.employee_id AND z.course_id = i.course_id) tc ON true
     ORDER BY x.employee_id, t.key, i.due_days, i.key`,
    [employeeIds],
  );
  return res.rows.map((r) => checklistRow.parse(r));
}

// ─── Settings ───────────────────────────────────────────────────────────────────────────────────

/** Raw values of some settings (absent keys are absent from the map). */
export async function loadSettingValues(sql: Sql, keys: string[]): Promise<Map<string, unknown>> {
  const res = await sql.query<{ key: string; value: unknown }>(
    `SELECT key, value FROM settings WHERE key = ANY($1::text[])`,
    [keys],
  );
  return new Map(res.rows.map((r) => [r.key, r.value]));
}
