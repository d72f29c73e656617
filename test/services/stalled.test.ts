// Stalled-pipeline alerts against a real database, with the pipeline fed through the ingest API
// (ingestBatch) at a fixed business clock: what is due, to whom, that each candidate at an opening
// goes out once per cause (also when two senders race), the settings, and the alert card.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stalledCard } from "../../cards/builders/stalled.ts";
import { openDatabase, type Database } from "../../src/db/client.ts";
import { IngestError, ingestBatch } from "../../src/ingest/batch.ts";
import type { RecruitError } from "../../src/recruit/errors.ts";
import { importScenario } from "../../src/scenario/import.ts";
import { claimStalledAlerts, dueStalledAlerts } from "../../src/services/stalled.ts";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";
import { readFixture } from "../helpers/fixtures.ts";

let fresh: FreshDatabase;
let database: Database;

/** The business clock: Tuesday 2026-10-20, 10:00 in Shanghai. */
const NOW = new Date("2026-10-20T02:00:00Z");
const WEDNESDAY = new Date("2026-10-21T02:00:00Z");
const local = (date: string, time = "10:00") => `${date}T${time}:00+08:00`;

beforeAll(async () => {
  fresh = await freshDatabase();
  database = openDatabase(fresh.url, { max: 4 });
  const pool = database.pool;
  // The organization and its people (HR E-H1, manager E-M1 of T-EAST); the pipeline via ingest.
  await importScenario(pool, readFixture("golden-east-2026-10.scenario.json"));
  await ingestBatch(pool, "job-openings", [
    { externalId: "J-1", title: "海运销售代表", teamExternalId: "T-EAST", ownerExternalId: "E-M1" },
    { externalId: "J-2", title: "空运销售" },
  ]);
  await ingestBatch(
    pool,
    "candidates",
    ["王磊", "陈美玲", "Li Wei", "刘洋", "Zhang Min", "赵强", "周八"].map((name, i) => ({
      externalId: `C-${i + 1}`,
      name,
      resumeText: "货代销售",
    })),
  );
  const app = (n: number, opening: string, stage: string, appliedAt: string) => ({
    externalId: `AP-${n}`,
    candidateExternalId: `C-${n}`,
    openingExternalId: opening,
    stage,
    appliedAt,
  });
  await ingestBatch(pool, "applications", [
    app(1, "J-1", "applied", local("2026-10-14")), // Wed: 4 working days by Tuesday → due
    app(2, "J-1", "applied", local("2026-10-16")), // Fri: 2 by Tuesday, 3 on Wednesday
    app(3, "J-1", "interview", local("2026-10-05")), // interview passed Friday → 2 by Tuesday → due
    app(4, "J-1", "interview", local("2026-10-05")), // interview failed → nothing
    app(5, "J-2", "accepted", local("2026-10-01")), // accepted Thursday, no start date → 3 → due
    app(6, "J-1", "accepted", local("2026-10-01")), // accepted with a start date → nothing
    app(7, "J-1", "rejected", local("2026-10-01")), // closed → nothing
  ]);
  await ingestBatch(pool, "interviews", [
    {
      externalId: "IV-3",
      applicationExternalId: "AP-3",
      scheduledAt: local("2026-10-16", "14:00"),
      interviewers: "E-M1",
      result: "passed",
    },
    {
      externalId: "IV-4",
      applicationExternalId: "AP-4",
      scheduledAt: local("2026-10-16", "15:00"),
      interviewers: "E-M1",
      result: "failed",
    },
  ]);
  await ingestBatch(pool, "offers", [
    {
      externalId: "OF-5",
      applicationExternalId: "AP-5",
      sentAt: local("2026-10-13"),
      status: "accepted",
      respondedAt: local("2026-10-15"),
    },
    {
      externalId: "OF-6",
      applicationExternalId: "AP-6",
      sentAt: local("2026-10-13"),
      status: "accepted",
      respondedAt: local("2026-10-15"),
      startDate: "2026-11-02",
    },
  ]);
});
afterAll(async () => {
  await database.close();
  await fresh.drop();
});

