// Offers against a real database: HR's list by urgency, the card's actions (accept, decline,
// extend, remind) and their refusals, the nudges due at a fixed clock with their recipients, and
// the daily digest's content.
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { openDatabase, type Database } from "../../src/db/client.ts";
import type { RecruitError } from "../../src/recruit/errors.ts";
import { onboardingStatus } from "../../src/services/onboarding.ts";
import {
  applicationHistory,
  dueOfferNudges,
  hrDigest,
  listOffers,
  offerAction,
} from "../../src/services/recruitment.ts";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";
import { startWebhookServer } from "../helpers/webhook-server.ts";
import { importRecruitment, setProgress, refused } from "./fixture.ts";

let fresh: FreshDatabase;
let database: Database;
const NOW = new Date("2026-10-20T01:30:00Z"); // Tuesday 09:30 in Shanghai
const h = (hours: number) => new Date(NOW.getTime() + hours * 3_600_000).toISOString();

beforeAll(async () => {
  fresh = await freshDatabase();
  database = openDatabase(fresh.url, { max: 6 });
  await importRecruitment(database.pool, (b) => {
    const extra = [
      ["C-6", "AP-6", "J-1", "offer"],
      ["C-7", "AP-7", "J-1", "offer"],
      ["C-8", "AP-8", "J-1", "accepted"],
      ["C-9", "AP-9", "J-2", "offer"],
      ["C-10", "AP-10", "J-1", "rejected"],
    ];
    for (const [c, ap, j, stage] of extra) {
      b.candidates.push({ externalId: c, name: `候选人${c}`, resumeText: "x" });
      b.applications.push({
        externalId: ap,
        candidateExternalId: c,
        openingExternalId: j,
        stage,
        appliedAt: "2026-10-01T02:00:00Z",
      });
    }
    b.offers = [
      { externalId: "OF-A", applicationExternalId: "AP-4", sentAt: h(-122), deadlineAt: h(-50) }, // overdue by 50 h
      { externalId: "OF-B", applicationExternalId: "AP-5", sentAt: h(-61), deadlineAt: h(13) }, // T-24h window
      { externalId: "OF-C", applicationExternalId: "AP-6", sentAt: h(-11), deadlineAt: h(61) }, // within 3 days, no nudge yet
      { externalId: "OF-D", applicationExternalId: "AP-7", sentAt: h(-1), deadlineAt: h(120) }, // later
      {
        externalId: "OF-E",
        applicationExternalId: "AP-8",
        sentAt: h(-100),
        deadlineAt: h(-28),
        status: "accepted",
        respondedAt: h(-30),
      },
      { externalId: "OF-F", applicationExternalId: "AP-9", sentAt: h(-80), deadlineAt: h(-8) }, // overdue; opening without owner or team
    ];
    b.interviews = [
      { externalId: "IV-1", applicationExternalId: "AP-3", scheduledAt: h(4.5), interviewers: "E-M1、E-A" }, // 14:00 today
      { externalId: "IV-2", applicationExternalId: "AP-3", scheduledAt: h(24), interviewers: ["E-M1"] }, // tomorrow
      { externalId: "IV-3", applicationExternalId: "AP-10", scheduledAt: h(2), interviewers: ["E-M1"] }, // today, but rejected
      { externalId: "IV-4", applicationExternalId: "AP-2", scheduledAt: h(-9), interviewers: ["E-B"] }, // 00:30 today
    ];
  });
  await setProgress(database.pool, "E-N", { contract: "2026-09-20T02:00:00Z", essentials: "2026-09-25T02:00:00Z" });
});
afterAll(async () => {
  await database.close();
  await fresh.drop();
});

const auditOf = async (offer: string) =>
  (
    await database.pool.query(
      `SELECT actor, action, details FROM audit_log WHERE entity = 'offer' AND entity_id = $1 ORDER BY id`,
      [offer],
    )
  ).rows;

