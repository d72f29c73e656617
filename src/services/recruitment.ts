// Recruitment for HR: screening an opening's candidates, moving applications through the pipeline
// (with interviews and offers), the offer actions behind the offers card's buttons, the nudges the
// scheduler sends, and the content of HR's daily digest. Rules live in src/recruit/ (pure); this
// file loads, locks and writes. Permissions are the caller's: everything here trusts its `actor`.
//
// Concurrency: every write locks the application row first (SELECT … FOR UPDATE), then its offers,
// always in that order (so two writers never deadlock), validates against what it read under the
// lock, and writes the change and its history in the same transaction. Two people moving the same
// application at once: the second waits, then sees the first one's stage — and gets a clear error
// if its move no longer applies (or, with `expectedStage`, if anything changed at all).
import { randomBytes } from "node:crypto";
import type pg from "pg";
import { z } from "zod";
import { inTransaction, type Sql } from "../db/client.ts";
import { addDays, localDate, type LocalDate } from "../kpi/period.ts";
import {
  OFFER_STATUS_LABELS,
  RecruitError,
  STAGE_LABELS,
  STAGES,
  type OfferStatus,
  type RecruitLocale,
  type Stage,
} from "../recruit/errors.ts";
import {
  availableOfferActions,
  checkOfferAction,
  DAY_MS,
  dueNudges,
  extendedDeadline,
  needsAttention,
  offerActionSchema,
  offerDeadline,
  offerUrgency,
  recipientKey,
  sortByUrgency,
  ATTENTION_DAYS,
  DEFAULT_RESPONSE_DAYS,
  type DueNudge,
  type OfferAction,
  type OfferActionKind,
  type Urgency,
} from "../recruit/offers.ts";
import { assertTransition, offerStatusAfterMove, OPEN_STAGES } from "../recruit/pipeline.ts";
import { parseKeywordProfile, rankCandidates, type KeywordProfile, type Screening } from "../recruit/screening.ts";
import { loadOrganization } from "../store/kpi-inputs.ts";
import {
  findOfferApplication,
  insertAudit,
  insertInterview,
  insertOffer,
  loadApplicants,
  findApplication,
  loadHrStaff,
  loadInterviews,
  loadOffers,
  loadOpening,
  loadStageHistory,
  lockApplication,
  lockOffer,
  lockPendingOffers,
  setOfferDeadline,
  setOfferStatus,
  setStage,
  type LockedApplication,
  type OfferViewRow,
  type StageHistoryRow,
} from "../store/recruit-sql.ts";
import { localMidnight, onboardingStatus, type NewHireStatus } from "./onboarding.ts";
import { sendReminder, type RemindDeps } from "./remind.ts";

function invalid(error: z.ZodError): RecruitError {
  return new RecruitError("input.invalid", {
    detail: error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; "),
  });
}

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw invalid(r.error);
  return r.data;
}

const instant = z.date().refine((d) => !Number.isNaN(d.getTime()), "must be a valid instant");
const actor = z.string().trim().min(1, "must name who acts").max(200);
const stage = z.enum(STAGES);
const externalId = z.string().trim().min(1).max(128);

function newId(prefix: string): string {
  return `${prefix}-${randomBytes(5).toString("hex").toUpperCase()}`;
}

// ─── Screening ──────────────────────────────────────────────────────────────────────────────────

/** A stage or offer status as people read it, in both languages (the cards show it as it is). */
export type StatusLabel = Readonly<Record<RecruitLocale, string>>;

export interface RankedCandidate {
  rank: number;
  applicationExternalId: string;
  candidateExternalId: string;
  name: string;
  stage: Stage;
  stageLabel: StatusLabel;
  appliedAt: Date;
  screening: Screening;
}

export interface OpeningScreening {
  opening: {
    externalId: string;
    title: string;
    status: string;
    teamExternalId: string | null;
    ownerExternalId: string | null;
  };
  profile: KeywordProfile;
  candidates: RankedCandidate[];
}

/**
 * Every candidate who applied to the opening (or only those at `stages`), screened against its
 * keyword profile and ranked (see src/recruit/screening.ts). Computed on the fly — nothing is
 * stored, so a changed profile or résumé is reflected at once.
 */
