// The pipeline against a real database: moves with their history (who, when, note), refusals that
// write nothing, concurrent moves on one application (one wins, the other gets a clear error, the
// history stays consistent), interviews, sending offers, and screening an opening from the rows.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/client.ts";
import type { RecruitError } from "../../src/recruit/errors.ts";
import {
  applicationHistory,
  moveApplication,
  scheduleInterview,
  screenOpening,
  sendOffer,
} from "../../src/services/recruitment.ts";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";
import { importRecruitment, refused } from "./fixture.ts";

let fresh: FreshDatabase;
let database: Database;
const NOW = new Date("2026-10-20T01:30:00Z"); // 09:30 in Shanghai

beforeAll(async () => {
  fresh = await freshDatabase();
  database = openDatabase(fresh.url, { max: 6 });
  await importRecruitment(database.pool, (b) => {
    b.offers = [{ externalId: "OF-4", applicationExternalId: "AP-4", sentAt: "2026-10-18T01:30:00Z" }];
    // Applications for the concurrency tests.
    b.candidates.push(
      { externalId: "C-6", name: "并发一", resumeText: "x" },
      { externalId: "C-7", name: "并发二", resumeText: "x" },
      { externalId: "C-8", name: "并发三", resumeText: "x" },
    );
    b.applications.push(
      {
        externalId: "AP-6",
        candidateExternalId: "C-6",
        openingExternalId: "J-1",
        stage: "screened",
        appliedAt: "2026-10-01T02:00:00Z",
      },
      {
        externalId: "AP-7",
        candidateExternalId: "C-7",
        openingExternalId: "J-1",
        stage: "screened",
        appliedAt: "2026-10-01T02:00:00Z",
      },
      {
        externalId: "AP-8",
        candidateExternalId: "C-8",
        openingExternalId: "J-1",
        stage: "screened",
        appliedAt: "2026-10-01T02:00:00Z",
      },
    );
  });
});
afterAll(async () => {
  await database.close();
  await fresh.drop();
});

const stageOf = async (app: string) =>
  (await database.pool.query(`SELECT stage::text FROM applications WHERE external_id = $1`, [app])).rows[0].stage;
const historyCount = async () =>
  Number((await database.pool.query(`SELECT count(*) FROM application_stage_changes`)).rows[0].count);

/** Holds the application's row lock in another session until `release` is called. */
async function holdLock(app: string): Promise<() => Promise<void>> {
  const client = new pg.Client({ connectionString: fresh.url });
  await client.connect();
  await client.query("BEGIN");
  await client.query(`SELECT 1 FROM applications WHERE external_id = $1 FOR UPDATE`, [app]);
  return async () => {
    await client.query("COMMIT");
    await client.end();
  };
}

/** Resolves once `n` sessions are waiting for a row lock (so the racers really queued up). */
async function waitForLockWaiters(n: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const r = await database.pool.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if (r.rows[0].n >= n) return;
    await new Promise((res) => setTimeout(res, 25));
  }
  throw new Error(`never saw ${n} waiters`);
}

