// Offers (pure): nudge timing with a fixed clock — a simulated scheduler claims each key once, as
// the deliveries table does — urgency order, and which actions an offer still takes.
import { describe, expect, it } from "vitest";
import type { RecruitError, OfferStatus } from "../../src/recruit/errors.ts";
import {
  availableOfferActions,
  checkOfferAction,
  compareByUrgency,
  DAY_MS,
  dueNudges,
  extendedDeadline,
  HOUR_MS,
  needsAttention,
  nudgeKey,
  offerDeadline,
  offerUrgency,
  sortByUrgency,
  type OfferAction,
  type OfferFacts,
} from "../../src/recruit/offers.ts";

// Sent Monday 2026-10-19 09:30 in Shanghai; default deadline three days later.
const SENT = new Date("2026-10-19T01:30:00Z");
const DEADLINE = new Date("2026-10-22T01:30:00Z");
const offer = (over: Partial<OfferFacts> = {}): OfferFacts => ({
  externalId: "OF-1",
  sentAt: SENT,
  deadlineAt: DEADLINE,
  status: "pending",
  respondedAt: null,
  ...over,
});
const at = (ms: number) => new Date(ms);
const MINUTE = 60_000;

/** Runs a scheduler every `stepMs` over [from, to]: each due nudge is claimed once by its key. */
function simulate(
  from: Date,
  to: Date,
  stepMs: number,
  offerAt: (now: Date) => OfferFacts,
  awake: (now: Date) => boolean = () => true,
) {
  const claimed = new Map<string, { kind: string; at: string }>();
  for (let t = from.getTime(); t <= to.getTime(); t += stepMs) {
    const now = at(t);
    if (!awake(now)) continue;
    for (const n of dueNudges(offerAt(now), now))
      if (!claimed.has(n.idempotencyKey)) claimed.set(n.idempotencyKey, { kind: n.kind, at: now.toISOString() });
  }
  return [...claimed.entries()].map(([key, v]) => ({ key, ...v }));
}