export async function screenOpening(
  sql: Sql,
  openingExternalId: string,
  options: { stages?: Stage[] } = {},
): Promise<OpeningScreening> {
  const stages = options.stages ? parse(z.array(stage), options.stages) : null;
  const opening = await loadOpening(sql, openingExternalId);
  if (!opening) throw new RecruitError("opening.unknown", { opening: openingExternalId });
  const profile = parseKeywordProfile(opening.keywordProfile);
  if (!profile.ok)
    throw new RecruitError("opening.bad_profile", { opening: openingExternalId, detail: profile.detail });
  const applicants = await loadApplicants(sql, opening.id, stages);
  const ranked = rankCandidates(
    profile.profile,
    applicants.map((a) => ({ ...a, key: a.candidateExternalId })),
  );
  return {
    opening: {
      externalId: opening.externalId,
      title: opening.title,
      status: opening.status,
      teamExternalId: opening.teamExternalId,
      ownerExternalId: opening.ownerExternalId,
    },
    profile: profile.profile,
    candidates: ranked.map((r) => ({
      rank: r.rank,
      applicationExternalId: r.applicationExternalId,
      candidateExternalId: r.candidateExternalId,
      name: r.name,
      stage: r.stage,
      stageLabel: STAGE_LABELS[r.stage],
      appliedAt: r.appliedAt,
      screening: r.screening,
    })),
  };
}

// ─── Pipeline ───────────────────────────────────────────────────────────────────────────────────

export interface StageChange {
  applicationExternalId: string;
  from: Stage;
  to: Stage;
  changedAt: Date;
  changedBy: string;
  note: string | null;
  /** Pending offers whose status followed the move (accepted, declined or withdrawn). */
  offers: { externalId: string; status: OfferStatus }[];
}

const moveInput = z.strictObject({
  applicationExternalId: externalId,
  to: stage,
  actor,
  note: z.string().max(2000).nullish(),
  now: instant,
  /** The stage the caller saw (a card button carries it): refuse if anything changed meanwhile. */
  expectedStage: stage.optional(),
});
export type MoveInput = z.input<typeof moveInput>;

/** Moves an application to another stage, keeping its history (who, when, note). */
export async function moveApplication(pool: pg.Pool, input: MoveInput): Promise<StageChange> {
  const args = parse(moveInput, input);
  return inTransaction(pool, async (client) => {
    const app = await lockApplication(client, { externalId: args.applicationExternalId });
    if (!app) throw new RecruitError("application.unknown", { application: args.applicationExternalId });
    if (args.expectedStage && app.stage !== args.expectedStage)
      throw new RecruitError("pipeline.stale", {
        application: app.externalId,
        expected: args.expectedStage,
        actual: app.stage,
      });
    return transition(client, app, args.to, { actor: args.actor, note: args.note ?? null, now: args.now });
  });
}

/**
 * The move itself, inside a transaction that holds the application's lock. Pending offers follow
 * the move (pipeline.offerStatusAfterMove); when one offer is being answered (`answering`), any
 * other pending offer of the application is withdrawn instead — only one offer is ever accepted.
 */
async function transition(
  client: pg.PoolClient,
  app: LockedApplication,
  to: Stage,
  by: { actor: string; note: string | null; now: Date; answering?: string },
): Promise<StageChange> {
  assertTransition(app.externalId, app.stage, to);
  await setStage(client, { applicationId: app.id, from: app.stage, to, at: by.now, by: by.actor, note: by.note });
  const offers: StageChange["offers"] = [];
  const follow = offerStatusAfterMove(to);
  if (follow) {
    for (const offer of await lockPendingOffers(client, app.id)) {
      const status = by.answering === undefined || offer.externalId === by.answering ? follow : "withdrawn";
      await setOfferStatus(client, offer.id, status, status === "withdrawn" ? null : by.now);
      offers.push({ externalId: offer.externalId, status });
    }
  }
  return {
    applicationExternalId: app.externalId,
    from: app.stage,
    to,
    changedAt: by.now,
    changedBy: by.actor,
    note: by.note,
    offers,
  };
}

export interface ApplicationHistory {
  applicationExternalId: string;
  stage: Stage;
  history: StageHistoryRow[];
}

