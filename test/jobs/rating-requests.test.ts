// Collaboration ratings from the people who work with the rep (issue 15), end to end on each
// platform through the real SDKs against the fakes: orders fed with their operations and
// customer-service colleagues; the worker asks each named colleague of a completed order once (a
// rating the feed already carries is not asked for), reminds once on the 2nd working day after, and
// never again; the colleague answers with the card's buttons or by text with a comment (a second
// answer changes their one rating); the salesperson and anyone else are refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.ts";
import { ingestBatch } from "../../src/ingest/batch.ts";
import type { PlatformName } from "../../src/platform.ts";
import { metricWindow } from "../../src/services/period-results.ts";
import { queryRawMetrics } from "../../src/store/metric-sql.ts";
import { findJob } from "../../jobs/registry.ts";
import { type JobHarness, schedulePlanner, startJobHarness } from "../helpers/job-harness.ts";
import { linkAccounts, loadWorld, runByHand } from "./helpers.ts";

/** The service's clock: Tuesday 13 October 2026, 15:00 in Shanghai (answers are dated then). */
const ANSWERED_AT = "2026-10-13T15:00:00+08:00";
const at = (date: string, time = "10:00") => new Date(`${date}T${time}:00+08:00`);

const COLLEAGUES = ["OPS-1", "CS-1", "CS-2"];

/**
 * Three colleagues, and orders naming them: RO-1 (E1-001, completed) OPS-1 and CS-1; RO-2 (E1-002,
 * completed) OPS-1 and CS-2, whose rating the feed carries by id; RO-3 (E1-003, completed) OPS-1,
 * with a feed rating of operations naming nobody; RO-4 (E1-001) OPS-1, still in transit; RO-5
 * (E1-001, completed) OPS-1, booked in July, before the 30 days looked back.
 */
async function feedColleagues(database: Database, platform: PlatformName): Promise<void> {
  const pool = database.pool;
  await ingestBatch(
    pool,
    "employees",
    COLLEAGUES.map((id) => ({
      externalId: id,
      name: `同事 ${id}`,
      email: `${id.toLowerCase()}@example.com`,
      role: "sales",
    })),
  );
  await linkAccounts(pool, platform, (id) => COLLEAGUES.includes(id));
  const customer = (await pool.query(`SELECT external_id FROM customers ORDER BY external_id LIMIT 1`)).rows[0]
    .external_id as string;
  const order = (id: string, owner: string, status: string, bookedAt: string, ops: string, cs?: string) => ({
    externalId: id,
    customerExternalId: customer,
    ownerExternalId: owner,
    bookedAt,
    revenue: "1000.00",
    cost: "800.00",
    status,
    operationsExternalId: ops,
    ...(cs ? { customerServiceExternalId: cs } : {}),
  });
  await ingestBatch(pool, "orders", [
    order("RO-1", "E1-001", "completed", "2026-10-08T02:00:00Z", "OPS-1", "CS-1"),
    order("RO-2", "E1-002", "completed", "2026-10-08T03:00:00Z", "OPS-1", "CS-2"),
    order("RO-3", "E1-003", "completed", "2026-10-09T03:00:00Z", "OPS-1"),
    order("RO-4", "E1-001", "in_transit", "2026-10-09T04:00:00Z", "OPS-1"),
    order("RO-5", "E1-001", "completed", "2026-07-01T04:00:00Z", "OPS-1"),
  ]);
  await ingestBatch(pool, "ratings", [
    {
      externalId: "RF-2",
      orderExternalId: "RO-2",
      score: 3,
      raterDepartment: "customer_service",
      raterExternalId: "CS-2",
      ratedAt: "2026-10-12T02:00:00Z",
    },
    {
      externalId: "RF-3",
      orderExternalId: "RO-3",
      score: 4,
      raterDepartment: "operations",
      ratedAt: "2026-10-12T02:00:00Z",
    },
  ]);
}

const world = (platform: PlatformName): Promise<JobHarness> =>
  startJobHarness({
    platform,
    seed: async (database) => {
      await loadWorld(database.pool, { platform });
      await feedColleagues(database, platform);
    },
    service: { now: ANSWERED_AT, actionId: "rate_4" },
  });