describe("what is due", () => {
  it("at Tuesday 10:00: the passed interview, the accepted offer without a start date, the old application", async () => {
    const due = await dueStalledAlerts(database.pool, { now: NOW });
    expect(due).toMatchObject({ date: "2026-10-20", timezone: "Asia/Shanghai", generatedAt: NOW });
    expect(due.items.map((i) => [i.cause, i.applicationExternalId, i.workingDaysElapsed, i.thresholdDays])).toEqual([
      ["interview_passed_no_offer", "AP-3", 2, 2],
      ["accepted_no_start_date", "AP-5", 3, 2],
      ["unscreened", "AP-1", 4, 3],
    ]);
    expect(due.items[0]).toMatchObject({
      key: "stalled:interview_passed_no_offer:C-3@J-1",
      candidate: { externalId: "C-3", name: "Li Wei" },
      opening: { externalId: "J-1", title: "海运销售代表" },
      hiringManager: { externalId: "E-M1" },
      since: new Date(local("2026-10-16", "14:00")),
    });
    expect(due.items[1]).toMatchObject({ offerExternalId: "OF-5", hiringManager: null });
  });

  it("goes to HR and the opening's hiring manager, one key per person", async () => {
    const due = await dueStalledAlerts(database.pool, { now: NOW });
    expect(due.items[0]!.recipients).toEqual([
      {
        employeeExternalId: "E-H1",
        name: expect.any(String),
        role: "hr",
        idempotencyKey: "stalled:interview_passed_no_offer:C-3@J-1:E-H1",
      },
      {
        employeeExternalId: "E-M1",
        name: expect.any(String),
        role: "hiring_manager",
        idempotencyKey: "stalled:interview_passed_no_offer:C-3@J-1:E-M1",
      },
    ]);
    // J-2 has neither owner nor team: HR only.
    expect(due.items[1]!.recipients.map((r) => r.role)).toEqual(["hr"]);
  });

  it("reading changes nothing: asking twice gives the same answer", async () => {
    expect(await dueStalledAlerts(database.pool, { now: NOW })).toEqual(
      await dueStalledAlerts(database.pool, { now: NOW }),
    );
  });

  it("follows the settings stored with pacer config, and refuses a bad one by name", async () => {
    const pool = database.pool;
    await pool.query(`INSERT INTO settings (key, value) VALUES ('stalled.unscreenedDays', '5'::jsonb)`);
    try {
      const causes = (await dueStalledAlerts(pool, { now: NOW })).items.map((i) => i.cause);
      expect(causes).not.toContain("unscreened");
      await pool.query(`UPDATE settings SET value = '"3"'::jsonb WHERE key = 'stalled.unscreenedDays'`);
      let error: RecruitError | undefined;
      await dueStalledAlerts(pool, { now: NOW }).catch((e) => {
        error = e;
      });
      expect(error?.code).toBe("settings.invalid");
      expect(error?.params.key).toBe("stalled.unscreenedDays");
    } finally {
      await pool.query(`DELETE FROM settings WHERE key = 'stalled.unscreenedDays'`);
    }
  });

  it("an offer's start date must be a real date: the feed refuses the batch and writes nothing", async () => {
    await expect(
      ingestBatch(database.pool, "offers", [
        { externalId: "OF-X", applicationExternalId: "AP-5", sentAt: local("2026-10-13"), startDate: "2026-13-01" },
      ]),
    ).rejects.toBeInstanceOf(IngestError);
    const n = await database.pool.query(`SELECT count(*)::int AS n FROM offers WHERE external_id = 'OF-X'`);
    expect(n.rows[0].n).toBe(0);
  });
});