export async function applicationHistory(sql: Sql, applicationExternalId: string): Promise<ApplicationHistory> {
  const row = await findApplication(sql, applicationExternalId);
  if (!row) throw new RecruitError("application.unknown", { application: applicationExternalId });
  return { applicationExternalId, stage: row.stage, history: await loadStageHistory(sql, row.id) };
}

// ─── Interviews ─────────────────────────────────────────────────────────────────────────────────

const interviewInput = z.strictObject({
  applicationExternalId: externalId,
  interviewExternalId: externalId.optional(),
  scheduledAt: instant,
  interviewers: z.array(z.string().trim().max(200)).transform((list) => [...new Set(list.filter((s) => s !== ""))]),
  actor,
  now: instant,
  note: z.string().max(2000).nullish(),
});
export type ScheduleInterviewInput = z.input<typeof interviewInput>;

export interface ScheduledInterview {
  interviewExternalId: string;
  applicationExternalId: string;
  scheduledAt: Date;
  interviewers: string[];
  /** The move screened → interview when this was the first interview; null otherwise. */
  stageChange: StageChange | null;
}

/**
 * Schedules an interview (a time in the future, at least one interviewer) for an application that
 * is screened (which moves it to "interview", in the same transaction) or already interviewing.
 */
export async function scheduleInterview(pool: pg.Pool, input: ScheduleInterviewInput): Promise<ScheduledInterview> {
  const args = parse(interviewInput, input);
  if (args.interviewers.length === 0) throw new RecruitError("interview.no_interviewers");
  if (args.scheduledAt.getTime() <= args.now.getTime())
    throw new RecruitError("interview.in_past", { at: args.scheduledAt.toISOString() });
  return inTransaction(pool, async (client) => {
    const app = await lockApplication(client, { externalId: args.applicationExternalId });
    if (!app) throw new RecruitError("application.unknown", { application: args.applicationExternalId });
    if (app.stage !== "screened" && app.stage !== "interview")
      throw new RecruitError("interview.stage", { application: app.externalId, stage: app.stage });
    const stageChange =
      app.stage === "screened"
        ? await transition(client, app, "interview", { actor: args.actor, note: args.note ?? null, now: args.now })
        : null;
    const interviewExternalId = args.interviewExternalId ?? newId("IV");
    if (
      !(await insertInterview(client, {
        externalId: interviewExternalId,
        applicationId: app.id,
        scheduledAt: args.scheduledAt,
        interviewers: args.interviewers,
      }))
    )
      throw new RecruitError("input.invalid", { detail: `interview ${interviewExternalId} already exists` });
    return {
      interviewExternalId,
      applicationExternalId: app.externalId,
      scheduledAt: args.scheduledAt,
      interviewers: args.interviewers,
      stageChange,
    };
  });
}

// ─── Offers ─────────────────────────────────────────────────────────────────────────────────────

export interface OfferView {
  externalId: string;
  applicationExternalId: string;
  applicationStage: Stage;
  candidate: { externalId: string; name: string };
  opening: { externalId: string; title: string; teamExternalId: string | null };
  /** The opening's owner, else the manager of the opening's team. */
  hiringManager: { externalId: string; name: string } | null;
  sentAt: Date;
  deadlineAt: Date;
  status: OfferStatus;
  statusLabel: StatusLabel;
  respondedAt: Date | null;
  /** At the `now` the offers were listed at: the card shows them at that same instant. */
  urgency: Urgency;
  /** Whole hours to the deadline (negative when overdue); null unless pending. */
  hoursLeft: number | null;
  /** The buttons the card shows: all four while pending, none once answered. */
  actions: OfferActionKind[];
  reminders: number;
  lastRemindedAt: Date | null;
}

function offerView(row: OfferViewRow, now: Date): OfferView {
  const u = offerUrgency(row, now);
  return {
    externalId: row.externalId,
    applicationExternalId: row.applicationExternalId,
    applicationStage: row.applicationStage,
    candidate: { externalId: row.candidateExternalId, name: row.candidateName },
    opening: { externalId: row.openingExternalId, title: row.openingTitle, teamExternalId: row.teamExternalId },
    hiringManager:
      row.hiringManagerExternalId && row.hiringManagerName
        ? { externalId: row.hiringManagerExternalId, name: row.hiringManagerName }
        : null,
    sentAt: row.sentAt,
    deadlineAt: row.deadlineAt,
    status: row.status,
    statusLabel: OFFER_STATUS_LABELS[row.status],
    respondedAt: row.respondedAt,
    urgency: u.urgency,
    hoursLeft: u.hoursLeft,
    actions: availableOfferActions(row),
    reminders: row.reminders,
    lastRemindedAt: row.lastRemindedAt,
  };
}