describe("HR's offers list", () => {
  it("shows pending offers overdue or due within 3 days, most urgent first", async () => {
    const list = await listOffers(database.pool, { now: NOW });
    expect(list.map((o) => [o.externalId, o.urgency, o.hoursLeft])).toEqual([
      ["OF-A", "overdue", -50],
      ["OF-F", "overdue", -8],
      ["OF-B", "due_24h", 13],
      ["OF-C", "due_3d", 61],
    ]);
    expect(list[0]).toMatchObject({
      applicationExternalId: "AP-4",
      applicationStage: "offer",
      candidate: { externalId: "C-4", name: "刘洋" },
      opening: { externalId: "J-1", title: "海运销售代表 / Ocean freight sales", teamExternalId: "T-EAST" },
      hiringManager: { externalId: "E-M1", name: "周敏" },
      actions: ["accept", "decline", "extend", "remind"],
      reminders: 0,
      lastRemindedAt: null,
    });
    expect(list[1]!.hiringManager).toBeNull();
  });

  it("every pending offer, or all of them; or only one hiring manager's", async () => {
    expect((await listOffers(database.pool, { now: NOW, scope: "pending" })).map((o) => o.externalId)).toEqual([
      "OF-A",
      "OF-F",
      "OF-B",
      "OF-C",
      "OF-D",
    ]);
    const all = await listOffers(database.pool, { now: NOW, scope: "all" });
    expect(all.map((o) => o.externalId)).toEqual(["OF-A", "OF-F", "OF-B", "OF-C", "OF-D", "OF-E"]);
    expect(all[5]).toMatchObject({ status: "accepted", urgency: "answered", hoursLeft: null, actions: [] });
    expect(
      (await listOffers(database.pool, { now: NOW, hiringManagerExternalId: "E-M1" })).map((o) => o.externalId),
    ).toEqual(["OF-A", "OF-B", "OF-C"]);
  });
});

describe("nudges due at a fixed clock", () => {
  it("the overdue escalations and the T-24h reminder, to HR and the hiring manager, one key per person", async () => {
    const nudges = await dueOfferNudges(database.pool, { now: NOW });
    expect(nudges.map((n) => [n.idempotencyKey, n.kind, n.escalation])).toEqual([
      ["offer:OF-A:overdue:20261017T2330Z", "overdue", true],
      ["offer:OF-F:overdue:20261019T1730Z", "overdue", true],
      ["offer:OF-B:t24:20261020T1430Z", "t24", false],
    ]);
    expect(nudges[0]!.recipients).toEqual([
      {
        employeeExternalId: "E-H1",
        name: "林芳",
        role: "hr",
        idempotencyKey: "offer:OF-A:overdue:20261017T2330Z:E-H1",
      },
      {
        employeeExternalId: "E-M1",
        name: "周敏",
        role: "hiring_manager",
        idempotencyKey: "offer:OF-A:overdue:20261017T2330Z:E-M1",
      },
    ]);
    // No owner and no team: HR only.
    expect(nudges[1]!.recipients.map((r) => r.role)).toEqual(["hr"]);
    expect(nudges[2]!.offer).toMatchObject({ externalId: "OF-B", urgency: "due_24h" });
    // Asking again gives the same keys: the scheduler's claims make each go out once.
    expect(
      (await dueOfferNudges(database.pool, { now: new Date(NOW.getTime() + 60_000) })).map((n) => n.idempotencyKey),
    ).toEqual(nudges.map((n) => n.idempotencyKey));
  });

  it("OF-C gets its T-48h nudge when the window opens", async () => {
    const opens = new Date(NOW.getTime() + 13 * 3_600_000);
    expect(
      (await dueOfferNudges(database.pool, { now: new Date(opens.getTime() - 1) })).map((n) => n.idempotencyKey),
    ).not.toContain("offer:OF-C:t48:20261022T1430Z");
    expect((await dueOfferNudges(database.pool, { now: opens })).map((n) => n.idempotencyKey)).toContain(
      "offer:OF-C:t48:20261022T1430Z",
    );
  });
});