describe("moving an application", () => {
  it("changes the stage and records who, when and why, in one step", async () => {
    const change = await moveApplication(database.pool, {
      applicationExternalId: "AP-1",
      to: "screened",
      actor: "E-H1",
      note: "简历匹配 / good fit",
      now: NOW,
    });
    expect(change).toEqual({
      applicationExternalId: "AP-1",
      from: "applied",
      to: "screened",
      changedAt: NOW,
      changedBy: "E-H1",
      note: "简历匹配 / good fit",
      offers: [],
    });
    expect(await stageOf("AP-1")).toBe("screened");
    const h = await applicationHistory(database.pool, "AP-1");
    expect(h).toEqual({
      applicationExternalId: "AP-1",
      stage: "screened",
      history: [{ from: "applied", to: "screened", changedAt: NOW, changedBy: "E-H1", note: "简历匹配 / good fit" }],
    });
  });

  it("refuses an illegal move with a bilingual message and writes nothing", async () => {
    const before = await historyCount();
    const e = await refused(
      moveApplication(database.pool, { applicationExternalId: "AP-1", to: "offer", actor: "E-H1", now: NOW }),
    );
    expect(e.code).toBe("pipeline.illegal_transition");
    expect(e.messageFor("zh-CN")).toContain("不能从「初筛通过」改为「已发 offer」");
    expect(await stageOf("AP-1")).toBe("screened");
    expect(await historyCount()).toBe(before);
  });

  it("refuses unknown applications, bad input, and a stale expected stage", async () => {
    expect(
      (
        await refused(
          moveApplication(database.pool, { applicationExternalId: "AP-404", to: "screened", actor: "E-H1", now: NOW }),
        )
      ).code,
    ).toBe("application.unknown");
    expect(
      (
        await refused(
          moveApplication(database.pool, { applicationExternalId: "AP-1", to: "interview", actor: " ", now: NOW }),
        )
      ).message,
    ).toContain("actor: must name who acts");
    expect(
      (
        await refused(
          moveApplication(database.pool, {
            applicationExternalId: "AP-1",
            to: "hired" as never,
            actor: "E-H1",
            now: NOW,
          }),
        )
      ).code,
    ).toBe("input.invalid");
    const stale = await refused(
      moveApplication(database.pool, {
        applicationExternalId: "AP-1",
        to: "rejected",
        actor: "E-H1",
        now: NOW,
        expectedStage: "applied",
      }),
    );
    expect(stale.code).toBe("pipeline.stale");
    expect(stale.messageFor("en")).toBe(
      `application AP-1 changed meanwhile: it is now "screened", not "applied"; nothing was changed — refresh and try again`,
    );
  });

  it("withdrawing at the offer stage declines the pending offer with it", async () => {
    const change = await moveApplication(database.pool, {
      applicationExternalId: "AP-4",
      to: "withdrawn",
      actor: "E-H1",
      note: "接受了其他 offer",
      now: NOW,
    });
    expect(change.offers).toEqual([{ externalId: "OF-4", status: "declined" }]);
    const offer = (
      await database.pool.query(`SELECT status::text, responded_at FROM offers WHERE external_id = 'OF-4'`)
    ).rows[0];
    expect(offer).toEqual({ status: "declined", responded_at: NOW });
    expect(
      (
        await refused(
          moveApplication(database.pool, { applicationExternalId: "AP-4", to: "offer", actor: "E-H1", now: NOW }),
        )
      ).code,
    ).toBe("pipeline.final_stage");
  });
});

describe("concurrent moves on one application", () => {
  it("the same move twice: one wins, the other is told it is already there; one history row", async () => {
    const release = await holdLock("AP-6");
    const a = moveApplication(database.pool, {
      applicationExternalId: "AP-6",
      to: "interview",
      actor: "hr-a",
      now: NOW,
    });
    const b = moveApplication(database.pool, {
      applicationExternalId: "AP-6",
      to: "interview",
      actor: "hr-b",
      now: NOW,
    });
    const settled = Promise.allSettled([a, b]);
    await waitForLockWaiters(2);
    await release();
    const results = await settled;
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.flatMap((r) => (r.status === "rejected" ? [r.reason as RecruitError] : []));
    expect(won).toHaveLength(1);
    expect(lost.map((e) => e.code)).toEqual(["pipeline.same_stage"]);
    expect(lost[0]!.messageFor("zh-CN")).toBe("申请 AP-6 已经是「面试中」");
    const h = await applicationHistory(database.pool, "AP-6");
    expect(h.history.map((x) => [x.from, x.to])).toEqual([["screened", "interview"]]);
  });

  it("different moves from the stage both saw: with expectedStage the second is refused as stale", async () => {
    const release = await holdLock("AP-7");
    const a = moveApplication(database.pool, {
      applicationExternalId: "AP-7",
      to: "interview",
      actor: "hr-a",
      now: NOW,
      expectedStage: "screened",
    });
    const b = moveApplication(database.pool, {
      applicationExternalId: "AP-7",
      to: "rejected",
      actor: "hr-b",
      now: NOW,
      expectedStage: "screened",
    });
    const settled = Promise.allSettled([a, b]);
    await waitForLockWaiters(2);
    await release();
    const results = await settled;
    const won = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    const lost = results.flatMap((r) => (r.status === "rejected" ? [r.reason as RecruitError] : []));
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.code).toBe("pipeline.stale");
    expect(lost[0]!.params).toMatchObject({ expected: "screened", actual: won[0]!.to });
    const h = await applicationHistory(database.pool, "AP-7");
    expect(h.stage).toBe(won[0]!.to);
    expect(h.history.map((x) => [x.from, x.to, x.changedBy])).toEqual([["screened", won[0]!.to, won[0]!.changedBy]]);
  });

  it("without expectedStage, a second move still legal from the new stage goes through — and the history chains", async () => {
    const release = await holdLock("AP-8");
    const a = moveApplication(database.pool, {
      applicationExternalId: "AP-8",
      to: "interview",
      actor: "hr-a",
      now: NOW,
    });
    const settledA = Promise.allSettled([a]);
    await waitForLockWaiters(1);
    const b = moveApplication(database.pool, {
      applicationExternalId: "AP-8",
      to: "withdrawn",
      actor: "hr-b",
      now: new Date(NOW.getTime() + 1000),
    });
    const settledB = Promise.allSettled([b]);
    await waitForLockWaiters(2);
    await release();
    const results = [...(await settledA), ...(await settledB)];
    // Whoever got the lock first, every row's "from" is the stage the previous row left it at.
    const h = await applicationHistory(database.pool, "AP-8");
    let stage = "screened";
    for (const row of h.history) {
      expect(row.from).toBe(stage);
      stage = row.to;
    }
    expect(stage).toBe(h.stage);
    // Row-lock waiters are served in order: hr-a first, then hr-b's move from the new stage.
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled"]);
    expect(h.history.map((x) => [x.from, x.to, x.changedBy])).toEqual([
      ["screened", "interview", "hr-a"],
      ["interview", "withdrawn", "hr-b"],
    ]);
  });
});