describe("nudge timing", () => {
  it("exactly one nudge per window, at T-48h, T-24h and when overdue", () => {
    const d = DEADLINE.getTime();
    const due = (t: number) => dueNudges(offer(), at(t)).map((n) => n.kind);
    expect(due(d - 48 * HOUR_MS - 1)).toEqual([]);
    expect(due(d - 48 * HOUR_MS)).toEqual(["t48"]);
    expect(due(d - 24 * HOUR_MS - 1)).toEqual(["t48"]);
    expect(due(d - 24 * HOUR_MS)).toEqual(["t24"]);
    expect(due(d - 1)).toEqual(["t24"]);
    expect(due(d)).toEqual(["overdue"]);
    expect(due(d + 30 * DAY_MS)).toEqual(["overdue"]);
    expect(dueNudges(offer(), DEADLINE)[0]).toEqual({
      kind: "overdue",
      escalation: true,
      offerExternalId: "OF-1",
      deadlineAt: DEADLINE,
      dueAt: DEADLINE,
      idempotencyKey: "offer:OF-1:overdue:20261022T0130Z",
    });
  });

  it("a scheduler running every 15 minutes sends each nudge once, never duplicated", () => {
    const sent = simulate(SENT, at(DEADLINE.getTime() + 5 * DAY_MS), 15 * MINUTE, () => offer());
    expect(sent).toEqual([
      { key: "offer:OF-1:t48:20261022T0130Z", kind: "t48", at: "2026-10-20T01:30:00.000Z" },
      { key: "offer:OF-1:t24:20261022T0130Z", kind: "t24", at: "2026-10-21T01:30:00.000Z" },
      { key: "offer:OF-1:overdue:20261022T0130Z", kind: "overdue", at: "2026-10-22T01:30:00.000Z" },
    ]);
  });

  it("none after the offer is answered", () => {
    const answeredAt = DEADLINE.getTime() - 30 * HOUR_MS; // between T-48h and T-24h
    for (const status of ["accepted", "declined", "withdrawn", "expired"] as OfferStatus[]) {
      const sent = simulate(SENT, at(DEADLINE.getTime() + 3 * DAY_MS), 15 * MINUTE, (now) =>
        now.getTime() < answeredAt
          ? offer()
          : offer({ status, respondedAt: status === "accepted" || status === "declined" ? at(answeredAt) : null }),
      );
      expect(
        sent.map((s) => s.kind),
        status,
      ).toEqual(["t48"]);
    }
    expect(dueNudges(offer({ status: "accepted", respondedAt: SENT }), DEADLINE)).toEqual([]);
  });

  it("a window the scheduler slept through is not sent late", () => {
    // Down from T-50h to T-20h: the t48 window passes unseen; t24 goes out when it wakes.
    const down = (now: Date) =>
      now.getTime() < DEADLINE.getTime() - 50 * HOUR_MS || now.getTime() >= DEADLINE.getTime() - 20 * HOUR_MS;
    const sent = simulate(SENT, at(DEADLINE.getTime() + DAY_MS), 15 * MINUTE, () => offer(), down);
    expect(sent.map((s) => [s.kind, s.at])).toEqual([
      ["t24", "2026-10-21T05:30:00.000Z"],
      ["overdue", "2026-10-22T01:30:00.000Z"],
    ]);
  });

  it("an offer sent inside a window gets no reminder for it", () => {
    const oneDay = offer({ deadlineAt: at(SENT.getTime() + DAY_MS) });
    expect(simulate(SENT, at(SENT.getTime() + 2 * DAY_MS), 15 * MINUTE, () => oneDay).map((s) => s.kind)).toEqual([
      "overdue",
    ]);
    const thirtyHours = offer({ deadlineAt: at(SENT.getTime() + 30 * HOUR_MS) });
    expect(simulate(SENT, at(SENT.getTime() + 2 * DAY_MS), 15 * MINUTE, () => thirtyHours).map((s) => s.kind)).toEqual([
      "t24",
      "overdue",
    ]);
  });

  it("extending the deadline arms the nudges again for the new deadline only", () => {
    // Overdue and escalated; at T+6h HR extends by 3 days (from now: the offer was overdue).
    const extendAt = DEADLINE.getTime() + 6 * HOUR_MS;
    const newDeadline = extendedDeadline(DEADLINE, 3, at(extendAt));
    expect(newDeadline.toISOString()).toBe("2026-10-25T07:30:00.000Z");
    const sent = simulate(SENT, at(newDeadline.getTime() + DAY_MS), 15 * MINUTE, (now) =>
      now.getTime() < extendAt ? offer() : offer({ deadlineAt: newDeadline }),
    );
    expect(sent.map((s) => s.key)).toEqual([
      "offer:OF-1:t48:20261022T0130Z",
      "offer:OF-1:t24:20261022T0130Z",
      "offer:OF-1:overdue:20261022T0130Z",
      "offer:OF-1:t48:20261025T0730Z",
      "offer:OF-1:t24:20261025T0730Z",
      "offer:OF-1:overdue:20261025T0730Z",
    ]);
    expect(nudgeKey("OF-1", "t24", newDeadline)).toBe("offer:OF-1:t24:20261025T0730Z");
  });
});

