// Month end: the close at 02:00 on the 1st happens once even when two workers fire it at the same
// moment; on the first working day each rep gets their final card and each manager the team report,
// once; when data changed after the close nothing goes out and the admins are asked to re-close.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/client.ts";
import { finished, loadWorld, runByHand, salespeople, slackIdOf, startTestWorker, dropQueues } from "./helpers.ts";
import type { PacerWorker } from "../../src/worker/main.ts";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";
import { FakeSlack } from "../helpers/fake-slack.ts";
import { readFixture } from "../helpers/fixtures.ts";
import { localInstant } from "../../src/worker/schedule-time.ts";

// Monday 2 November 2026: the 1st is a Sunday, so this is November's first working day.
const NOVEMBER_2 = "2026-11-02T09:00:00+08:00";

let fresh: FreshDatabase;
let database: Database;
let slack: FakeSlack;
let workers: PacerWorker[];

beforeAll(async () => {
  fresh = await freshDatabase();
  database = openDatabase(fresh.url, { max: 4 });
  await loadWorld(database.pool);
  slack = await new FakeSlack().start();
  const first = await startTestWorker(fresh.url, slack, { envExtra: { PACER_NOW: NOVEMBER_2 } });
  // A second worker process on the same queues (same prefix).
  const { startWorker } = await import("../../src/worker/main.ts");
  const { testEnv, testConfig } = await import("./helpers.ts");
  const second = await startWorker({
    env: testEnv(fresh.url, slack, { PACER_NOW: NOVEMBER_2 }),
    config: testConfig({ PACER_QUEUE_PREFIX: first.queues.prefix }),
  });
  workers = [first, second];
});

afterAll(async () => {
  await dropQueues(workers[0]!.queues);
  for (const w of workers) await w.close();
  await slack.stop();
  await database.close();
  await fresh.drop();
});

describe("month end", () => {
  it("closes the month once when two workers fire the 02:00 schedule at the same moment", async () => {
    const fireAt = localInstant("2026-11-01", "02:00", "Asia/Shanghai").getTime();
    const [a, b] = workers.map((w) => w.queues.runs);
    // Two firings (as two scheduler copies would make), on two workers, at once.
    await Promise.all([
      a!.add("trigger", { job: "month-close", slot: "02:00" }, { jobId: `repeat:month-close@0200:${fireAt}` }),
      b!.add("trigger", { job: "month-close", slot: "02:00" }, { jobId: `repeat:month-close@0200x:${fireAt}` }),
    ]);
    const result = await finished(workers[0]!.queues, "month-close.2026-10");
    expect(result).toMatchObject({ period: "2026-10", version: 1, status: "created" });
    const closes = await database.pool.query(`SELECT version FROM month_closes WHERE period = '2026-10'`);
    expect(closes.rows).toEqual([{ version: 1 }]);
    const audit = await database.pool.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'month.close' AND entity_id = '2026-10#1'`,
    );
    expect(audit.rows[0].n).toBe(1);
    // The snapshot is the one the fixture expects.
    const stored = await database.pool.query(`SELECT result FROM month_closes WHERE period = '2026-10'`);
    expect(stored.rows[0].result).toEqual(readFixture("generated-s1-2026-10.expected.json"));
  });

  it("sends each rep their final card and each manager the team report, once", async () => {
    const run = await runByHand(database.pool, workers[0]!.queues, "month-end", {
      date: "2026-11-02",
      now: new Date(NOVEMBER_2),
    });
    expect(run.runId).toBe("month-end.2026-10");
    expect(run.result).toMatchObject({
      period: "2026-10",
      version: 1,
      closed: "unchanged",
      recipients: 23 + 3,
      sent: 26,
      failed: 0,
    });

    const expected = readFixture("generated-s1-2026-10.expected.json").employees as {
      externalId: string;
      total: string;
    }[];
    for (const rep of await salespeople(database.pool)) {
      const posts = slack.callsTo("chat.postMessage").filter((c) => c.body.channel === slackIdOf(rep.externalId));
      expect(posts).toHaveLength(1);
      const body = JSON.stringify(posts[0]!.body);
      // Final, with the closed total and the snapshot version.
      expect(body).toMatch(/最终成绩|Final/);
      expect(body).toContain(expected.find((e) => e.externalId === rep.externalId)!.total);
      expect(body).toMatch(/第 1 版|version 1/);
    }
    for (const manager of ["M1-0", "M1-1", "M1-2"])
      expect(slack.callsTo("chat.postMessage").filter((c) => c.body.channel === slackIdOf(manager))).toHaveLength(1);

    // A second run (e.g. by hand) sends nothing more.
    const before = slack.callsTo("chat.postMessage").length;
    await dropQueues(workers[0]!.queues);
    const again = await runByHand(database.pool, workers[0]!.queues, "month-end", {
      period: "2026-10",
      now: new Date(NOVEMBER_2),
    });
    expect(again.result).toMatchObject({ sent: 0, doneBefore: 26 });
    expect(slack.callsTo("chat.postMessage")).toHaveLength(before);
  });

  it("holds the final cards when data changed after the close, and asks the admins to re-close", async () => {
    // A late payment for September (closed by hand first, then changed).
    await runByHand(database.pool, workers[0]!.queues, "month-close", { period: "2026-09", now: new Date(NOVEMBER_2) });
    const order = readFixture("generated-s1.scenario.json").orders.find((o: { bookedAt: string }) =>
      o.bookedAt.startsWith("2026-09"),
    );
    expect(order).toBeDefined();
    await database.pool.query(`UPDATE orders SET revenue = revenue + 1000 WHERE external_id = $1`, [order.externalId]);
    const before = slack.callsTo("chat.postMessage").length;

    const run = await runByHand(database.pool, workers[0]!.queues, "month-end", {
      period: "2026-09",
      now: new Date(NOVEMBER_2),
    });

    expect(run.result).toMatchObject({ period: "2026-09", held: "data changed after the close", notices: 1 });
    const sent = slack.callsTo("chat.postMessage").slice(before);
    expect(sent.map((c) => c.body.channel)).toEqual([slackIdOf("ADM-1")]);
    expect(JSON.stringify(sent[0]!.body)).toContain("--reclose");
  });
});