describe("interviews", () => {
  const AT = new Date("2026-10-22T06:00:00Z");

  it("scheduling the first interview of a screened application moves it to interview", async () => {
    const r = await scheduleInterview(database.pool, {
      applicationExternalId: "AP-2",
      interviewExternalId: "IV-2",
      scheduledAt: AT,
      interviewers: ["E-M1", "E-A", "E-M1", " "],
      actor: "E-H1",
      now: NOW,
    });
    expect(r).toMatchObject({
      interviewExternalId: "IV-2",
      applicationExternalId: "AP-2",
      scheduledAt: AT,
      interviewers: ["E-M1", "E-A"],
      stageChange: { from: "screened", to: "interview", changedBy: "E-H1" },
    });
    const row = (
      await database.pool.query(`SELECT scheduled_at, interviewers FROM interviews WHERE external_id = 'IV-2'`)
    ).rows[0];
    expect(row).toEqual({ scheduled_at: AT, interviewers: ["E-M1", "E-A"] });
    // A second round: no stage change; a generated id.
    const second = await scheduleInterview(database.pool, {
      applicationExternalId: "AP-2",
      scheduledAt: new Date(AT.getTime() + 86_400_000),
      interviewers: ["E-M1"],
      actor: "E-H1",
      now: NOW,
    });
    expect(second.stageChange).toBeNull();
    expect(second.interviewExternalId).toMatch(/^IV-[0-9A-F]{10}$/);
  });

  it("refuses a past time, no interviewers, or an application not screened", async () => {
    expect(
      (
        await refused(
          scheduleInterview(database.pool, {
            applicationExternalId: "AP-2",
            scheduledAt: new Date(NOW.getTime() - 1),
            interviewers: ["E-M1"],
            actor: "E-H1",
            now: NOW,
          }),
        )
      ).code,
    ).toBe("interview.in_past");
    expect(
      (
        await refused(
          scheduleInterview(database.pool, {
            applicationExternalId: "AP-2",
            scheduledAt: AT,
            interviewers: [""],
            actor: "E-H1",
            now: NOW,
          }),
        )
      ).code,
    ).toBe("interview.no_interviewers");
    await moveApplication(database.pool, { applicationExternalId: "AP-1", to: "rejected", actor: "E-H1", now: NOW });
    const e = await refused(
      scheduleInterview(database.pool, {
        applicationExternalId: "AP-1",
        scheduledAt: AT,
        interviewers: ["E-M1"],
        actor: "E-H1",
        now: NOW,
      }),
    );
    expect(e.code).toBe("interview.stage");
    expect(e.messageFor("zh-CN")).toContain("当前为「未录用」");
  });
});

