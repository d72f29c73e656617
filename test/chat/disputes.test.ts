// Disputes through the chat core (docs/KPI-RULES.md "Disputes"), on the golden company with a second
// team: who may raise, decide and clear; what an approval moves, that a re-feed does not undo it,
// that the closed month is re-closed with the dispute as the reason, that clearing restores the
// feed's owner — and who is told at each step. Every step is audited.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answer, type Reply } from "../../src/chat/answer.ts";
import type { Intent } from "../../src/chat/intents.ts";
import { parseIntent } from "../../src/chat/parse.ts";
import { openDatabase, type Database } from "../../src/db/client.ts";
import { ingestBatch } from "../../src/ingest/batch.ts";
import { closeMonth } from "../../src/services/month-close.ts";
import { importScenario } from "../../src/scenario/import.ts";
import { allText, buttonsOf } from "../cards/fixtures.ts";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";
import { readFixture } from "../helpers/fixtures.ts";
import { feedSecondTeam } from "./company-feed.ts";

let fresh: FreshDatabase;
let database: Database;
const id: Record<string, number> = {};
const ext: Record<number, string> = {};
// 5 November, 10:00 in Shanghai: October is over and closed.
const NOW = new Date("2026-11-05T02:00:00Z");

beforeAll(async () => {
  fresh = await freshDatabase();
  database = openDatabase(fresh.url, { max: 4 });
  await importScenario(database.pool, readFixture("golden-east-2026-10.scenario.json"));
  await feedSecondTeam(database.pool);
  const { rows } = await database.pool.query<{ id: number; external_id: string }>(
    "SELECT id, external_id FROM employees",
  );
  for (const r of rows) {
    id[r.external_id] = r.id;
    ext[r.id] = r.external_id;
  }
  await closeMonth(database.pool, "2026-10", { actor: "test" });
});
afterAll(async () => {
  await database.close();
  await fresh.drop();
});

const ask = (who: string, intent: Intent | string): Promise<Reply> =>
  answer(
    { pool: database.pool, now: () => NOW },
    { employeeId: id[who]!, platform: "console", inGroup: false },
    typeof intent === "string" ? parseIntent(intent, { now: { year: 2026, month: 11 } }) : intent,
  );

const ownerOf = async (order: string) =>
  ext[
    (await database.pool.query<{ owner_id: number }>("SELECT owner_id FROM orders WHERE external_id = $1", [order]))
      .rows[0]!.owner_id
  ];
const override = async (order: string) =>
  (
    await database.pool.query<{ owner: string; source: string }>(
      `SELECT e.external_id AS owner, s.external_id AS source FROM order_credit_overrides ov
       JOIN orders o ON o.id = ov.order_id JOIN employees e ON e.id = ov.owner_id JOIN employees s ON s.id = ov.source_owner_id
       WHERE o.external_id = $1`,
      [order],
    )
  ).rows[0] ?? null;
const audit = async (action: string) =>
  (
    await database.pool.query<{ actor: string; entity_id: string }>(
      "SELECT actor, entity_id FROM audit_log WHERE action = $1 ORDER BY id",
      [action],
    )
  ).rows;
const closes = async () =>
  (
    await database.pool.query<{ version: number; reason: string | null }>(
      "SELECT version, reason FROM month_closes WHERE period = '2026-10' ORDER BY version",
    )
  ).rows;
/** The golden team's part of a close (the second team is not in the fixtures). */
const east = (result: { employees: { teamExternalId: string | null }[]; teams: { externalId: string }[] }) => ({
  ...result,
  employees: result.employees.filter((e) => e.teamExternalId === "T-EAST"),
  teams: result.teams.filter((t) => t.externalId === "T-EAST"),
});
const told = (reply: Reply) => (reply.notices ?? []).map((n) => ext[n.employeeId]).sort();
const REFUSED = /Only the order's current owner can dispute it/;
const NOT_DECIDER = /Only the team's manager, HR or an admin can decide/;

