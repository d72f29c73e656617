// The dispute rule (docs/KPI-RULES.md "Disputes"), held against the golden fixture: moving O3's
// credit from 王磊 (E-A) to 李静 (E-B) moves every metric O3 touches — revenue, profit, shipments,
// new customers and repurchase (its customer C2), collection (its payment P4, its paid-in-full day)
// and the rating on it — by exactly O3's share, and nothing of 张伟's (E-C). The scenario bundle
// carries the move as an override, and export → import reproduces it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/client.ts";
import { exportScenario } from "../../src/scenario/export.ts";
import { importScenario } from "../../src/scenario/import.ts";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";
import { readFixture } from "../helpers/fixtures.ts";

type Metrics = Record<string, string | null>;
const golden = readFixture("golden-east-2026-10.expected.json") as {
  employees: { externalId: string; metrics: Metrics }[];
};
const disputed = readFixture("dispute-east-2026-10.expected.json") as typeof golden;
const metricsOf = (doc: typeof golden, who: string) => doc.employees.find((e) => e.externalId === who)!.metrics;
const n = (v: string | null | undefined) => Number(v);

describe("the dispute scenario against the golden one", () => {
  const [a0, a1, b0, b1] = [
    metricsOf(golden, "E-A"),
    metricsOf(disputed, "E-A"),
    metricsOf(golden, "E-B"),
    metricsOf(disputed, "E-B"),
  ];
  // O3 as fed (golden scenario): 15,000.00 revenue, 12,500.00 cost, paid in full by P4 (15,000.00)
  // 17 days after its booking, rated 4 (R2), the first live order of C2.
  const o3 = readFixture("golden-east-2026-10.scenario.json").orders.find(
    (o: { externalId: string }) => o.externalId === "O3",
  );

  it("revenue, profit and shipments move by O3's amounts", () => {
    for (const [metric, amount] of [
      ["booked_revenue", n(o3.revenue)],
      ["gross_profit", n(o3.revenue) - n(o3.cost)],
      ["shipments", 1],
    ] as const) {
      expect(n(a1[metric]), metric).toBe(n(a0[metric]) - amount);
      expect(n(b1[metric]), metric).toBe(n(b0[metric]) + amount);
    }
  });

  it("collected revenue moves by O3's payments, and collection days lose / gain O3's day count", () => {
    expect(n(a1.collected_revenue)).toBe(n(a0.collected_revenue) - 15000);
    expect(n(b1.collected_revenue)).toBe(n(b0.collected_revenue) + 15000);
    // 王磊 kept O1 (22 days) of O1 and O3; 李静 had O6 (20 days) and now O3 (17) too.
    expect(n(a1.collection_days)).toBe(n(a0.collection_days) * 2 - 17);
    expect(n(b1.collection_days)).toBe((n(b0.collection_days) + 17) / 2);
  });

  it("C2 becomes 李静's new customer and a first-time buyer among her customers (repurchase)", () => {
    expect(n(a1.new_customers)).toBe(n(a0.new_customers) - 1);
    expect(n(b1.new_customers)).toBe(n(b0.new_customers) + 1);
    // 王磊: C1 (repeat) and C2 (first) → C1 only; 李静: C4 (repeat), C5 (first) → plus C2 (first).
    expect(a0.repurchase_rate).toBe("0.5000");
    expect(a1.repurchase_rate).toBe("1.0000");
    expect(b1.repurchase_rate).toBe("0.3333");
  });

  it("the rating on O3 goes with it; 张伟's figures do not move", () => {
    expect(n(a1.collaboration_score)).toBe(n(a0.collaboration_score) * 2 - 4);
    expect(n(b1.collaboration_score)).toBeCloseTo((n(b0.collaboration_score) * 2 + 4) / 3, 2);
    expect(metricsOf(disputed, "E-C")).toStrictEqual(metricsOf(golden, "E-C"));
  });
});

describe("the override in a scenario bundle", () => {
  let fresh: FreshDatabase;
  let again: FreshDatabase;
  let database: Database;
  let copy: Database;
  beforeAll(async () => {
    [fresh, again] = await Promise.all([freshDatabase(), freshDatabase()]);
    database = openDatabase(fresh.url, { max: 2 });
    copy = openDatabase(again.url, { max: 2 });
  });
  afterAll(async () => {
    await Promise.all([database.close(), copy.close()]);
    await Promise.all([fresh.drop(), again.drop()]);
  });

  it("is exported beside the order as fed, and export → import → export changes nothing", async () => {
    await importScenario(database.pool, readFixture("dispute-east-2026-10.scenario.json"));
    const exported = await exportScenario(database.pool);
    expect(exported.creditOverrides).toEqual([{ orderExternalId: "O3", ownerExternalId: "E-B" }]);
    expect(
      (exported.orders as { externalId: string; ownerExternalId: string }[]).find((o) => o.externalId === "O3"),
    ).toMatchObject({ ownerExternalId: "E-A" });
    await importScenario(copy.pool, exported);
    expect(await exportScenario(copy.pool)).toStrictEqual(exported);
    const owner = await copy.pool.query<{ external_id: string }>(
      "SELECT e.external_id FROM orders o JOIN employees e ON e.id = o.owner_id WHERE o.external_id = 'O3'",
    );
    expect(owner.rows).toEqual([{ external_id: "E-B" }]);
  });

  it("importing it again is unchanged; an override naming an unknown order or person is refused, nothing written", async () => {
    const result = await importScenario(database.pool, readFixture("dispute-east-2026-10.scenario.json"));
    expect(result.sections.creditOverrides).toEqual({ created: 0, updated: 0, unchanged: 1 });
    expect(result.sections.orders).toMatchObject({ updated: 0 });
    const bad = {
      ...readFixture("dispute-east-2026-10.scenario.json"),
      creditOverrides: [
        { orderExternalId: "O404", ownerExternalId: "E-B" },
        { orderExternalId: "O2", ownerExternalId: "E-404" },
      ],
    };
    await expect(importScenario(database.pool, bad)).rejects.toThrow(
      /unknown order "O404"[\s\S]*unknown employee "E-404"/,
    );
    const count = await database.pool.query("SELECT count(*)::int AS n FROM order_credit_overrides");
    expect(count.rows[0].n).toBe(1);
  });
});
