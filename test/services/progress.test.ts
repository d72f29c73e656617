// Progress as of an instant: the salesperson's card data, computed from the real database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/client.ts";
import { importScenario } from "../../src/scenario/import.ts";
import { NotScoredError, progressFor } from "../../src/services/progress.ts";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";
import { readFixture } from "../helpers/fixtures.ts";
import { pacer } from "../helpers/cli.ts";

let fresh: FreshDatabase;
let database: Database;
beforeAll(async () => {
  fresh = await freshDatabase();
  database = openDatabase(fresh.url, { max: 3 });
  await importScenario(database.pool, readFixture("golden-east-2026-10.scenario.json"));
});
afterAll(async () => {
  await database.close();
  await fresh.drop();
});

// 2026-10-16 10:00 in Shanghai (the calendar module's tests pin October's working days).
const AS_OF = new Date("2026-10-16T02:00:00Z");

describe("progress", () => {
  it("shows each plan metric with actual, target, achievement, points, gap and pace as of the instant", async () => {
    const p = await progressFor(database.pool, "E-C", AS_OF);
    expect(p.period).toBe("2026-10");
    expect(p.workingDays.elapsed + p.workingDays.remaining).toBe(p.workingDays.total);
    const byMetric = Object.fromEntries(p.items.map((i) => [i.metric, i]));
    // Orders O9 (Oct 9) and O10 (Oct 15) are before the as-of instant; O11, O12 are later.
    expect(p.metrics.shipments).toBe("2");
    expect(byMetric.new_customers).toMatchObject({
      actual: "2",
      target: "3",
      achievement: "0.6667",
      points: "26.67",
      gap: "1",
    });
    // Leads L1 (converted Oct 9), L2 (lost Oct 12), L3 (converted Oct 15): 2 of 3.
    expect(byMetric.conversion_rate).toMatchObject({
      actual: "0.6667",
      points: "36.00",
      gap: "0.0000",
      requiredPerDay: null,
    });
    // Nothing collected before Oct 19: the whole target is the gap, spread over remaining days.
    expect(byMetric.collected_revenue!.gap).toBe("20000.00");
    const perDay = Number(byMetric.collected_revenue!.requiredPerDay);
    expect(perDay).toBeCloseTo(20000 / p.workingDays.remaining, 2);
    expect(byMetric.collection_days).toMatchObject({ actual: null, points: "0.00" });
    expect(p.base).toBe("62.67");
  });

  it("ranks within the team and adds the team bonus reached so far", async () => {
    const p = await progressFor(database.pool, "E-C", AS_OF);
    // Team shipments so far: A has O3 (Oct 1, 01:30 local) and O2 (Oct 5), B has O6 (Oct 8) and
    // O8 (Oct 12), C has O9 and O10 → 6 of 6: the 100 % tier (+5) is reached.
    expect(p.team).toEqual([
      { externalId: "T-EAST", metric: "shipments", actual: "6", goal: "6", completion: "1.0000", bonus: "5.00" },
    ]);
    expect(p.teamBonus).toBe("5.00");
    expect(p.total).toBe("67.67");
    expect(p.teamSize).toBe(3);
    expect(p.teamRank).toBeGreaterThanOrEqual(1);
    expect(p.headline).toBe("new_customers");
    expect(p.weakest?.metric).toBe("collected_revenue");
    expect(p.dataFreshness).not.toBeNull();
  });

  it("at the period's end equals the month close", async () => {
    const p = await progressFor(database.pool, "E-A", new Date("2026-10-31T15:59:59.999Z"));
    const expected = readFixture("golden-east-2026-10.expected.json").employees.find(
      (e: { externalId: string }) => e.externalId === "E-A",
    );
    expect(p.metrics).toEqual(expected.metrics);
    expect(p.total).toBe(expected.total);
    expect(p.teamRank).toBe(expected.teamRank);
  });

  it("refuses people who are not scored, and unknown people, with a clear error", async () => {
    await expect(progressFor(database.pool, "E-M1", AS_OF)).rejects.toThrow(NotScoredError);
    await expect(progressFor(database.pool, "E-NOBODY", AS_OF)).rejects.toThrow(
      /No employee with externalId "E-NOBODY"/,
    );
  });

  it("`pacer progress --json` uses PACER_NOW when no --as-of is given", async () => {
    const out = await pacer(["progress", "E-C", "--json"], { DATABASE_URL: fresh.url, PACER_NOW: AS_OF.toISOString() });
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject({ asOf: AS_OF.toISOString(), base: "62.67" });
    const bad = await pacer(["progress", "E-C", "--as-of", "yesterday"], { DATABASE_URL: fresh.url });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--as-of must be an ISO 8601 timestamp/);
  });
});