describe("raising a dispute", () => {
  it("'这票不是我的' without an order explains how, and changes nothing", async () => {
    const reply = await ask("E-A", "这票不是我的");
    expect(allText(reply.card, "en")).toContain("Every order in “details” has a “Not mine” button");
    expect(reply.notices).toEqual([]);
  });

  it.each([
    ["E-B", "a teammate", "O3"],
    ["E-M1", "the owner's manager", "O3"],
    ["E-H1", "HR", "O3"],
    ["E-D", "a rep of another team", "O3"],
    ["E-A", "the owner of other orders, for an order that does not exist", "O999"],
  ])("%s (%s) cannot dispute %s: the same refusal whether or not the order exists", async (who, _role, order) => {
    const reply = await ask(who, { kind: "dispute", order });
    expect(allText(reply.card, "en")).toMatch(REFUSED);
    expect(reply.notices ?? []).toEqual([]);
  });

  it("naming an unknown person or themselves is refused", async () => {
    expect(allText((await ask("E-A", "这票不是我的 O3 是赵六的")).card, "zh-CN")).toContain("赵六");
    expect(allText((await ask("E-A", { kind: "dispute", order: "O3", to: "E-A" })).card, "en")).toContain(
      "Name someone else",
    );
    expect(await database.pool.query("SELECT 1 FROM order_disputes")).toHaveProperty("rowCount", 0);
  });

  it("the owner disputes O3 naming 李静: the manager gets approve / reject, 李静 is told, it is audited", async () => {
    const reply = await ask("E-A", "这票不是我的 O3，是李静的");
    expect(allText(reply.card, "en")).toContain("Raised: O3 isn't mine");
    expect(allText(reply.card, "en")).toContain("李静 (E-B)");
    expect(told(reply)).toEqual(["E-B", "E-M1"]);
    const toManager = reply.notices!.find((n) => n.employeeId === id["E-M1"])!;
    expect(buttonsOf(toManager.card).map((b) => b.intent)).toEqual([
      { kind: "dispute_decide", dispute: 1, approve: true },
      { kind: "dispute_decide", dispute: 1, approve: false },
    ]);
    expect(allText(toManager.card, "en")).toContain("the next feed of this order does not undo it; HR can clear it");
    expect(allText(reply.notices!.find((n) => n.employeeId === id["E-B"])!.card, "en")).toContain(
      "王磊 says O3 is yours",
    );
    expect(await audit("dispute.raise")).toEqual([{ actor: "E-A (王磊)", entity_id: "O3" }]);
    // Nothing moves before a decision.
    expect(await ownerOf("O3")).toBe("E-A");
  });

  it("a second dispute on the same order waits for the first", async () => {
    const reply = await ask("E-A", { kind: "dispute", order: "O3" });
    expect(allText(reply.card, "en")).toContain("already has a dispute waiting for a decision (#1)");
  });
});

describe("deciding it", () => {
  it.each([
    ["E-A", "the rep who raised it"],
    ["E-B", "the rep it names"],
    ["E-C", "a teammate"],
    ["E-M2", "another team's manager"],
  ])("%s (%s) cannot decide", async (who) => {
    const reply = await ask(who, { kind: "dispute_decide", dispute: 1, approve: true });
    expect(allText(reply.card, "en")).toMatch(NOT_DECIDER);
    expect(await ownerOf("O3")).toBe("E-A");
  });

  it("the manager approves: the credit moves to 李静, October is re-closed with the dispute as the reason, both reps are told", async () => {
    const before = (await closeMonth(database.pool, "2026-10")).result;
    const reply = await ask("E-M1", { kind: "dispute_decide", dispute: 1, approve: true });
    expect(allText(reply.card, "en")).toContain("moves from 王磊 (E-A) to 李静 (E-B)");
    expect(allText(reply.card, "en")).toContain(
      "Closed months re-closed with this dispute as the reason: October 2026 (v2)",
    );
    expect(told(reply)).toEqual(["E-A", "E-B"]);
    expect(await ownerOf("O3")).toBe("E-B");
    expect(await override("O3")).toEqual({ owner: "E-B", source: "E-A" });
    expect(await closes()).toEqual([
      { version: 1, reason: null },
      { version: 2, reason: "dispute #1: order O3 moved from E-A to E-B" },
    ]);
    expect(await audit("dispute.approve")).toEqual([{ actor: "E-M1 (周敏)", entity_id: "O3" }]);
    // The re-close is the dispute scenario's expected close (test/fixtures/dispute-east-2026-10.*).
    const after = (await closeMonth(database.pool, "2026-10")).result;
    expect(east(after)).toStrictEqual(readFixture("dispute-east-2026-10.expected.json"));
    expect(east(before)).toStrictEqual(readFixture("golden-east-2026-10.expected.json"));
  });

  it("a second press shows the decision and tells nobody again", async () => {
    const reply = await ask("E-M1", { kind: "dispute_decide", dispute: 1, approve: false });
    expect(allText(reply.card, "en")).toContain("Approved: O3 credited anew");
    expect(reply.notices).toEqual([]);
    expect((await closes()).length).toBe(2);
  });
});

