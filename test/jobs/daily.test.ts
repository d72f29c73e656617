// Daily progress, end to end: a run on a real Redis and Postgres, sending through the real Slack
// Web API client to a fake Slack (behind a recording proxy).
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/client.ts";
import type { PacerWorker } from "../../src/worker/main.ts";
import { readDeliveries } from "../../src/store/deliveries.ts";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";
import { FakeSlack } from "../helpers/fake-slack.ts";
import { dailyProgressJob } from "../../jobs/daily-progress.ts";
import { enqueueRun } from "../../src/worker/trigger.ts";
import {
  dropQueues,
  finished,
  freePort,
  loadWorld,
  runByHand,
  salespeople,
  slackIdOf,
  startTestWorker,
  testConfig,
} from "./helpers.ts";
import { PlatformProxy } from "./platform-proxy.ts";

let fresh: FreshDatabase;
let database: Database;
let slack: FakeSlack;
let proxy: PlatformProxy;
let worker: PacerWorker;

beforeAll(async () => {
  fresh = await freshDatabase();
  database = openDatabase(fresh.url, { max: 4 });
  await loadWorld(database.pool, { link: (id) => id !== "E1-021" && id !== "E1-022", fast: false });
  slack = await new FakeSlack().start();
  // E1-021 can be found by email in Slack's directory; E1-022 cannot.
  slack.users({ id: "U0REP21", email: "rep21.1@example.com" });
  proxy = await new PlatformProxy("slack", slack.url).start();
  // Who does not get a daily message: E1-003 left, E1-004 is on leave, E1-005 said "stop daily".
  await database.pool.query(`UPDATE employees SET status = 'left' WHERE external_id = 'E1-003'`);
  await database.pool.query(`UPDATE employees SET status = 'on_leave' WHERE external_id = 'E1-004'`);
  await database.pool.query(`UPDATE employees SET daily_muted = true WHERE external_id = 'E1-005'`);
});

afterAll(async () => {
  await proxy?.stop();
  await slack?.stop();
  await database?.close();
  await fresh?.drop();
});

beforeEach(async () => {
  worker = await startTestWorker(fresh.url, slack, {
    envExtra: { SLACK_API_URL: `${proxy.url}/api/` },
    config: testConfig({ PACER_WORKER_METRICS_PORT: String(await freePort()) }),
  });
});

afterEach(async () => {
  await dropQueues(worker.queues);
  await worker.close();
});

/** Accepted chat.postMessage calls by channel. */
function posts(): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of proxy.acceptedSends()) out.set(e.chat!, (out.get(e.chat!) ?? 0) + 1);
  return out;
}

describe("daily progress", () => {
  it("sends exactly one progress card to each active salesperson, and none to anyone else", async () => {
    const run = await runByHand(database.pool, worker.queues, "daily-progress", { date: "2026-10-15" });
    expect(run.runId).toBe("daily-progress.2026-10-15.all");

    const reps = (await salespeople(database.pool)).filter(
      (r) => !["E1-003", "E1-004", "E1-005", "E1-022"].includes(r.externalId),
    );
    const expected = new Map(reps.map((r) => [r.externalId === "E1-021" ? "U0REP21" : slackIdOf(r.externalId), 1]));
    // … plus one notice to the admin about E1-022, whom nobody could find.
    expected.set(slackIdOf("ADM-1"), 1);
    expect(posts()).toEqual(expected);
    expect(run.result).toMatchObject({ recipients: 20, sent: 19, skipped: 1, failed: 0, notices: 1 });

    // Every delivery is on record with Slack's message id.
    const keys = reps.map((r) => `daily-progress:e${r.id}:2026-10-15`);
    const rows = await readDeliveries(database.pool, keys);
    expect(rows.map((r) => r.status)).toEqual(keys.map(() => "sent"));
    expect(rows.every((r) => /^U[A-Z0-9]+:\d+\.\d+$/.test(r.messageId ?? ""))).toBe(true);

    // Each card says as of when its figures are, and how fresh the data is.
    const card = JSON.stringify(
      slack.callsTo("chat.postMessage").find((c) => c.body.channel === slackIdOf("E1-001"))!.body,
    );
    expect(card).toMatch(/截至 10月15日 09:00（Asia\/Shanghai）|as of Oct 15, 09:00 \(Asia\/Shanghai\)/);
    expect(card).toMatch(/数据更新于|Data updated/);

    // The worker's /metrics counts them.
    const metrics = await (await fetch(worker.metricsUrl!)).text();
    expect(metrics).toContain('pacer_deliveries_total{platform="slack",kind="daily-progress",result="sent"} 19');
    expect(metrics).toContain('pacer_deliveries_total{platform="none",kind="daily-progress",result="skipped"} 1');
    expect(metrics).toMatch(/pacer_queue_jobs\{queue="deliver-slack",state="waiting"\} 0/);

    // The same run again is the same job: the queue does not start it twice.
    const again = await runByHand(database.pool, worker.queues, "daily-progress", { date: "2026-10-15" });
    expect(again).toMatchObject({ runId: run.runId, created: false });
    expect(proxy.acceptedSends()).toHaveLength(20);
  });

  it("running it again sends nothing more, even on an empty Redis (the deliveries table decides)", async () => {
    // This test's worker has queues of its own: nothing in Redis remembers the first run.
    const before = proxy.acceptedSends().length;
    const again = await runByHand(database.pool, worker.queues, "daily-progress", { date: "2026-10-15" });
    expect(again.created).toBe(true);
    expect(again.result).toMatchObject({ recipients: 20, sent: 0, doneBefore: 20, failed: 0 });
    // A run for the 09:00 slot — another run id, the same people and day — sends nothing either.
    const slotRun = await enqueueRun(worker.queues.runs, dailyProgressJob, {
      runId: "daily-progress.2026-10-15.0900",
      payload: { date: "2026-10-15", slot: "09:00", asOf: "2026-10-15T01:00:00.000Z" },
    });
    expect(await finished(worker.queues, slotRun.runId)).toMatchObject({ sent: 0, doneBefore: 20 });
    expect(proxy.acceptedSends().length).toBe(before);
  });

  it("links a rep found by email, and lists one nobody can find to the admins once", async () => {
    const linked = await database.pool.query(
      `SELECT c.user_id, c.linked_by FROM chat_identities c JOIN employees e ON e.id = c.employee_id WHERE e.external_id = 'E1-021'`,
    );
    expect(linked.rows).toEqual([{ user_id: "U0REP21", linked_by: "email" }]);
    // The admin got one notice naming E1-022 (from the first run; the second listed nobody new).
    const notices = proxy.acceptedSends().filter((e) => e.chat === slackIdOf("ADM-1"));
    expect(notices).toHaveLength(1);
    const text = JSON.stringify(
      slack.callsTo("chat.postMessage").find((c) => c.body.channel === slackIdOf("ADM-1"))?.body,
    );
    expect(text).toContain("E1-022");
    expect(text).not.toContain("E1-021");
  });

  it("skips a holiday: even a run by hand sends nothing (a scheduled firing starts no run: scheduler.test.ts)", async () => {
    const before = proxy.acceptedSends().length;
    // 1 October 2026 is National Day (China's official calendar, the organization's default).
    const byHand = await runByHand(database.pool, worker.queues, "daily-progress", { date: "2026-10-01" });
    expect(byHand.skipped).toMatch(/2026-10-01 is not a working day \(National Day\)/);
    expect(await worker.queues.runs.getJob("daily-progress.2026-10-01.all")).toBeUndefined();
    expect(proxy.acceptedSends().length).toBe(before);
  });
});