describe("offer actions", () => {
  it("accept: the offer is answered, the application accepted, both recorded", async () => {
    const r = await offerAction(database.pool, {
      offerExternalId: "OF-B",
      action: { kind: "accept" },
      actor: "E-H1",
      now: NOW,
      note: "电话确认 / confirmed by phone",
    });
    expect(r.offer).toMatchObject({
      externalId: "OF-B",
      status: "accepted",
      respondedAt: NOW,
      urgency: "answered",
      actions: [],
      applicationStage: "accepted",
    });
    expect(r.stageChange).toMatchObject({
      from: "offer",
      to: "accepted",
      changedBy: "E-H1",
      offers: [{ externalId: "OF-B", status: "accepted" }],
    });
    expect(
      (await applicationHistory(database.pool, "AP-5")).history.map((x) => [x.from, x.to, x.changedBy, x.note]),
    ).toEqual([["offer", "accepted", "E-H1", "电话确认 / confirmed by phone"]]);
    expect(await auditOf("OF-B")).toEqual([
      {
        actor: "E-H1",
        action: "offer.accept",
        details: expect.objectContaining({
          application: "AP-5",
          overdue: false,
          note: "电话确认 / confirmed by phone",
        }),
      },
    ]);
    // Answered: no more nudges for it.
    expect((await dueOfferNudges(database.pool, { now: NOW })).map((n) => n.offerExternalId)).not.toContain("OF-B");
  });

  it("an answered offer refuses every further action and writes nothing", async () => {
    for (const action of [
      { kind: "accept" },
      { kind: "decline" },
      { kind: "extend", days: 2 },
      { kind: "remind" },
    ] as const) {
      const e = await refused(offerAction(database.pool, { offerExternalId: "OF-B", action, actor: "E-H1", now: NOW }));
      expect(e.code).toBe("offer.answered");
      expect(e.messageFor("zh-CN")).toContain("当前为「已接受」");
    }
    expect(await auditOf("OF-B")).toHaveLength(1);
    expect(
      (
        await refused(
          offerAction(database.pool, { offerExternalId: "OF-E", action: { kind: "remind" }, actor: "E-H1", now: NOW }),
        )
      ).code,
    ).toBe("offer.answered");
  });

  it("decline: the application is declined", async () => {
    const r = await offerAction(database.pool, {
      offerExternalId: "OF-C",
      action: { kind: "decline" },
      actor: "E-M1",
      now: NOW,
    });
    expect(r.offer).toMatchObject({ status: "declined", applicationStage: "declined" });
    expect(r.stageChange).toMatchObject({ from: "offer", to: "declined" });
  });

  it("extend an overdue offer: N days from now; the escalation is re-armed for the new deadline", async () => {
    const r = await offerAction(database.pool, {
      offerExternalId: "OF-A",
      action: { kind: "extend", days: 2 },
      actor: "E-H1",
      now: NOW,
    });
    expect(r.extended).toEqual({ from: new Date(h(-50)), to: new Date(h(48)) });
    expect(r.offer).toMatchObject({
      status: "pending",
      deadlineAt: new Date(h(48)),
      urgency: "due_48h",
      hoursLeft: 48,
    });
    expect(r.stageChange).toBeNull();
    expect(await auditOf("OF-A")).toEqual([
      { actor: "E-H1", action: "offer.extend", details: { days: 2, from: h(-50), to: h(48), note: null } },
    ]);
    const keys = (await dueOfferNudges(database.pool, { now: new Date(h(48)) })).map((n) => n.idempotencyKey);
    expect(keys).toContain("offer:OF-A:overdue:20261022T0130Z");
  });

  it("extend refuses 0 or 15 days and bad payloads, writing nothing", async () => {
    for (const days of [0, 15])
      expect(
        (
          await refused(
            offerAction(database.pool, {
              offerExternalId: "OF-D",
              action: { kind: "extend", days },
              actor: "E-H1",
              now: NOW,
            }),
          )
        ).code,
      ).toBe("offer.extend_days");
    expect(
      (
        await refused(
          offerAction(database.pool, {
            offerExternalId: "OF-D",
            action: { kind: "extend" } as never,
            actor: "E-H1",
            now: NOW,
          }),
        )
      ).code,
    ).toBe("input.invalid");
    expect(
      (
        await refused(
          offerAction(database.pool, {
            offerExternalId: "OF-D",
            action: { kind: "hire" } as never,
            actor: "E-H1",
            now: NOW,
          }),
        )
      ).code,
    ).toBe("input.invalid");
    expect(
      (
        await refused(
          offerAction(database.pool, {
            offerExternalId: "OF-404",
            action: { kind: "remind" },
            actor: "E-H1",
            now: NOW,
          }),
        )
      ).code,
    ).toBe("offer.unknown");
    expect(await auditOf("OF-D")).toEqual([]);
  });

  it("remind the candidate: logged each time, nothing else changes", async () => {
    // Reminding needs somewhere to send to (src/services/remind.ts): a consumer on 127.0.0.1.
    const webhook = await startWebhookServer();
    onTestFinished(() => webhook.close());
    await database.pool.query(`INSERT INTO settings (key, value) VALUES ('remind.webhook', $1::jsonb)`, [
      JSON.stringify({ url: webhook.url, secret: webhook.secret }),
    ]);
    await offerAction(database.pool, { offerExternalId: "OF-D", action: { kind: "remind" }, actor: "E-H1", now: NOW });
    const later = new Date(NOW.getTime() + 3_600_000);
    const r = await offerAction(database.pool, {
      offerExternalId: "OF-D",
      action: { kind: "remind" },
      actor: "E-M1",
      now: later,
      note: "微信提醒",
    });
    expect(r.offer).toMatchObject({
      status: "pending",
      reminders: 2,
      lastRemindedAt: later,
      deadlineAt: new Date(h(120)),
    });
    expect((await auditOf("OF-D")).map((a) => [a.actor, a.action, a.details.note])).toEqual([
      ["E-H1", "offer.remind", null],
      ["E-M1", "offer.remind", "微信提醒"],
    ]);
  });

  it("an offer whose application already moved on cannot be accepted", async () => {
    await database.pool.query(`UPDATE applications SET stage = 'withdrawn' WHERE external_id = 'AP-9'`);
    const e = await refused(
      offerAction(database.pool, { offerExternalId: "OF-F", action: { kind: "accept" }, actor: "E-H1", now: NOW }),
    );
    expect(e.code).toBe("offer.application_moved");
    expect(e.messageFor("zh-CN")).toBe("offer OF-F 无法处理：对应申请当前为「已退出」，不是「已发 offer」");
    await database.pool.query(`UPDATE applications SET stage = 'offer' WHERE external_id = 'AP-9'`);
  });

  it("accepting one of two pending offers withdraws the other", async () => {
    await database.pool.query(
      `INSERT INTO offers (external_id, application_id, sent_at, deadline_at) SELECT 'OF-G', id, $1, $2 FROM applications WHERE external_id = 'AP-7'`,
      [h(-2), h(70)],
    );
    const r = await offerAction(database.pool, {
      offerExternalId: "OF-G",
      action: { kind: "accept" },
      actor: "E-H1",
      now: NOW,
    });
    expect(r.stageChange!.offers).toEqual([
      { externalId: "OF-D", status: "withdrawn" },
      { externalId: "OF-G", status: "accepted" },
    ]);
    const rows = (
      await database.pool.query(
        `SELECT external_id, status::text, responded_at FROM offers WHERE external_id IN ('OF-D', 'OF-G') ORDER BY 1`,
      )
    ).rows;
    expect(rows).toEqual([
      { external_id: "OF-D", status: "withdrawn", responded_at: null },
      { external_id: "OF-G", status: "accepted", responded_at: NOW },
    ]);
  });

  it("accept and decline clicked at once: one wins, the other is told the offer is answered", async () => {
    const settled = Promise.allSettled([
      offerAction(database.pool, { offerExternalId: "OF-F", action: { kind: "accept" }, actor: "hr-a", now: NOW }),
      offerAction(database.pool, { offerExternalId: "OF-F", action: { kind: "decline" }, actor: "hr-b", now: NOW }),
    ]);
    const results = await settled;
    const won = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    const lost = results.flatMap((r) => (r.status === "rejected" ? [r.reason as RecruitError] : []));
    expect(won).toHaveLength(1);
    expect(lost.map((e) => e.code)).toEqual(["offer.answered"]);
    const history = await applicationHistory(database.pool, "AP-9");
    expect(history.history).toHaveLength(1);
    expect(history.stage).toBe(won[0]!.offer.applicationStage);
  });
});