/** The rating intents of a card's buttons (Slack: button values; Lark: callback values). */
function ratingIntents(message: string): { kind: string; order: string; score?: number }[] {
  const found: { kind: string; order: string; score?: number }[] = [];
  const walk = (node: unknown): void => {
    if (typeof node === "string") {
      if (!node.includes("rate_order")) return;
      try {
        const parsed = JSON.parse(node) as { kind?: string };
        if (parsed && typeof parsed === "object" && parsed.kind === "rate_order")
          found.push(parsed as { kind: string; order: string });
        else walk(parsed);
      } catch {
        // a label, not a value
      }
    } else if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") Object.values(node).forEach(walk);
  };
  walk(JSON.parse(message));
  return found;
}

const ratingsOf = (database: Database, order: string) =>
  database.pool
    .query(
      `SELECT r.score, r.comment, r.source::text AS source, r.rater_department AS department, e.external_id AS rater, r.rated_at AS "ratedAt"
       FROM ratings r JOIN orders o ON o.id = r.order_id LEFT JOIN employees e ON e.id = r.rater_id
       WHERE o.external_id = $1 ORDER BY r.external_id`,
      [order],
    )
    .then((r) => r.rows);

for (const platform of ["slack", "lark"] as const)
  describe(`collaboration ratings on ${platform}`, () => {
    let w: JobHarness;
    let first: { result: Record<string, unknown> | null };
    const run = (date: string, time?: string) =>
      runByHand(w.database.pool, w.worker.queues, "rating-requests", { date, now: at(date, time) });

    beforeAll(async () => {
      w = await world(platform);
      first = await run("2026-10-13");
    });

    afterAll(async () => {
      await w?.stop();
    });

    it("asks each named colleague of a completed order once, and no one whose rating the feed carries", () => {
      expect(first.result).toMatchObject({ requests: 3, reminders: 0, sent: 3, failed: 0 });
      // OPS-1: RO-1 and RO-2 (RO-3 carries operations' rating, RO-4 is in transit, RO-5 is too old).
      expect(
        w
          .sentTo("OPS-1")
          .map((m) => ratingIntents(m)[0]?.order)
          .sort(),
      ).toEqual(["RO-1", "RO-2"]);
      expect(w.sentTo("CS-1")).toHaveLength(1);
      expect(w.sentTo("CS-2")).toEqual([]);
      for (const owner of ["E1-001", "E1-002", "E1-003"]) expect(w.sentTo(owner)).toEqual([]);
    });

    it("sends a card naming the salesperson and the order, with five score buttons", async () => {
      const [card] = w.sentTo("CS-1");
      const owner = await w.database.pool.query(`SELECT name FROM employees WHERE external_id = 'E1-001'`);
      expect(card).toContain(owner.rows[0].name);
      expect(card).toContain("RO-1");
      expect(ratingIntents(card!)).toEqual(
        [1, 2, 3, 4, 5].map((score) => ({ kind: "rate_order", order: "RO-1", score })),
      );
    });

    it("asks nobody again when the day's run is started again", async () => {
      const again = await run("2026-10-13", "11:00");
      expect(again.created).toBe(true); // a new run …
      expect(again.result).toMatchObject({ requests: 0, reminders: 0 });
      expect(w.sentTo("OPS-1")).toHaveLength(2);
    });

    it("records the colleague's button as a chat rating, which counts in the rep's collaboration score", async () => {
      const before = await collaboration(w.database, "E1-001");
      const [button] = ratingIntents(w.sentTo("CS-1")[0]!).filter((i) => i.score === 4);
      const card = await w.press("CS-1", button, "8.1");
      expect(card).toMatch(/已记录：RO-1 4 分|Recorded: RO-1 rated 4/);
      expect(await ratingsOf(w.database, "RO-1")).toEqual([
        {
          score: 4,
          comment: null,
          source: "chat",
          department: "customer_service",
          rater: "CS-1",
          ratedAt: new Date(ANSWERED_AT),
        },
      ]);
      const after = await collaboration(w.database, "E1-001");
      expect(after.n).toBe(before.n + 1);
      expect(after.sum).toBe(before.sum + 4);
    });

    it("lets the colleague change it by text with a comment: still one rating, dated when first given", async () => {
      const reply = await w.say("CS-1", "给订单RO-1评分5分 沟通及时，单证准确");
      expect(reply).toMatch(/已更新：RO-1 5 分|Updated: RO-1 rated 5/);
      expect(reply).toContain("沟通及时，单证准确");
      expect(await ratingsOf(w.database, "RO-1")).toEqual([
        expect.objectContaining({
          score: 5,
          comment: "沟通及时，单证准确",
          rater: "CS-1",
          ratedAt: new Date(ANSWERED_AT),
        }),
      ]);
    });

    it("refuses the salesperson rating their own order, and anyone not named on it", async () => {
      expect(await w.say("E1-001", "给订单RO-1评分5分")).toMatch(/不能给自己评分|cannot rate yourself/);
      expect(await w.say("E1-005", "rate RO-1 5")).toMatch(
        /只有订单 RO-1 上登记的|Only the operations or customer-service colleague named on order RO-1/,
      );
      // An order that does not exist gets the same answer as one the asker is not named on.
      expect(await w.say("E1-005", "rate RO-404 5")).toMatch(/只有订单 RO-404 上登记的|named on order RO-404/);
      expect(await w.say("OPS-1", "给RO-4打5分")).toMatch(/还没有完成|not completed yet/);
      expect(await w.say("CS-2", "rate RO-2 5")).toMatch(/已有你从业务系统录入的评分|already has your rating/);
      expect(await ratingsOf(w.database, "RO-1")).toHaveLength(1);
      expect(await ratingsOf(w.database, "RO-2")).toEqual([expect.objectContaining({ source: "feed", score: 3 })]);
      expect(await ratingsOf(w.database, "RO-4")).toEqual([]);
    });

    it("reminds exactly once, on the 2nd working day after the request, only those who have not answered", async () => {
      const next = await run("2026-10-14");
      expect(next.result).toMatchObject({ requests: 0, reminders: 0 });
      const due = await run("2026-10-15");
      expect(due.result).toMatchObject({ requests: 0, reminders: 2, sent: 2 });
      const ops = w.sentTo("OPS-1");
      expect(ops).toHaveLength(4);
      for (const reminder of ops.slice(2)) expect(reminder).toMatch(/提醒：请为|Reminder: rate/);
      expect(w.sentTo("CS-1")).toHaveLength(1);
      const later = await run("2026-10-16");
      expect(later.result).toMatchObject({ requests: 0, reminders: 0 });
      expect(w.sentTo("OPS-1")).toHaveLength(4);
    });

    it("without an order, lists what awaits the colleague's rating", async () => {
      const card = await w.say("OPS-1", "给这单打个分");
      expect(ratingIntents(card)).toEqual([
        { kind: "rate_order", order: "RO-1" },
        { kind: "rate_order", order: "RO-2" },
      ]);
    });
  });