const sendOfferInput = z.strictObject({
  applicationExternalId: externalId,
  offerExternalId: externalId.optional(),
  actor,
  now: instant,
  /** Days the candidate has to answer (default 3). */
  responseDays: z.number().int().optional(),
  note: z.string().max(2000).nullish(),
});
export type SendOfferInput = z.input<typeof sendOfferInput>;

/**
 * Records an offer sent now with a deadline `responseDays` later (default 3) for an application at
 * "interview" (which moves to "offer") or already at "offer" without a pending offer (a re-issued
 * offer). One transaction.
 */
export async function sendOffer(
  pool: pg.Pool,
  input: SendOfferInput,
): Promise<{ offer: OfferView; stageChange: StageChange | null }> {
  const args = parse(sendOfferInput, input);
  const deadlineAt = offerDeadline(args.now, args.responseDays ?? DEFAULT_RESPONSE_DAYS);
  const sent = await inTransaction(pool, async (client) => {
    const app = await lockApplication(client, { externalId: args.applicationExternalId });
    if (!app) throw new RecruitError("application.unknown", { application: args.applicationExternalId });
    const pending = await lockPendingOffers(client, app.id);
    if (pending[0])
      throw new RecruitError("offer.pending_exists", { application: app.externalId, offer: pending[0].externalId });
    // Not at interview or offer: the pipeline says why (e.g. "screened" must be interviewed first).
    if (app.stage !== "offer") assertTransition(app.externalId, app.stage, "offer");
    const stageChange =
      app.stage === "offer"
        ? null
        : await transition(client, app, "offer", { actor: args.actor, note: args.note ?? null, now: args.now });
    const id = args.offerExternalId ?? newId("OF");
    const offer = await insertOffer(client, { externalId: id, applicationId: app.id, sentAt: args.now, deadlineAt });
    if (!offer) throw new RecruitError("offer.exists", { offer: id });
    await insertAudit(client, {
      at: args.now,
      actor: args.actor,
      action: "offer.send",
      entity: "offer",
      entityId: id,
      details: { application: app.externalId, deadlineAt },
    });
    return { id, stageChange };
  });
  const [view] = await loadOffers(pool, { offerExternalIds: [sent.id] });
  return { offer: offerView(view!, args.now), stageChange: sent.stageChange };
}

const offerActionInput = z.strictObject({
  offerExternalId: externalId,
  action: offerActionSchema,
  actor,
  now: instant,
  note: z.string().max(2000).nullish(),
});
export type OfferActionInput = z.input<typeof offerActionInput>;

export interface OfferActionResult {
  action: OfferAction;
  /** The offer after the action (for updating the card in place). */
  offer: OfferView;
  /** accept → application accepted; decline → declined; null for extend and remind. */
  stageChange: StageChange | null;
  /** extend: the deadline before and after. */
  extended: { from: Date; to: Date } | null;
}

/**
 * One of the offers card's buttons: accept / decline (the application follows, in the same
 * transaction), extend by 1–14 days (from the deadline, or from now when overdue), or remind the
 * candidate (a signed webhook message, src/services/remind.ts; refused when no webhook is set up;
 * logged in audit_log once delivered; nothing else changes). Every action is audited. An offer that is
 * no longer pending refuses every action with a message saying what it is.
 */