describe("sending an offer", () => {
  it("moves an interviewing application to offer with a 3-day deadline, audited", async () => {
    const { offer, stageChange } = await sendOffer(database.pool, {
      applicationExternalId: "AP-3",
      offerExternalId: "OF-3",
      actor: "E-H1",
      now: NOW,
    });
    expect(stageChange).toMatchObject({ from: "interview", to: "offer" });
    expect(offer).toMatchObject({
      externalId: "OF-3",
      status: "pending",
      sentAt: NOW,
      deadlineAt: new Date("2026-10-23T01:30:00Z"),
      urgency: "due_3d",
      hoursLeft: 72,
      actions: ["accept", "decline", "extend", "remind"],
      candidate: { externalId: "C-3", name: "Li Wei" },
      hiringManager: { externalId: "E-M1", name: "周敏" },
    });
    const audit = (await database.pool.query(`SELECT actor, action, entity_id FROM audit_log WHERE entity = 'offer'`))
      .rows;
    expect(audit).toEqual([{ actor: "E-H1", action: "offer.send", entity_id: "OF-3" }]);
  });

  it("refuses a second pending offer, and an application not interviewed yet", async () => {
    expect(
      (await refused(sendOffer(database.pool, { applicationExternalId: "AP-3", actor: "E-H1", now: NOW }))).code,
    ).toBe("offer.pending_exists");
    expect(
      (
        await refused(
          sendOffer(database.pool, { applicationExternalId: "AP-5", offerExternalId: "OF-3", actor: "E-H1", now: NOW }),
        )
      ).code,
    ).toBe("offer.exists");
    expect(await stageOf("AP-5")).toBe("offer");
    expect(
      (
        await refused(
          sendOffer(database.pool, { applicationExternalId: "AP-3", actor: "E-H1", now: NOW, responseDays: 0 }),
        )
      ).code,
    ).toBe("offer.deadline_days");
  });
});

describe("screening an opening", () => {
  it("ranks every applicant from the stored résumés and profile, with explanations", async () => {
    const s = await screenOpening(database.pool, "J-1");
    expect(s.opening).toEqual({
      externalId: "J-1",
      title: "海运销售代表 / Ocean freight sales",
      status: "open",
      teamExternalId: "T-EAST",
      ownerExternalId: "E-M1",
    });
    expect(
      s.candidates
        .slice(0, 5)
        .map((c) => [c.rank, c.candidateExternalId, c.screening.score, c.screening.missingRequired]),
    ).toEqual([
      [1, "C-1", 90, []], // 9 of 10: no 英语
      [2, "C-3", 80, []], // the objective line does not count for 海运; ＦＣＬ does
      [3, "C-2", 70, []],
      [4, "C-5", 50, ["海运"]], // "no ocean freight experience"
      [5, "C-4", 10, ["货代销售经验", "客户资源", "海运"]], // 上海运营 is not 海运; 暂无客户资源
    ]);
    const c2 = s.candidates.find((c) => c.candidateExternalId === "C-2")!;
    expect(c2.screening.keywords[0]!.matches[0]).toMatchObject({ form: "货代销售经验", text: "貨代銷售經驗" });
    expect(
      (await screenOpening(database.pool, "J-1", { stages: ["offer"] })).candidates.map((c) => c.candidateExternalId),
    ).toEqual(expect.arrayContaining(["C-3", "C-5"]));
  });

  it("refuses an unknown opening and an invalid stored profile", async () => {
    expect((await refused(screenOpening(database.pool, "J-404"))).code).toBe("opening.unknown");
    await database.pool.query(
      `UPDATE job_openings SET keyword_profile = '{"required": [{"keyword": "海运"}]}' WHERE external_id = 'J-2'`,
    );
    const e = await refused(screenOpening(database.pool, "J-2"));
    expect(e.code).toBe("opening.bad_profile");
    expect(e.message).toContain("required.0.weight");
  });
});