describe("the override beside the source data", () => {
  const o3 = (owner: string) => ({
    externalId: "O3",
    customerExternalId: "C2",
    ownerExternalId: owner,
    bookedAt: "2026-09-30T17:30:00Z",
    revenue: "15000.00",
    cost: "12500.00",
    status: "completed",
    dueDate: "2026-10-31",
  });

  it("the next feed of O3 (still saying 王磊) leaves it with 李静 and counts as unchanged", async () => {
    const result = await ingestBatch(database.pool, "orders", [o3("E-A")]);
    expect(result).toEqual({ created: 0, updated: 0, unchanged: 1 });
    expect(await ownerOf("O3")).toBe("E-B");
  });

  it("a feed naming another owner is recorded as the source (updated) and still does not undo the override", async () => {
    const result = await ingestBatch(database.pool, "orders", [o3("E-C")]);
    expect(result).toEqual({ created: 0, updated: 1, unchanged: 0 });
    expect(await override("O3")).toEqual({ owner: "E-B", source: "E-C" });
    await ingestBatch(database.pool, "orders", [o3("E-A")]);
    expect(await override("O3")).toEqual({ owner: "E-B", source: "E-A" });
  });

  it("only HR or an admin may clear it; clearing gives the order back to the feed's owner and re-closes", async () => {
    for (const who of ["E-M1", "E-A", "E-B"])
      expect(allText((await ask(who, "clear override O3")).card, "en")).toContain(
        "Only HR or an admin can clear a credit override",
      );
    const reply = await ask("E-H1", "清除 O3 的归属更正");
    expect(allText(reply.card, "en")).toContain("Cleared: O3 is 王磊's again");
    expect(told(reply)).toEqual(["E-A", "E-B"]);
    expect(await ownerOf("O3")).toBe("E-A");
    expect(await override("O3")).toBeNull();
    expect((await closes()).at(-1)).toEqual({ version: 3, reason: "override cleared: order O3 back to E-A" });
    expect(east((await closeMonth(database.pool, "2026-10")).result)).toStrictEqual(
      readFixture("golden-east-2026-10.expected.json"),
    );
    expect(await audit("dispute.override_cleared")).toEqual([{ actor: "E-H1 (林芳)", entity_id: "O3" }]);
    expect(allText((await ask("E-H1", "clear override O3")).card, "en")).toContain("has no override");
  });
});

describe("naming nobody, and rejecting", () => {
  it("approved without a name, the credit leaves the team: held by the approver, scored for nobody", async () => {
    const raised = await ask("E-C", "O9 is not mine");
    expect(allText(raised.card, "en")).toContain("nobody named (out of the team)");
    const dispute = raised.notices![0]!.card.elements.flatMap((e) => (e.type === "actions" ? e.buttons : []))[0]!;
    const team = async () => (await closeMonth(database.pool, "2026-10")).result.teams[0]!.actual;
    const shipmentsBefore = await team();
    const reply = await ask("E-H1", dispute.intent);
    expect(allText(reply.card, "en")).toContain("it leaves the team (held by 林芳 (E-H1), scored for nobody)");
    // HR sees a button to clear the override again.
    expect(buttonsOf(reply.card).map((b) => b.intent)).toEqual([{ kind: "dispute_clear", order: "O9" }]);
    expect(await ownerOf("O9")).toBe("E-H1");
    expect(Number(await team())).toBe(Number(shipmentsBefore) - 1);
    expect(told(reply)).toEqual(["E-C"]);
  });

  it("rejected: nothing moves, no re-close, the rep is told", async () => {
    const raised = await ask("E-B", { kind: "dispute", order: "O6" });
    const versions = (await closes()).length;
    const reject = buttonsOf(raised.notices![0]!.card).find((b) => b.actionId === "dispute_reject")!;
    const reply = await ask("E-M1", reject.intent);
    expect(allText(reply.card, "en")).toContain("Rejected: O6 stays with 李静");
    expect(told(reply)).toEqual(["E-B"]);
    expect(await ownerOf("O6")).toBe("E-B");
    expect((await closes()).length).toBe(versions);
    expect(await audit("dispute.reject")).toEqual([{ actor: "E-M1 (周敏)", entity_id: "O6" }]);
  });
});

describe("the details card", () => {
  it("a rep's own rows carry one 'not mine' button per order; a manager drilling in sees none", async () => {
    const own = await ask("E-B", { kind: "details", period: "2026-10", metric: "booked_revenue", page: 1 });
    const mine = buttonsOf(own.card).filter((b) => b.actionId.startsWith("not_mine_"));
    expect(mine.map((b) => b.intent)).toEqual([
      { kind: "dispute", order: "O6" },
      { kind: "dispute", order: "O8" },
    ]);
    expect(mine[0]!.label.en).toBe("O6 isn't mine");
    const managers = await ask("E-M1", {
      kind: "details",
      period: "2026-10",
      subject: "E-B",
      metric: "booked_revenue",
      page: 1,
    });
    expect(buttonsOf(managers.card).some((b) => b.actionId.startsWith("not_mine_"))).toBe(false);
  });
});