export async function offerAction(
  pool: pg.Pool,
  input: OfferActionInput,
  deps: { remind?: RemindDeps } = {},
): Promise<OfferActionResult> {
  const args = parse(offerActionInput, input);
  const { action, now } = args;
  const result = await inTransaction(pool, async (client) => {
    // Lock order: application, then offer (as every other write here).
    const applicationId = await findOfferApplication(client, args.offerExternalId);
    if (applicationId === null) throw new RecruitError("offer.unknown", { offer: args.offerExternalId });
    const app = (await lockApplication(client, { id: applicationId }))!;
    const offer = await lockOffer(client, args.offerExternalId);
    if (!offer) throw new RecruitError("offer.unknown", { offer: args.offerExternalId });
    checkOfferAction(offer, action);
    const audit = (details: Record<string, unknown>) =>
      insertAudit(client, {
        at: now,
        actor: args.actor,
        action: `offer.${action.kind}`,
        entity: "offer",
        entityId: offer.externalId,
        details: { ...details, note: args.note ?? null },
      });

    let stageChange: StageChange | null = null;
    let extended: OfferActionResult["extended"] = null;
    switch (action.kind) {
      case "accept":
      case "decline": {
        if (app.stage !== "offer")
          throw new RecruitError("offer.application_moved", { offer: offer.externalId, stage: app.stage });
        // The move answers the pending offer (pipeline.offerStatusAfterMove).
        stageChange = await transition(client, app, action.kind === "accept" ? "accepted" : "declined", {
          actor: args.actor,
          note: args.note ?? null,
          now,
          answering: offer.externalId,
        });
        await audit({
          application: app.externalId,
          deadlineAt: offer.deadlineAt,
          overdue: now.getTime() > offer.deadlineAt.getTime(),
        });
        break;
      }
      case "extend": {
        const to = extendedDeadline(offer.deadlineAt, action.days, now);
        await setOfferDeadline(client, offer.id, to);
        extended = { from: offer.deadlineAt, to };
        await audit({ days: action.days, from: offer.deadlineAt, to });
        break;
      }
      case "remind": {
        const sent = await sendReminder(
          client,
          { offerExternalId: offer.externalId, actor: args.actor, note: args.note ?? null, now },
          deps.remind,
        );
        await audit({ deadlineAt: offer.deadlineAt, reminder: sent.reminder, idempotencyKey: sent.idempotencyKey });
        break;
      }
    }
    return { stageChange, extended };
  });
  const [view] = await loadOffers(pool, { offerExternalIds: [args.offerExternalId] });
  return { action, offer: offerView(view!, now), ...result };
}

export type OfferScope = "attention" | "pending" | "all";

/**
 * Offers for HR's card, most urgent first (compareByUrgency): by default those needing attention —
 * pending and overdue or due within 3 days; "pending": every pending offer; "all": answered ones
 * too. `hiringManagerExternalId` narrows to one manager's openings (what a manager may see).
 */
export async function listOffers(
  sql: Sql,
  options: { now: Date; scope?: OfferScope; hiringManagerExternalId?: string },
): Promise<OfferView[]> {
  const now = parse(instant, options.now);
  const scope = options.scope ?? "attention";
  const rows = await loadOffers(sql, {
    ...(scope === "all" ? {} : { statuses: ["pending"] }),
    ...(scope === "attention" ? { deadlineBefore: new Date(now.getTime() + ATTENTION_DAYS * DAY_MS + 1) } : {}),
    ...(options.hiringManagerExternalId ? { hiringManagerExternalId: options.hiringManagerExternalId } : {}),
  });
  const shown = scope === "attention" ? rows.filter((r) => needsAttention(r, now)) : rows;
  return sortByUrgency(shown).map((r) => offerView(r, now));
}

// ─── Nudges ─────────────────────────────────────────────────────────────────────────────────────

export interface NudgeRecipient {
  employeeExternalId: string;
  name: string;
  role: "hr" | "hiring_manager";
  /** The nudge's key + ":" + this recipient: claim one delivery per person with it. */
  idempotencyKey: string;
}

export interface OfferNudge extends DueNudge {
  offer: OfferView;
  recipients: NudgeRecipient[];
}

/**
 * The offer nudges due at `now` (src/recruit/offers.ts: T-48h, T-24h, overdue; only pending
 * offers; at most one per offer at a time), each with its recipients — HR and the opening's hiring
 * manager. Calling this again returns the same nudges with the same keys until the window closes:
 * the scheduler's delivery claims make each go out once.
 */
