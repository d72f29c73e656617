// Offers (pure): how urgent an offer is, which nudges are due at a given clock, and which actions an
// offer still takes. The services (src/services/recruitment.ts) load and store; the scheduler
// claims deliveries with the idempotency keys built here.
//
// Nudges go to HR and the opening's hiring manager:
//   t48      from 48 h before the deadline until 24 h before it,
//   t24      from 24 h before the deadline until the deadline,
//   overdue  from the deadline on (an escalation), once.
// At any instant at most one nudge is due — the one whose window contains `now`; a window the
// scheduler slept through is not sent late (a "48 hours left" at T-10h would be wrong) — and a
// window that opened when or before the offer was sent is skipped (an offer sent with a 1-day
// deadline gets no "48 hours left" and no "24 hours left" the moment it is sent). Only pending
// offers are nudged: an answered (accepted, declined), expired or withdrawn offer gets nothing
// more.
//
// Each nudge has an idempotency key `offer:<offer>:<kind>:<deadline>`; the scheduler claims one
// delivery per recipient with `<key>:<employee>`, so every nudge goes out once per person however
// often the scheduler runs. The deadline is part of the key so that extending an offer arms its
// nudges again for the new deadline (and only then).
import { z } from "zod";
import { RecruitError, type OfferStatus } from "./errors.ts";

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
/** README "HR": an offer's default response deadline is 3 days after sending. */
export const DEFAULT_RESPONSE_DAYS = 3;
export const MAX_RESPONSE_DAYS = 30;
export const MAX_EXTEND_DAYS = 14;
/** HR's offers card and digest list pending offers due within this many days, and overdue ones. */
export const ATTENTION_DAYS = 3;

export interface OfferFacts {
  externalId: string;
  sentAt: Date;
  deadlineAt: Date;
  status: OfferStatus;
  respondedAt: Date | null;
}

// ─── Urgency ────────────────────────────────────────────────────────────────────────────────────

export type Urgency = "overdue" | "due_24h" | "due_48h" | "due_3d" | "later" | "answered";

export interface OfferUrgency {
  urgency: Urgency;
  /** Milliseconds until the deadline (negative once overdue); null once the offer is not pending. */
  msLeft: number | null;
  /** Whole hours left, rounded down (negative: whole hours overdue, rounded away from zero). */
  hoursLeft: number | null;
}

export function offerUrgency(offer: OfferFacts, now: Date): OfferUrgency {
  if (offer.status !== "pending") return { urgency: "answered", msLeft: null, hoursLeft: null };
  const msLeft = offer.deadlineAt.getTime() - now.getTime();
  const urgency: Urgency =
    msLeft <= 0
      ? "overdue"
      : msLeft <= DAY_MS
        ? "due_24h"
        : msLeft <= 2 * DAY_MS
          ? "due_48h"
          : msLeft <= ATTENTION_DAYS * DAY_MS
            ? "due_3d"
            : "later";
  return { urgency, msLeft, hoursLeft: Math.floor(msLeft / HOUR_MS) };
}

/** Needs HR's attention: pending and overdue or due within ATTENTION_DAYS. */
export function needsAttention(offer: OfferFacts, now: Date): boolean {
  const u = offerUrgency(offer, now).urgency;
  return u !== "answered" && u !== "later";
}

/**
 * Order for HR's offers card: pending offers first, by deadline (so the overdue ones — most
 * overdue first — come before those still running, soonest first); then answered ones, most
 * recent answer first; ties by external id.
 */
export function compareByUrgency(a: OfferFacts, b: OfferFacts): number {
  const pa = a.status === "pending" ? 0 : 1;
  const pb = b.status === "pending" ? 0 : 1;
  if (pa !== pb) return pa - pb;
  const d =
    pa === 0
      ? a.deadlineAt.getTime() - b.deadlineAt.getTime()
      : (b.respondedAt ?? b.deadlineAt).getTime() - (a.respondedAt ?? a.deadlineAt).getTime();
  return d || (a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0);
}

export function sortByUrgency<T extends OfferFacts>(offers: readonly T[]): T[] {
  return [...offers].sort(compareByUrgency);
}

// ─── Nudges ─────────────────────────────────────────────────────────────────────────────────────

export const NUDGE_KINDS = ["t48", "t24", "overdue"] as const;
export type NudgeKind = (typeof NUDGE_KINDS)[number];

/** Hours before the deadline each nudge's window opens. */
export const NUDGE_LEAD_HOURS: Readonly<Record<NudgeKind, number>> = { t48: 48, t24: 24, overdue: 0 };