describe("the alert card", () => {
  it("lists each cause with candidate, opening, manager, since and working days, in both languages", async () => {
    const due = await dueStalledAlerts(database.pool, { now: NOW });
    const card = stalledCard(due.items, { timezone: due.timezone, generatedAt: due.generatedAt });
    expect(card.header).toEqual({
      title: { "zh-CN": "3 位候选人卡在招聘流程中", en: "3 candidates are stalled" },
      tone: "warning",
    });
    const tables = card.elements.filter((e) => e.type === "table");
    expect(
      tables.map((t) => t.rows.map((r) => [r.candidate!.en, r.opening!.en, r.manager!.en, r.waiting!.en])),
    ).toEqual([
      [["Li Wei", "海运销售代表", expect.any(String), "2 working days"]],
      [["Zhang Min", "空运销售", "none", "3 working days"]],
      [["王磊", "海运销售代表", expect.any(String), "4 working days"]],
    ]);
    expect(tables[0]!.rows[0]!.since).toEqual({ "zh-CN": "10月16日", en: "Oct 16" });
    expect(tables[2]!.rows[0]!.waiting!["zh-CN"]).toBe("4 个工作日");
    expect(card.summary.en).toBe(
      "Stalled pipeline: Interview passed, no offer yet 1 · Offer accepted, no start date 1 · Applied, not screened 1",
    );
    expect(card.summary["zh-CN"]).toContain("招聘卡点");
  });
});

describe("each candidate and cause once", () => {
  it("a claim records what it returns; the next claim at the same time has nothing left", async () => {
    const first = await claimStalledAlerts(database.pool, { now: NOW });
    expect(first.items.map((i) => i.key)).toEqual([
      "stalled:interview_passed_no_offer:C-3@J-1",
      "stalled:accepted_no_start_date:C-5@J-2",
      "stalled:unscreened:C-1@J-1",
    ]);
    expect((await claimStalledAlerts(database.pool, { now: NOW })).items).toEqual([]);
    expect((await dueStalledAlerts(database.pool, { now: NOW })).items).toEqual([]);
    const stored = await database.pool.query(`SELECT key, sent_at FROM stalled_alerts ORDER BY key`);
    expect(stored.rows).toHaveLength(3);
    expect(stored.rows.every((r) => r.sent_at.getTime() === NOW.getTime())).toBe(true);
  });

  it("the next day only the newly stalled application; two senders racing include it once between them", async () => {
    const [digest, nudge] = await Promise.all([
      claimStalledAlerts(database.pool, { now: WEDNESDAY }),
      claimStalledAlerts(database.pool, { now: WEDNESDAY }),
    ]);
    const keys = [...digest.items, ...nudge.items].map((i) => i.key);
    expect(keys).toEqual(["stalled:unscreened:C-2@J-1"]);
  });

  it("a run retried after dying between its claim and its sends is given its items again; no one else is", async () => {
    const thursday = new Date("2026-10-22T02:00:00Z");
    await database.pool.query(
      `INSERT INTO applications (external_id, candidate_id, opening_id, stage, applied_at)
       SELECT 'A-RETRY', c.id, o.id, 'applied', '2026-10-19T02:00:00Z' FROM candidates c, job_openings o
       WHERE c.external_id = 'C-2' AND o.external_id = 'J-2'`,
    );
    const first = await claimStalledAlerts(database.pool, {
      now: thursday,
      claimant: "stalled-nudges.2026-10-22.1000",
    });
    expect(first.items.map((i) => i.key)).toEqual(["stalled:unscreened:C-2@J-2"]);
    const retried = await claimStalledAlerts(database.pool, {
      now: thursday,
      claimant: "stalled-nudges.2026-10-22.1000",
    });
    expect(retried.items).toEqual(first.items);
    expect(
      (await claimStalledAlerts(database.pool, { now: thursday, claimant: "hr-digest.2026-10-22.0930" })).items,
    ).toEqual([]);
    expect((await claimStalledAlerts(database.pool, { now: thursday })).items).toEqual([]);
    const stored = await database.pool.query(
      `SELECT claimed_by FROM stalled_alerts WHERE key = 'stalled:unscreened:C-2@J-2'`,
    );
    expect(stored.rows).toEqual([{ claimed_by: "stalled-nudges.2026-10-22.1000" }]);
  });

  it("still stalled a week later, but never alerted again", async () => {
    const later = new Date("2026-10-27T02:00:00Z");
    expect((await dueStalledAlerts(database.pool, { now: later })).items).toEqual([]);
  });

  it("refuses a clock that is not a valid instant", async () => {
    let error: RecruitError | undefined;
    await dueStalledAlerts(database.pool, { now: new Date("nope") }).catch((e) => {
      error = e;
    });
    expect(error?.code).toBe("input.invalid");
  });
});
