// High potential after the month close, through the worker and the real SDKs against the fake
// platforms: each flagged person's manager hears about their own team's, HR about everyone, with
// the reason (the metric led three closed months running) and the suggested development course;
// a manager with nobody flagged hears nothing. Exactly once per close version: a second run sends
// nothing, data changed after the close holds the notices, a re-close posts the new version's.
import { describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.ts";
import { highPotential } from "../../src/services/recommend.ts";
import { closeMonth } from "../../src/services/month-close.ts";
import { harnessesStoppedAfterAll, type JobHarness } from "../helpers/job-harness.ts";
import { addLinkedPerson, HR_PERSON, dropQueues, larkIdOf, loadWorld, runByHand, slackIdOf } from "./helpers.ts";

// Monday 2 November 2026: November's first working day (the 1st is a Sunday).
const NOVEMBER_2 = "2026-11-02T09:10:00+08:00";

const start = harnessesStoppedAfterAll();

/**
 * The generated-s1 world on `platform` with an HR person, August and September closed (the job
 * closes October), and 团队管理 as the development course for the repurchase rate; a worker whose
 * clock is 2 November.
 */
async function world(platform: "slack" | "lark"): Promise<JobHarness> {
  return start({
    platform,
    seed: async ({ pool }) => {
      await loadWorld(pool, { platform });
      await addLinkedPerson(pool, platform, HR_PERSON);
      await pool.query(
        `WITH c AS (INSERT INTO training_courses (external_id, title_zh, title_en) VALUES ('TC-TEAM-LEAD', '团队管理', 'Team management') RETURNING id)
         INSERT INTO development_courses (metric, course_id) SELECT 'repurchase_rate', id FROM c`,
      );
      await closeMonth(pool, "2026-08");
      await closeMonth(pool, "2026-09");
    },
    worker: { now: NOVEMBER_2 },
  });
}

/** Per team: its manager and the names flagged in it as of October (the service of kpi/potential.ts). */
async function expectedByManager(database: Database): Promise<Map<string, string[]>> {
  const teams = await database.pool.query<{ id: number; manager: string }>(
    `SELECT t.id, m.external_id AS manager FROM teams t JOIN employees m ON m.id = t.manager_id ORDER BY t.external_id`,
  );
  const out = new Map<string, string[]>();
  for (const t of teams.rows) {
    const flags = await highPotential(database.pool, { teamId: t.id, asOfPeriod: "2026-10" });
    const ids = [...new Set(flags.map((f) => f.employeeExternalId))];
    const names = await database.pool.query<{ name: string }>(
      `SELECT name FROM employees WHERE external_id = ANY($1::text[]) ORDER BY name`,
      [ids],
    );
    out.set(
      t.manager,
      names.rows.map((r) => r.name),
    );
  }
  return out;
}

describe("high-potential notices on Slack", () => {
  it("tells each manager their flagged people and HR everyone, with the reason and the course, once per close version", async () => {
    const { database, worker, slack } = await world("slack");
    if (!slack) throw new Error("no fake Slack");

    const run = await runByHand(database.pool, worker.queues, "high-potential", {
      date: "2026-11-02",
      now: new Date(NOVEMBER_2),
    });

    const expected = await expectedByManager(database);
    const flaggedNames = [...expected.values()].flat();
    const managersWithFlags = [...expected].filter(([, names]) => names.length > 0);
    expect(flaggedNames.length).toBeGreaterThan(0);
    expect(managersWithFlags.length).toBeLessThan(expected.size); // someone hears nothing
    expect(run.runId).toBe("high-potential.2026-10");
    expect(run.result).toMatchObject({
      period: "2026-10",
      version: 1,
      flagged: flaggedNames.length,
      recipients: managersWithFlags.length + 1,
      sent: managersWithFlags.length + 1,
      failed: 0,
    });
    const cardsTo = (externalId: string) =>
      slack
        .callsTo("chat.postMessage")
        .filter((c) => c.body.channel === slackIdOf(externalId))
        .map((c) => JSON.stringify(c.body.blocks));
    for (const [manager, names] of expected) {
      const cards = cardsTo(manager);
      expect(cards).toHaveLength(names.length ? 1 : 0);
      for (const name of flaggedNames) expect(cards.join("").includes(name)).toBe(names.includes(name));
    }
    const toHr = cardsTo("HR-1");
    expect(toHr).toHaveLength(1);
    for (const name of flaggedNames) expect(toHr[0]).toContain(name);
    expect(toHr[0]).toContain("高潜力员工");
    expect(toHr[0]).toContain("连续 3 个月团队第一");
    expect(toHr[0]).toContain("团队管理");
    expect(toHr[0]).toContain("第 1 版");

    // A second run: every notice of this version is already out.
    await dropQueues(worker.queues);
    const again = await runByHand(database.pool, worker.queues, "high-potential", {
      period: "2026-10",
      now: new Date(NOVEMBER_2),
    });
    expect(again.result).toMatchObject({ sent: 0, doneBefore: managersWithFlags.length + 1 });

    // A late October order (in a team with nobody flagged) changes the month: held until re-closed…
    const quiet = [...expected].find(([, names]) => names.length === 0)![0];
    const order = await database.pool.query(
      `INSERT INTO orders (external_id, customer_id, owner_id, booked_at, revenue, cost, status)
       SELECT 'O-LATE', c.id, e.id, '2026-10-20T02:00:00Z', 10, 5, 'completed'
       FROM employees e JOIN employees m ON m.external_id = $1 JOIN customers c ON c.owner_id = e.id
       WHERE e.team_id = (SELECT id FROM teams WHERE manager_id = m.id) AND e.role = 'sales' LIMIT 1 RETURNING id`,
      [quiet],
    );
    expect(order.rowCount).toBe(1);
    await dropQueues(worker.queues);
    const held = await runByHand(database.pool, worker.queues, "high-potential", {
      period: "2026-10",
      now: new Date(NOVEMBER_2),
    });
    expect(held.result).toMatchObject({ version: 1, held: "data changed after the close" });
    // …then the new version's notices go out, once.
    expect((await closeMonth(database.pool, "2026-10", { reclose: true, reason: "late order" })).version).toBe(2);
    await dropQueues(worker.queues);
    const reclosed = await runByHand(database.pool, worker.queues, "high-potential", {
      period: "2026-10",
      now: new Date(NOVEMBER_2),
    });
    expect(reclosed.result).toMatchObject({ version: 2, sent: managersWithFlags.length + 1 });
    expect(cardsTo("HR-1")).toHaveLength(2);
    expect(cardsTo("HR-1")[1]).toContain("第 2 版");
  });
});

describe("high-potential notices on Lark", () => {
  it("sends the same notices as cards, once each", async () => {
    const { database, worker, lark } = await world("lark");
    if (!lark) throw new Error("no fake Lark");

    const run = await runByHand(database.pool, worker.queues, "high-potential", {
      date: "2026-11-02",
      now: new Date(NOVEMBER_2),
    });

    const expected = await expectedByManager(database);
    const managersWithFlags = [...expected].filter(([, names]) => names.length > 0);
    expect(run.result).toMatchObject({ sent: managersWithFlags.length + 1, failed: 0 });
    const cardsTo = (externalId: string) =>
      lark.messages.filter((m) => m.receive_id === larkIdOf(externalId) && m.msg_type === "interactive");
    for (const [manager, names] of expected) {
      const cards = cardsTo(manager);
      expect(cards).toHaveLength(names.length ? 1 : 0);
      for (const name of names) expect(cards[0]!.content).toContain(name);
    }
    expect(cardsTo("HR-1")).toHaveLength(1);
    expect(cardsTo("HR-1")[0]!.content).toContain("团队管理");
    expect(cardsTo("HR-1")[0]!.content).toContain("Team management");

    await dropQueues(worker.queues);
    const again = await runByHand(database.pool, worker.queues, "high-potential", {
      period: "2026-10",
      now: new Date(NOVEMBER_2),
    });
    expect(again.result).toMatchObject({ sent: 0 });
    expect(cardsTo("HR-1")).toHaveLength(1);
  });
});
