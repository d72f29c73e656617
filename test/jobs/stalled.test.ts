// Stalled-candidate alerts through the worker on each platform, the pipeline fed only through the
// ingest API: HR and the opening's hiring manager each get a candidate+cause once — by the timed
// nudge (the stalled card) or in the HR digest, whichever run claims it first, never both; a second
// run sends nothing; a candidate who got an offer meanwhile is not alerted; waiting is counted in
// working days of the calendar (a weekend does not count), and no scheduled nudge runs on a weekend.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findJob } from "../../jobs/registry.ts";
import type { Database } from "../../src/db/client.ts";
import { ingestBatch } from "../../src/ingest/batch.ts";
import type { PlatformName } from "../../src/platform.ts";
import { importScenario } from "../../src/scenario/import.ts";
import type { PacerWorker } from "../../src/worker/main.ts";
import { enqueueRun, manualPlan, planRun } from "../../src/worker/trigger.ts";
import { createLogger } from "../../src/log.ts";
import type { FakeLark } from "../helpers/fake-lark.ts";
import type { FakeSlack } from "../helpers/fake-slack.ts";
import { readFixture } from "../helpers/fixtures.ts";
import { type JobHarness, startJobHarness } from "../helpers/job-harness.ts";
import { allowFastSends, finished, linkAccounts, runByHand } from "./helpers.ts";

/** A business clock in Shanghai: 2026-10-19 is a Monday. */
const at = (date: string, time = "10:00") => new Date(`${date}T${time}:00+08:00`);
const local = (date: string, time = "10:00") => `${date}T${time}:00+08:00`;

/** The stalled card's footer, in either language: tells a stalled card from any other message. */
const STALLED_CARD = /只提醒一次|once per cause/;

/**
 * The golden-east organization (HR E-H1; manager E-M1 owns J-1), the pipeline through ingest:
 * AP-1 applied Wed 14th, AP-2 applied Fri 16th (unscreened); AP-3's interview passed Fri 16th;
 * AP-5 accepted Thu 15th without a start date (J-2, no hiring manager); AP-8's interview passed
 * Mon 19th; AP-9 applied Mon 19th. Others are not stalled.
 */
