// The weekly receivables, end to end on each platform: through the worker, every rep with overdue
// unpaid orders gets one message and each of their teams' managers the team total and the ten
// largest; nobody else gets anything, and a second run that week sends nothing. Through the service,
// a rep snoozes an order with the card's buttons (reason choice, then the snooze: audited, the card
// updated in place without it), a manager may snooze their rep's order, anyone else is refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findJob } from "../../jobs/registry.ts";
import type { Database } from "../../src/db/client.ts";
import type { PlatformName } from "../../src/platform.ts";
import { enqueueRun, planRun } from "../../src/worker/trigger.ts";
import { type JobHarness, schedulePlanner, startJobHarness } from "../helpers/job-harness.ts";
import { finished, loadWorld, runByHand } from "./helpers.ts";

/** Monday 12 October 2026, 09:00 in Shanghai. */
const MONDAY = "2026-10-12T09:00:00+08:00";
const JOB = findJob("receivables")!;

/**
 * The overdue orders of the week (every fixture order's due date is cleared first): E1-001 has 12
 * (¥1,000.25 … ¥12,000.25), E1-002 one (¥500.00) — both in T1-0; E1-007 one in T1-1 (¥2,345.67,
 * half of ¥4,691.34 collected); E1-016 (T1-2) one that is snoozed.
 */
async function seedReceivables(database: Database): Promise<void> {
  const pool = database.pool;
  await pool.query(`UPDATE orders SET due_date = NULL`);
  const add = (id: string, owner: string, revenue: string, due: string) =>
    pool.query(
      `INSERT INTO orders (external_id, customer_id, owner_id, booked_at, revenue, cost, status, due_date)
       SELECT $1, (SELECT id FROM customers ORDER BY external_id LIMIT 1), e.id, '2026-09-01T02:00:00Z', $3, 0, 'completed', $4::date
       FROM employees e WHERE e.external_id = $2`,
      [id, owner, revenue, due],
    );
  for (let i = 1; i <= 12; i++)
    await add(`RX-1-${String(i).padStart(2, "0")}`, "E1-001", `${i * 1000}.25`, "2026-10-02");
  await add("RX-2-01", "E1-002", "500.00", "2026-10-09");
  await add("RX-7-01", "E1-007", "4691.34", "2026-10-11");
  await pool.query(
    `INSERT INTO payments (external_id, order_id, paid_at, amount) SELECT 'RX-P1', id, '2026-10-05T02:00:00Z', 2345.67 FROM orders WHERE external_id = 'RX-7-01'`,
  );
  await add("RX-16-01", "E1-016", "900.00", "2026-10-02");
  await pool.query(
    `INSERT INTO receivable_snoozes (order_id, snoozed_by_id, reason, snoozed_at, until)
     SELECT id, owner_id, 'disputed', '2026-10-10T02:00:00Z', '2026-10-16T16:00:00Z' FROM orders WHERE external_id = 'RX-16-01'`,
  );
}

const world = (platform: PlatformName): Promise<JobHarness> =>
  startJobHarness({
    platform,
    seed: async (database) => {
      await loadWorld(database.pool, { platform });
      await seedReceivables(database);
    },
    service: { now: MONDAY, actionId: "snooze_1" },
  });

/** The intents of the snooze buttons in a sent message (Slack: button values; Lark: callback values). */
function snoozeIntents(message: string): { kind: string; order: string }[] {
  const found: { kind: string; order: string }[] = [];
  const walk = (node: unknown): void => {
    if (typeof node === "string") {
      if (node.includes("receivable_snooze")) {
        try {
          const parsed = JSON.parse(node) as unknown;
          if (parsed && typeof parsed === "object" && (parsed as { kind?: string }).kind === "receivable_snooze")
            found.push(parsed as { kind: string; order: string });
          else walk(parsed);
        } catch {
          // a label, not a value
        }
      }
    } else if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") Object.values(node).forEach(walk);
  };
  walk(JSON.parse(message));
  return found;
}