export async function dueOfferNudges(sql: Sql, options: { now: Date }): Promise<OfferNudge[]> {
  const now = parse(instant, options.now);
  // Nothing opens earlier than 48 h before the deadline.
  const rows = await loadOffers(sql, {
    statuses: ["pending"],
    deadlineBefore: new Date(now.getTime() + 2 * DAY_MS + 1),
  });
  const hr = await loadHrStaff(sql);
  const out: OfferNudge[] = [];
  for (const row of sortByUrgency(rows)) {
    for (const nudge of dueNudges(row, now)) {
      const recipients: NudgeRecipient[] = hr.map((p) => ({
        employeeExternalId: p.externalId,
        name: p.name,
        role: "hr" as const,
        idempotencyKey: recipientKey(nudge.idempotencyKey, p.externalId),
      }));
      if (
        row.hiringManagerExternalId &&
        row.hiringManagerName &&
        !recipients.some((r) => r.employeeExternalId === row.hiringManagerExternalId)
      )
        recipients.push({
          employeeExternalId: row.hiringManagerExternalId,
          name: row.hiringManagerName,
          role: "hiring_manager",
          idempotencyKey: recipientKey(nudge.idempotencyKey, row.hiringManagerExternalId),
        });
      out.push({ ...nudge, offer: offerView(row, now), recipients });
    }
  }
  return out;
}

// ─── HR digest ──────────────────────────────────────────────────────────────────────────────────

export interface DigestInterview {
  interviewExternalId: string;
  scheduledAt: Date;
  interviewers: string[];
  applicationExternalId: string;
  candidate: { externalId: string; name: string };
  opening: { externalId: string; title: string };
  hiringManagerExternalId: string | null;
}

export interface HrDigest {
  /** `hr-digest:<date>`; per recipient append `:<employee>`. */
  idempotencyKey: string;
  date: LocalDate;
  timezone: string;
  generatedAt: Date;
  /** Pending offers overdue or due within 3 days, most urgent first. */
  offers: OfferView[];
  /** Interviews during the local day of `now` for applications still open. */
  interviewsToday: DigestInterview[];
  /** New hires behind on training, KPI or checklist items (see onboardingStatus). */
  newHiresBehind: NewHireStatus[];
  counts: {
    offersOverdue: number;
    offersDueSoon: number;
    interviewsToday: number;
    newHiresBehind: number;
    newHires: number;
  };
  /** Active HR staff: the digest's recipients. */
  recipients: { employeeExternalId: string; name: string; idempotencyKey: string }[];
}

/** The content of HR's daily digest (09:30 local, sent by the scheduler) as plain data. */
export async function hrDigest(sql: Sql, options: { now: Date }): Promise<HrDigest> {
  const now = parse(instant, options.now);
  const { timezone } = await loadOrganization(sql);
  const date = localDate(now, timezone);
  const [offers, interviews, onboarding, hr] = await Promise.all([
    listOffers(sql, { now, scope: "attention" }),
    loadInterviews(sql, localMidnight(date, timezone), localMidnight(addDays(date, 1), timezone), OPEN_STAGES),
    onboardingStatus(sql, { asOf: now }),
    loadHrStaff(sql),
  ]);
  const key = `hr-digest:${date}`;
  const behind = onboarding.newHires.filter((h) => h.behind);
  return {
    idempotencyKey: key,
    date,
    timezone,
    generatedAt: now,
    offers,
    interviewsToday: interviews.map((i) => ({
      interviewExternalId: i.externalId,
      scheduledAt: i.scheduledAt,
      interviewers: i.interviewers,
      applicationExternalId: i.applicationExternalId,
      candidate: { externalId: i.candidateExternalId, name: i.candidateName },
      opening: { externalId: i.openingExternalId, title: i.openingTitle },
      hiringManagerExternalId: i.hiringManagerExternalId,
    })),
    newHiresBehind: behind,
    counts: {
      offersOverdue: offers.filter((o) => o.urgency === "overdue").length,
      offersDueSoon: offers.filter((o) => o.urgency !== "overdue").length,
      interviewsToday: interviews.length,
      newHiresBehind: behind.length,
      newHires: onboarding.newHires.length,
    },
    recipients: hr.map((p) => ({
      employeeExternalId: p.externalId,
      name: p.name,
      idempotencyKey: recipientKey(key, p.externalId),
    })),
  };
}