export interface DueNudge {
  kind: NudgeKind;
  /** true for the overdue nudge. */
  escalation: boolean;
  offerExternalId: string;
  deadlineAt: Date;
  /** When the nudge's window opened. */
  dueAt: Date;
  /** `offer:<offer>:<kind>:<deadline as yyyymmddThhmmZ>`; per recipient append `:<employee>`. */
  idempotencyKey: string;
}

/** The deadline, to the minute in UTC, compactly: 2026-10-23T01:30:00Z → 20261023T0130Z. */
export function deadlineStamp(deadline: Date): string {
  return `${deadline.toISOString().slice(0, 16).replace(/[-:]/g, "")}Z`;
}

export function nudgeKey(offerExternalId: string, kind: NudgeKind, deadline: Date): string {
  return `offer:${offerExternalId}:${kind}:${deadlineStamp(deadline)}`;
}

/** The per-recipient delivery key of a nudge (or of any alert key). */
export function recipientKey(key: string, employeeExternalId: string): string {
  return `${key}:${employeeExternalId}`;
}

/** The nudge due for `offer` at `now` (none, or exactly one). */
export function dueNudges(offer: OfferFacts, now: Date): DueNudge[] {
  if (offer.status !== "pending" || offer.respondedAt !== null) return [];
  const t = now.getTime();
  const deadline = offer.deadlineAt.getTime();
  const opens = (kind: NudgeKind) => deadline - NUDGE_LEAD_HOURS[kind] * HOUR_MS;
  let kind: NudgeKind | null = null;
  if (t >= deadline) kind = "overdue";
  else if (t >= opens("t24")) kind = "t24";
  else if (t >= opens("t48")) kind = "t48";
  if (kind === null) return [];
  // A window that opened when or before the offer was sent is not a reminder of anything.
  if (kind !== "overdue" && opens(kind) <= offer.sentAt.getTime()) return [];
  return [
    {
      kind,
      escalation: kind === "overdue",
      offerExternalId: offer.externalId,
      deadlineAt: offer.deadlineAt,
      dueAt: new Date(opens(kind)),
      idempotencyKey: nudgeKey(offer.externalId, kind, offer.deadlineAt),
    },
  ];
}

// ─── Actions ────────────────────────────────────────────────────────────────────────────────────

export const OFFER_ACTION_KINDS = ["accept", "decline", "extend", "remind"] as const;
export type OfferActionKind = (typeof OFFER_ACTION_KINDS)[number];

/** A card button's payload, validated (extend carries 1–14 days). */
export const offerActionSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("accept") }),
  z.strictObject({ kind: z.literal("decline") }),
  z.strictObject({ kind: z.literal("extend"), days: z.number().int() }),
  z.strictObject({ kind: z.literal("remind") }),
]);
export type OfferAction = z.output<typeof offerActionSchema>;

/** The actions an offer still takes (the card shows these buttons): all while pending, none after. */
export function availableOfferActions(offer: Pick<OfferFacts, "status">): OfferActionKind[] {
  return offer.status === "pending" ? [...OFFER_ACTION_KINDS] : [];
}

/** Throws a RecruitError when `action` is not allowed on `offer`. */
export function checkOfferAction(offer: OfferFacts, action: OfferAction): void {
  if (offer.status !== "pending")
    throw new RecruitError("offer.answered", {
      offer: offer.externalId,
      status: offer.status,
      ...(offer.respondedAt ? { respondedAt: offer.respondedAt.toISOString() } : {}),
    });
  if (action.kind === "extend" && (!Number.isInteger(action.days) || action.days < 1 || action.days > MAX_EXTEND_DAYS))
    throw new RecruitError("offer.extend_days", { days: action.days, max: MAX_EXTEND_DAYS });
}

/**
 * The deadline after extending by `days`: from the current deadline, or from now when the offer is
 * already overdue (extending an overdue offer by 2 days gives the candidate 2 more days, not a
 * deadline still in the past).
 */
export function extendedDeadline(deadline: Date, days: number, now: Date): Date {
  return new Date(Math.max(deadline.getTime(), now.getTime()) + days * DAY_MS);
}

/** Deadline of a new offer sent at `sentAt` with `days` to answer (1–30, default 3). */
export function offerDeadline(sentAt: Date, days: number = DEFAULT_RESPONSE_DAYS): Date {
  if (!Number.isInteger(days) || days < 1 || days > MAX_RESPONSE_DAYS)
    throw new RecruitError("offer.deadline_days", { days, max: MAX_RESPONSE_DAYS });
  return new Date(sentAt.getTime() + days * DAY_MS);
}