describe("urgency", () => {
  const now = new Date("2026-10-20T01:30:00Z");
  const o = (
    id: string,
    deadlineHours: number,
    status: OfferStatus = "pending",
    respondedHoursAgo: number | null = null,
  ): OfferFacts => ({
    externalId: id,
    sentAt: at(now.getTime() - 5 * DAY_MS),
    deadlineAt: at(now.getTime() + deadlineHours * HOUR_MS),
    status,
    respondedAt: respondedHoursAgo === null ? null : at(now.getTime() - respondedHoursAgo * HOUR_MS),
  });

  it("classifies by time left", () => {
    expect([-1, 0.5, 24, 30, 60, 80].map((h) => offerUrgency(o("x", h), now).urgency)).toEqual([
      "overdue",
      "due_24h",
      "due_24h",
      "due_48h",
      "due_3d",
      "later",
    ]);
    expect(offerUrgency(o("x", -50), now)).toEqual({ urgency: "overdue", msLeft: -50 * HOUR_MS, hoursLeft: -50 });
    expect(offerUrgency(o("x", 5, "accepted", 1), now)).toEqual({ urgency: "answered", msLeft: null, hoursLeft: null });
    expect(needsAttention(o("x", 72), now)).toBe(true);
    expect(needsAttention(o("x", 73), now)).toBe(false);
  });

  it("orders overdue first (most overdue first), then by deadline, answered last (latest answer first)", () => {
    const list = [
      o("later", 100),
      o("soon", 10),
      o("answered-old", -10, "declined", 48),
      o("late", -2),
      o("answered-new", 5, "accepted", 1),
      o("very-late", -40),
      o("soon-b", 10),
    ];
    expect(sortByUrgency(list).map((x) => x.externalId)).toEqual([
      "very-late",
      "late",
      "soon",
      "soon-b",
      "later",
      "answered-new",
      "answered-old",
    ]);
    expect(compareByUrgency(o("a", 1), o("a", 1))).toBe(0);
  });
});

describe("offer actions", () => {
  const ACTIONS: OfferAction[] = [
    { kind: "accept" },
    { kind: "decline" },
    { kind: "extend", days: 2 },
    { kind: "remind" },
  ];

  it("a pending offer takes all four; an answered one none", () => {
    expect(availableOfferActions(offer())).toEqual(["accept", "decline", "extend", "remind"]);
    for (const status of ["accepted", "declined", "expired", "withdrawn"] as OfferStatus[])
      expect(availableOfferActions(offer({ status }))).toEqual([]);
    for (const a of ACTIONS) expect(() => checkOfferAction(offer(), a)).not.toThrow();
  });

  it("an answered offer refuses every action, saying what it is", () => {
    const answered = offer({ status: "accepted", respondedAt: new Date("2026-10-20T02:00:00Z") });
    for (const a of ACTIONS) {
      const e = (() => {
        try {
          checkOfferAction(answered, a);
        } catch (err) {
          return err as RecruitError;
        }
        throw new Error("not refused");
      })();
      expect(e.code).toBe("offer.answered");
      expect(e.message).toBe("offer OF-1 is already accepted (2026-10-20T02:00:00.000Z); it takes no further actions");
      expect(e.messageFor("zh-CN")).toBe("offer OF-1 当前为「已接受」（2026-10-20T02:00:00.000Z），不能再操作");
    }
  });

  it("extends by 1 to 14 whole days only", () => {
    for (const days of [0, 15, -1, 1.5])
      expect(() => checkOfferAction(offer(), { kind: "extend", days })).toThrow(
        expect.objectContaining({ code: "offer.extend_days" }),
      );
    for (const days of [1, 14]) expect(() => checkOfferAction(offer(), { kind: "extend", days })).not.toThrow();
  });

  it("extends from the deadline, or from now when already overdue", () => {
    expect(extendedDeadline(DEADLINE, 2, SENT).toISOString()).toBe("2026-10-24T01:30:00.000Z");
    expect(extendedDeadline(DEADLINE, 2, new Date("2026-10-23T00:00:00Z")).toISOString()).toBe(
      "2026-10-25T00:00:00.000Z",
    );
  });

  it("a new offer's deadline is 3 days after sending by default", () => {
    expect(offerDeadline(SENT)).toEqual(DEADLINE);
    expect(offerDeadline(SENT, 7).toISOString()).toBe("2026-10-26T01:30:00.000Z");
    expect(() => offerDeadline(SENT, 0)).toThrow(expect.objectContaining({ code: "offer.deadline_days" }));
  });
});