describe("HR digest", () => {
  it("offers needing attention, today's interviews, new hires behind — as data, with its key and recipients", async () => {
    const d = await hrDigest(database.pool, { now: NOW });
    expect(d).toMatchObject({
      idempotencyKey: "hr-digest:2026-10-20",
      date: "2026-10-20",
      timezone: "Asia/Shanghai",
      generatedAt: NOW,
    });
    // OF-A was extended to T+48h, OF-B accepted, OF-C declined, OF-F answered above.
    expect(d.offers.map((o) => [o.externalId, o.urgency])).toEqual([["OF-A", "due_48h"]]);
    expect(d.interviewsToday.map((i) => [i.interviewExternalId, i.candidate.name, i.interviewers])).toEqual([
      ["IV-4", "陳美玲", ["E-B"]],
      ["IV-1", "Li Wei", ["E-M1", "E-A"]],
    ]);
    const status = await onboardingStatus(database.pool, { asOf: NOW });
    expect(d.newHiresBehind.map((x) => x.employee.externalId)).toEqual(
      status.newHires.filter((x) => x.behind).map((x) => x.employee.externalId),
    );
    expect(d.newHiresBehind.map((x) => x.employee.externalId)).toContain("E-N");
    expect(d.counts).toEqual({
      offersOverdue: 0,
      offersDueSoon: 1,
      interviewsToday: 2,
      newHiresBehind: d.newHiresBehind.length,
      newHires: 2,
    });
    expect(d.recipients).toEqual([
      { employeeExternalId: "E-H1", name: "林芳", idempotencyKey: "hr-digest:2026-10-20:E-H1" },
    ]);
  });
});