async function seed(pool: Database["pool"], platform: PlatformName): Promise<void> {
  await importScenario(pool, readFixture("golden-east-2026-10.scenario.json"));
  await linkAccounts(pool, platform);
  await allowFastSends(pool);
  await ingestBatch(pool, "job-openings", [
    { externalId: "J-1", title: "海运销售代表", teamExternalId: "T-EAST", ownerExternalId: "E-M1" },
    { externalId: "J-2", title: "空运销售" },
  ]);
  const names = ["王磊", "陈美玲", "Li Wei", "刘洋", "Zhang Min", "赵强", "周八", "Sun Li", "Qian Bo"];
  await ingestBatch(
    pool,
    "candidates",
    names.map((name, i) => ({ externalId: `C-${i + 1}`, name, resumeText: "货代销售" })),
  );
  const app = (n: number, opening: string, stage: string, appliedAt: string) => ({
    externalId: `AP-${n}`,
    candidateExternalId: `C-${n}`,
    openingExternalId: opening,
    stage,
    appliedAt,
  });
  await ingestBatch(pool, "applications", [
    app(1, "J-1", "applied", local("2026-10-14")),
    app(2, "J-1", "applied", local("2026-10-16")),
    app(3, "J-1", "interview", local("2026-10-05")),
    app(4, "J-1", "interview", local("2026-10-05")),
    app(5, "J-2", "accepted", local("2026-10-01")),
    app(6, "J-1", "accepted", local("2026-10-01")),
    app(7, "J-1", "rejected", local("2026-10-01")),
    app(8, "J-1", "interview", local("2026-10-05")),
    app(9, "J-1", "applied", local("2026-10-19")),
  ]);
  const interview = (n: number, date: string, result: string) => ({
    externalId: `IV-${n}`,
    applicationExternalId: `AP-${n}`,
    scheduledAt: local(date, "14:00"),
    interviewers: "E-M1",
    result,
  });
  await ingestBatch(pool, "interviews", [
    interview(3, "2026-10-16", "passed"),
    interview(4, "2026-10-16", "failed"),
    interview(8, "2026-10-19", "passed"),
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
}

describe.each(["slack", "lark"] as const)("stalled-candidate alerts on %s", (platform) => {
  let h: JobHarness;
  let database: Database;
  let slack: FakeSlack | undefined;
  let lark: FakeLark | undefined;
  let worker: PacerWorker;

  beforeAll(async () => {
    h = await startJobHarness({ platform, seed: (db) => seed(db.pool, platform) });
    ({ database, slack, lark, worker } = h);
  });

  afterAll(async () => {
    await h?.stop();
  });

  /** Everything the worker sent to `externalId`, one string per message. */
  const sentTo = (externalId: string): string[] => h.sentTo(externalId);
  const stalledCards = (externalId: string) => sentTo(externalId).filter((m) => STALLED_CARD.test(m));
  const allSent = () => (slack ? slack.callsTo("chat.postMessage").length : lark!.messages.length);
  const waitForSent = async (n: number) => {
    if (slack) await slack.waitFor(() => slack!.callsTo("chat.postMessage").length >= n);
    else await lark!.waitFor(() => lark!.messages.length >= n);
  };
  const run = (id: string, now: Date) => runByHand(database.pool, worker.queues, id, { now });

  it("Monday: the nudge sends what waited its working days — the weekend does not count", async () => {
    const monday = await run("stalled-nudges", at("2026-10-19"));
    // AP-1 (3 working days) and AP-5 (2) are due; AP-2 applied Friday (3 calendar days, 1 working
    // day) and AP-3 interviewed Friday (1 working day) are not.
    expect(monday.result).toMatchObject({ items: 2, deliveries: 2 });
    await waitForSent(2);
    const [hr] = stalledCards("E-H1");
    expect(stalledCards("E-H1")).toHaveLength(1);
    expect(hr).toContain("王磊");
    expect(hr).toContain("Zhang Min");
    expect(hr).not.toContain("陈美玲");
    expect(hr).not.toContain("Li Wei");
    // The hiring manager of J-1 sees only J-1's candidate; J-2 has no hiring manager.
    expect(stalledCards("E-M1")).toHaveLength(1);
    expect(stalledCards("E-M1")[0]).toContain("王磊");
    expect(stalledCards("E-M1")[0]).not.toContain("Zhang Min");
  });

  it("Tuesday: the newly stalled one only, once each; running again sends nothing", async () => {
    const tuesday = await run("stalled-nudges", at("2026-10-20"));
    expect(tuesday.result).toMatchObject({ items: 1, deliveries: 2 });
    await waitForSent(4);
    expect(stalledCards("E-H1")).toHaveLength(2);
    expect(stalledCards("E-M1")).toHaveLength(2);
    expect(stalledCards("E-H1")[1]).toContain("Li Wei");
    expect(stalledCards("E-H1")[1]).not.toContain("王磊");
    expect(stalledCards("E-M1")[1]).toContain("Li Wei");

    const again = await run("stalled-nudges", at("2026-10-20"));
    expect(again.created).toBe(false);
    const later = await run("stalled-nudges", at("2026-10-20", "14:00"));
    expect(later.result).toMatchObject({ items: 0, deliveries: 0 });
    expect(allSent()).toBe(4);
  });

  it("Wednesday: a candidate who got an offer meanwhile is not alerted; the digest after the nudge lists nothing again", async () => {
    await ingestBatch(database.pool, "offers", [
      { externalId: "OF-8", applicationExternalId: "AP-8", sentAt: local("2026-10-20", "16:00") },
    ]);
    const nudge = await run("stalled-nudges", at("2026-10-21"));
    // AP-2 reached 3 working days; AP-8 would have reached 2 but has its offer.
    expect(nudge.result).toMatchObject({ items: 1, deliveries: 2 });
    await waitForSent(6);
    expect(stalledCards("E-H1")[2]).toContain("陈美玲");
    expect(stalledCards("E-M1")[2]).toContain("陈美玲");
    for (const who of ["E-H1", "E-M1"]) expect(stalledCards(who).join("")).not.toContain("Sun Li");

    const sentBefore = allSent();
    const digest = await run("hr-digest", at("2026-10-21", "10:30"));
    expect(digest.result).toMatchObject({ stalled: 0 });
    await waitForSent(sentBefore + 1);
    const hrDigest = sentTo("E-H1").at(-1)!;
    expect(hrDigest).toMatch(/没有新卡住的候选人|No candidate newly stalled/);
    expect(hrDigest).not.toContain("陈美玲");
    expect(stalledCards("E-M1")).toHaveLength(3);
  });

  it("Thursday: the digest claims what is newly stalled, the hiring manager gets it apart; the nudge after it sends nothing", async () => {
    const sentBefore = allSent();
    const hrBefore = sentTo("E-H1").length;
    const digest = await run("hr-digest", at("2026-10-22"));
    expect(digest.result).toMatchObject({ stalled: 1 });
    await waitForSent(sentBefore + 2);
    const hrDigest = sentTo("E-H1").slice(hrBefore);
    expect(hrDigest).toHaveLength(1);
    expect(hrDigest[0]).toContain("Qian Bo");
    expect(hrDigest[0]).toMatch(/新卡住的候选人|Newly stalled candidates/);
    expect(stalledCards("E-H1")).toHaveLength(3);
    expect(stalledCards("E-M1")).toHaveLength(4);
    expect(stalledCards("E-M1")[3]).toContain("Qian Bo");

    const nudge = await run("stalled-nudges", at("2026-10-22", "10:30"));
    expect(nudge.result).toMatchObject({ items: 0, deliveries: 0 });
    expect(sentTo("E-H1").filter((m) => m.includes("Qian Bo"))).toHaveLength(1);
    expect(stalledCards("E-M1")).toHaveLength(4);
  });

  it("a nudge run that died between its claim and its sends sends them when the run is tried again", async () => {
    await ingestBatch(database.pool, "candidates", [{ externalId: "C-10", name: "Wu Yi", resumeText: "货代销售" }]);
    await ingestBatch(database.pool, "applications", [
      {
        externalId: "AP-10",
        candidateExternalId: "C-10",
        openingExternalId: "J-1",
        stage: "applied",
        appliedAt: local("2026-10-16"),
      },
    ]);
    const job = findJob("stalled-nudges")!;
    const plan = await manualPlan(database.pool, job, { now: at("2026-10-23") });
    if ("skip" in plan) throw new Error(plan.skip);
    // The first try claims AP-10 and dies before its sends are queued.
    const ctx = { runId: plan.runId, pool: database.pool, log: createLogger("silent"), now: () => at("2026-10-23") };
    const died = await job.run({ ...ctx, platforms: [platform], settings: {} as never }, plan.payload as never);
    expect(died.result).toMatchObject({ items: 1 });
    // The digest in between must not take it, and must not be given it.
    const digest = await run("hr-digest", at("2026-10-23", "10:05"));
    expect(digest.result).toMatchObject({ stalled: 0 });
    const sentBefore = allSent();
    const hrBefore = stalledCards("E-H1").length;
    // The same run, tried again, is given AP-10 again and sends it: HR and the hiring manager, once.
    await enqueueRun(worker.queues.runs, job, plan);
    expect(await finished(worker.queues, plan.runId)).toMatchObject({ items: 1, deliveries: 2 });
    await waitForSent(sentBefore + 2);
    expect(stalledCards("E-H1").slice(hrBefore).join("")).toContain("Wu Yi");
    expect(stalledCards("E-M1").at(-1)).toContain("Wu Yi");
  });

  it("no scheduled nudge on a weekend; one on a working day", async () => {
    const job = findJob("stalled-nudges")!;
    const saturday = await planRun(database.pool, job, {
      date: "2026-10-24",
      slot: "10:00",
      asOf: at("2026-10-24"),
      manual: false,
    });
    expect(saturday).toEqual({ skip: "2026-10-24 is not a working day" });
    const friday = await planRun(database.pool, job, {
      date: "2026-10-23",
      slot: "10:00",
      asOf: at("2026-10-23"),
      manual: false,
    });
    expect(friday).toMatchObject({ runId: "stalled-nudges.2026-10-23.1000" });
  });
});