/** What collaboration_score sums for one person in October: the metric statement's own figures. */
async function collaboration(database: Database, externalId: string): Promise<{ sum: number; n: number }> {
  const id = (await database.pool.query(`SELECT id FROM employees WHERE external_id = $1`, [externalId])).rows[0].id;
  const [raw] = await queryRawMetrics(database.pool, [id], metricWindow("2026-10", "Asia/Shanghai"));
  return { sum: Number(raw!.rating_sum), n: Number(raw!.rating_n) };
}

describe("the rating-requests schedule", () => {
  const plan = schedulePlanner(findJob("rating-requests")!, "10:00");

  it("runs on working days only", async () => {
    expect(await plan("2026-10-13")).toMatchObject({ runId: "rating-requests.2026-10-13.1000" });
    expect(await plan("2026-10-18")).toMatchObject({ skip: expect.stringContaining("not a working day") });
    expect(await plan("2026-10-05")).toMatchObject({ skip: expect.stringContaining("not a working day") });
  });

  it("dates the reminder 2 working days after the request, by the business calendar", async () => {
    const remindOn = async (date: string) => ((await plan(date)) as { payload: { remindOn: string } }).payload.remindOn;
    expect(await remindOn("2026-10-13")).toBe("2026-10-15");
    // Friday → Monday, Tuesday (the weekend does not count).
    expect(await remindOn("2026-10-16")).toBe("2026-10-20");
    // The eve of National Day: 1–7 October are holidays, so Thursday 8th and Friday 9th.
    expect(await remindOn("2026-09-30")).toBe("2026-10-09");
    // Friday 9 October: Saturday 10th is an adjusted working day in China, so it counts.
    expect(await remindOn("2026-10-09")).toBe("2026-10-12");
  });
});