for (const platform of ["slack", "lark"] as const)
  describe(`weekly receivables on ${platform}`, () => {
    let w: JobHarness;
    let first: Record<string, unknown>;

    beforeAll(async () => {
      w = await world(platform);
      const plan = await planRun(w.database.pool, JOB, {
        date: "2026-10-12",
        slot: "09:00",
        asOf: new Date(MONDAY),
        manual: false,
      });
      if ("skip" in plan) throw new Error(plan.skip);
      const { runId } = await enqueueRun(w.worker.queues.runs, JOB, plan);
      first = await finished(w.worker.queues, runId);
    });

    afterAll(async () => {
      await w?.stop();
    });

    it("sends each rep with overdue orders one message, and each of their managers one", async () => {
      expect(first).toMatchObject({ week: "2026-W42", reps: 3, teams: 2, sent: 5, failed: 0 });
      for (const person of ["E1-001", "E1-002", "E1-007", "M1-0", "M1-1"]) expect(w.sentTo(person)).toHaveLength(1);
    });

    it("sends nothing to anyone with nothing overdue, nor to a rep or manager whose only order is snoozed", async () => {
      const people = await w.database.pool.query<{ external_id: string }>(`SELECT external_id FROM employees`);
      const told = new Set(["E1-001", "E1-002", "E1-007", "M1-0", "M1-1"]);
      for (const { external_id } of people.rows)
        if (!told.has(external_id)) expect(w.sentTo(external_id), external_id).toEqual([]);
    });

    it("tells a rep each order's amount due, days overdue and customer, with a snooze button each", async () => {
      const [message] = w.sentTo("E1-007");
      // ¥4,691.34 revenue − ¥2,345.67 collected; due 11 October, so 1 day overdue on the 12th.
      expect(message).toContain("¥2,345.67");
      expect(message).toContain("RX-7-01");
      expect(message).toMatch(/1 天|1 day/);
      const customer = await w.database.pool.query(`SELECT name FROM customers ORDER BY external_id LIMIT 1`);
      expect(message).toContain(customer.rows[0].name);
      expect(snoozeIntents(message!)).toEqual([{ kind: "receivable_snooze", order: "RX-7-01" }]);
    });

    it("gives a manager the team total and the ten largest only", () => {
      const [message] = w.sentTo("M1-0");
      // Σ (1,000.25 … 12,000.25) = 78,003.00, plus E1-002's 500.00.
      expect(message).toContain("¥78,503.00");
      for (let i = 3; i <= 12; i++) expect(message).toContain(`RX-1-${String(i).padStart(2, "0")}`);
      for (const small of ["RX-1-01", "RX-1-02", "RX-2-01"]) expect(message).not.toContain(small);
    });

    it("sends no second message when the week's run is started again", async () => {
      const before = ["E1-001", "E1-002", "E1-007", "M1-0", "M1-1"].map((p) => w.sentTo(p).length);
      const again = await runByHand(w.database.pool, w.worker.queues, "receivables", {
        date: "2026-10-12",
        now: new Date(MONDAY),
      });
      expect(again.created).toBe(true); // a new run (by hand) …
      expect(again.result).toMatchObject({ sent: 0 }); // … whose deliveries were already made
      expect(["E1-001", "E1-002", "E1-007", "M1-0", "M1-1"].map((p) => w.sentTo(p).length)).toEqual(before);
    });

    it("lets the rep snooze an order with the card's buttons: a reason, then the list without it", async () => {
      const [button] = snoozeIntents(w.sentTo("E1-002")[0]!);
      const choice = await w.press("E1-002", button, "7.1");
      expect(choice).toMatch(/客户已承诺付款|Customer promised payment/);
      const reasons = snoozeIntents(choice);
      expect(reasons.map((r) => (r as { reason?: string }).reason)).toEqual([
        "promised",
        "disputed",
        "partial",
        "other",
      ]);
      const after = await w.press("E1-002", reasons[0], "7.2");
      expect(after).toMatch(/已暂缓 RX-2-01|Snoozed RX-2-01/);
      expect(after).toMatch(/没有逾期未收款的订单|No overdue unpaid orders/);
      const snooze = await w.database.pool.query(
        `SELECT s.reason, s.until FROM receivable_snoozes s JOIN orders o ON o.id = s.order_id WHERE o.external_id = 'RX-2-01'`,
      );
      // A week: until the start of the next Monday in Shanghai.
      expect(snooze.rows).toEqual([{ reason: "promised", until: new Date("2026-10-19T00:00:00+08:00") }]);
      const audit = await w.database.pool.query(
        `SELECT actor, details->>'reason' AS reason FROM audit_log WHERE action = 'receivable.snooze' AND entity_id = 'RX-2-01'`,
      );
      expect(audit.rows).toEqual([{ actor: expect.stringContaining("E1-002"), reason: "promised" }]);
    });

    it("lets the rep's manager snooze it, and refuses anyone else", async () => {
      const refused = await w.press("E1-007", { kind: "receivable_snooze", order: "RX-1-12", reason: "other" }, "7.3");
      expect(refused).toMatch(/只有订单负责人|Only the order's owner/);
      const manager = await w.press("M1-0", { kind: "receivable_snooze", order: "RX-1-12", reason: "disputed" }, "7.4");
      expect(manager).toMatch(/已暂缓 RX-1-12|Snoozed RX-1-12/);
      const rows = await w.database.pool.query(
        `SELECT e.external_id AS by FROM receivable_snoozes s JOIN orders o ON o.id = s.order_id
         JOIN employees e ON e.id = s.snoozed_by_id WHERE o.external_id = 'RX-1-12'`,
      );
      expect(rows.rows).toEqual([{ by: "M1-0" }]);
    });
  });

describe("the receivables schedule", () => {
  const plan = schedulePlanner(JOB, "09:00");

  it("runs on Monday, once per ISO week and slot", async () => {
    expect(await plan("2026-10-12")).toMatchObject({ runId: "receivables.2026-W42.0900" });
    expect(await plan("2026-10-13")).toMatchObject({ skip: expect.stringContaining("first working day") });
  });

  it("moves to the next working day when Monday is a holiday (National Day week)", async () => {
    expect(await plan("2026-10-05")).toMatchObject({ skip: expect.any(String) });
    const days = ["2026-10-06", "2026-10-07", "2026-10-08", "2026-10-09", "2026-10-10", "2026-10-11"];
    const planned = [];
    for (const d of days) if ("runId" in (await plan(d))) planned.push(d);
    expect(planned).toHaveLength(1);
    expect((await plan(planned[0]!)) as { runId: string }).toMatchObject({ runId: "receivables.2026-W41.0900" });
  });
});
