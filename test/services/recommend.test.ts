// Recommendations: the course for the weakest metric, the "high potential" flag (three closed
// months on top of the team) and target suggestions from closed months. The pure rules of
// kpi/potential.ts first, then each service on a real database with real month closes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/client.ts";
import {
  highPotentialFlags,
  streakPeriods,
  teamTops,
  type ClosedMonth,
  type SnapshotEntry,
} from "../../src/kpi/potential.ts";
import type { MetricKey } from "../../src/kpi/metrics.ts";
import { importScenario } from "../../src/scenario/import.ts";
import { UnknownEmployeeError } from "../../src/services/explain.ts";
import { closeMonth } from "../../src/services/month-close.ts";
import { computePeriod } from "../../src/services/period-results.ts";
import {
  highPotential,
  recommendCourse,
  RecommendInputError,
  suggestTargets,
  UnknownTeamError,
} from "../../src/services/recommend.ts";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";

// ─── Pure rules ──────────────────────────────────────────────────────────────────────────────────

const entry = (
  id: string,
  teamId: number | null,
  metrics: Partial<Record<MetricKey, string | null>>,
): SnapshotEntry => ({
  employeeExternalId: id,
  teamId,
  metrics,
});

describe("high potential: who is the top of a team in one month", () => {
  it("the highest value for higher-is-better metrics, per team", () => {
    const tops = teamTops(
      [
        entry("A", 1, { shipments: "5" }),
        entry("B", 1, { shipments: "12" }),
        entry("C", 2, { shipments: "3" }),
        entry("D", 2, { shipments: "1" }),
      ],
      "shipments",
    );
    expect([...tops].sort()).toEqual(["B", "C"]);
  });

  it("the lowest non-null value for lower-is-better metrics; none is not a value", () => {
    const tops = teamTops(
      [
        entry("A", 1, { collection_days: "12.50" }),
        entry("B", 1, { collection_days: "30.00" }),
        entry("C", 1, { collection_days: null }),
        entry("D", 1, {}),
      ],
      "collection_days",
    );
    expect([...tops]).toEqual(["A"]);
  });

  it("ties at the top are all top; values compare exactly, not as text", () => {
    const tops = teamTops(
      [
        entry("A", 1, { booked_revenue: "100.00" }),
        entry("B", 1, { booked_revenue: "100" }),
        entry("C", 1, { booked_revenue: "99.99" }),
      ],
      "booked_revenue",
    );
    expect([...tops].sort()).toEqual(["A", "B"]);
  });

  it("nobody is top when the whole team ties or only one member has a value; people without a team are never top", () => {
    expect(
      teamTops(
        [entry("A", 1, { overdue_receivables: "0.00" }), entry("B", 1, { overdue_receivables: "0.00" })],
        "overdue_receivables",
      ).size,
    ).toBe(0);
    expect(
      teamTops(
        [entry("A", 1, { conversion_rate: "0.5000" }), entry("B", 1, { conversion_rate: null })],
        "conversion_rate",
      ).size,
    ).toBe(0);
    expect(
      teamTops([entry("A", null, { shipments: "9" }), entry("B", null, { shipments: "1" })], "shipments").size,
    ).toBe(0);
  });

  it("the streak is the consecutive months ending with the as-of period", () => {
    expect(streakPeriods("2026-02")).toEqual(["2025-12", "2026-01", "2026-02"]);
    expect(() => streakPeriods("2026-13")).toThrow();
  });
});

describe("high potential: three months running", () => {
  const month = (
    period: string,
    shipments: Record<string, string>,
    team: (id: string) => number = () => 1,
  ): ClosedMonth => ({
    period,
    entries: Object.entries(shipments).map(([id, v]) => entry(id, team(id), { shipments: v })),
  });
  const periods = ["2026-08", "2026-09", "2026-10"];

  it("flags who was top in every month of the streak, with the months", () => {
    const months = [
      month("2026-08", { A: "3", B: "3", C: "1" }),
      month("2026-09", { A: "3", B: "2", C: "1" }),
      month("2026-10", { A: "4", B: "4", C: "1" }),
    ];
    expect(highPotentialFlags(months, periods)).toEqual([{ employeeExternalId: "A", metric: "shipments", periods }]);
  });

  it("a month without a close breaks the streak", () => {
    const months = [
      month("2026-08", { A: "3", B: "1" }),
      month("2026-10", { A: "3", B: "1" }),
      month("2026-07", { A: "3", B: "1" }),
    ];
    expect(highPotentialFlags(months, periods)).toEqual([]);
  });

  it("each month is judged within the team the person was in that month", () => {
    // A moves from team 1 (where B leads) to team 2 in October, where A leads.
    const months = [
      month("2026-08", { A: "3", B: "1" }),
      month("2026-09", { A: "3", B: "1" }),
      month("2026-10", { A: "2", B: "9", Z: "1" }, (id) => (id === "B" ? 1 : 2)),
    ];
    expect(highPotentialFlags(months, periods).map((f) => f.employeeExternalId)).toEqual(["A"]);
  });

  it("lists people in external id order, then metrics in the results' order", () => {
    const both = (id: string, s: string, d: string) => entry(id, 1, { shipments: s, collection_days: d });
    const m = (period: string): ClosedMonth => ({
      period,
      entries: [both("b", "5", "1.00"), both("a", "5", "9.00"), both("c", "1", "1.00")],
    });
    expect(highPotentialFlags(periods.map(m), periods).map((f) => [f.employeeExternalId, f.metric])).toEqual([
      ["a", "shipments"],
      ["b", "shipments"],
      ["b", "collection_days"],
      ["c", "collection_days"],
    ]);
  });
});

// ─── On the database ─────────────────────────────────────────────────────────────────────────────

let fresh: FreshDatabase;
let database: Database;
beforeAll(async () => {
  fresh = await freshDatabase();
  database = openDatabase(fresh.url, { max: 4 });
});
afterAll(async () => {
  await database.close();
  await fresh.drop();
});

async function idOf(table: "employees" | "teams", externalId: string): Promise<number> {
  const res = await database.pool.query<{ id: number }>(`SELECT id FROM ${table} WHERE external_id = $1`, [externalId]);
  if (!res.rows[0]) throw new Error(`no ${table} row ${externalId}`);
  return res.rows[0].id;
}

type Row = Record<string, unknown>;

/**
 * Teams T1 (A, B, C) and T2 (D, E, F) on plan "p"; `counts[employee]` = orders of 100.00 per
 * month, booked on the 10th. F's first order is due 2026-08-15 and never paid: F alone has
 * overdue receivables from August on.
 */
function threeMonths(counts: Record<string, [number, number, number]>, extra: { orders?: Row[] } = {}) {
  const months = ["2026-08", "2026-09", "2026-10"];
  const orders: Row[] = [];
  for (const [employee, perMonth] of Object.entries(counts)) {
    perMonth.forEach((n, mi) => {
      for (let i = 0; i < n; i++) {
        const id = `O-${employee}-${months[mi]}-${i}`;
        const overdue = employee === "F" && mi === 0 && i === 0;
        orders.push({
          externalId: id,
          customerExternalId: `C-${employee}`,
          ownerExternalId: employee,
          bookedAt: `${months[mi]}-10T0${i}:00:00Z`,
          revenue: "100",
          cost: "0",
          status: "completed",
          ...(overdue ? { dueDate: "2026-08-15" } : {}),
        });
      }
    });
  }
  const people = Object.keys(counts);
  return {
    organization: { name: "Potential Co", timezone: "Asia/Shanghai", currency: "CNY" },
    plans: [
      {
        key: "p",
        name: "Plan",
        cap: 1.2,
        floor: 0,
        items: [
          { metric: "shipments", weight: 40 },
          { metric: "booked_revenue", weight: 30 },
          { metric: "collection_days", weight: 30 },
        ],
      },
    ],
    teams: [
      { externalId: "T1", name: "Team 1" },
      { externalId: "T2", name: "Team 2" },
    ],
    employees: [
      ...people.map((e) => ({
        externalId: e,
        name: e,
        role: "sales",
        teamExternalId: "ABC".includes(e) ? "T1" : "T2",
        planKey: "p",
      })),
      { externalId: "M", name: "Manager", role: "manager", teamExternalId: "T1" },
    ],
    customers: people.map((e) => ({ externalId: `C-${e}`, name: `Customer ${e}`, ownerExternalId: e })),
    orders: [...orders, ...(extra.orders ?? [])],
    trainingCourses: [
      { externalId: "K-ship", titleZh: "提升票数", titleEn: "More shipments", url: "https://learn.example.com/ship" },
      { externalId: "K-days", titleZh: "加快回款", titleEn: "Collect faster" },
    ],
    metricCourses: [
      { metric: "shipments", courseExternalId: "K-ship" },
      { metric: "collection_days", courseExternalId: "K-days" },
    ],
  };
}

const COUNTS: Record<string, [number, number, number]> = {
  A: [3, 3, 3],
  B: [3, 2, 3],
  C: [1, 2, 1],
  D: [2, 2, 2],
  E: [2, 2, 2],
  F: [1, 1, 1],
};
const STREAK = ["2026-08", "2026-09", "2026-10"];

describe("weakest metric → training course", () => {
  beforeAll(async () => {
    await importScenario(database.pool, threeMonths(COUNTS), { replace: true });
  });

  it("recommends the course mapped to the metric that lost the most points", async () => {
    await database.pool.query(
      `INSERT INTO targets (employee_id, period, metric, value) VALUES ($1, '2026-10', 'shipments', 10), ($1, '2026-10', 'booked_revenue', 300)`,
      [await idOf("employees", "A")],
    );
    const { result } = await computePeriod(database.pool, "2026-10");
    const a = result.people.find((p) => p.person.externalId === "A")!;
    // shipments 3 of 10 → 12 of 40 points (28 lost); booked on target; collection_days none → 30 lost.
    expect(a.score.weakest?.metric).toBe("collection_days");
    expect(await recommendCourse(database.pool, a.score)).toEqual({
      metric: "collection_days",
      pointsLost: "30.00",
      course: { externalId: "K-days", titleZh: "加快回款", titleEn: "Collect faster", url: null },
    });
  });

  it("takes a metric key directly too", async () => {
    expect(await recommendCourse(database.pool, "shipments")).toEqual({
      metric: "shipments",
      pointsLost: null,
      course: {
        externalId: "K-ship",
        titleZh: "提升票数",
        titleEn: "More shipments",
        url: "https://learn.example.com/ship",
      },
    });
  });

  it("nothing when no metric is weak or no course is mapped; an unknown metric is an error", async () => {
    expect(await recommendCourse(database.pool, { weakest: null })).toBeNull();
    expect(await recommendCourse(database.pool, null)).toBeNull();
    expect(await recommendCourse(database.pool, "booked_revenue")).toBeNull();
    await expect(recommendCourse(database.pool, "revenue" as MetricKey)).rejects.toThrow(RecommendInputError);
  });
});

describe("high potential from closed months", () => {
  beforeAll(async () => {
    await importScenario(database.pool, threeMonths(COUNTS), { replace: true });
  });

  it("needs all three months closed; then flags the team's top three months running", async () => {
    const t1 = await idOf("teams", "T1");
    const t2 = await idOf("teams", "T2");
    await closeMonth(database.pool, "2026-08");
    await closeMonth(database.pool, "2026-10");
    expect(await highPotential(database.pool, { teamId: t1, asOfPeriod: "2026-10" })).toEqual([]);

    await closeMonth(database.pool, "2026-09");
    // T1: A leads on shipments and revenue every month (B fell behind in September). Nobody has
    // overdue receivables, so nobody leads on it; per-shipment profit is equal for all.
    expect(await highPotential(database.pool, { teamId: t1, asOfPeriod: "2026-10" })).toEqual([
      { employeeExternalId: "A", metric: "booked_revenue", periods: STREAK },
      { employeeExternalId: "A", metric: "shipments", periods: STREAK },
      { employeeExternalId: "A", metric: "gross_profit", periods: STREAK },
    ]);
    // T2: D and E tie at the top every month; F's overdue invoice makes D and E the best on it too.
    const t2Flags = await highPotential(database.pool, { teamId: t2, asOfPeriod: "2026-10" });
    expect(t2Flags.map((f) => `${f.employeeExternalId}:${f.metric}`)).toEqual([
      "D:booked_revenue",
      "D:shipments",
      "D:gross_profit",
      "D:overdue_receivables",
      "E:booked_revenue",
      "E:shipments",
      "E:gross_profit",
      "E:overdue_receivables",
    ]);
  });

  it("for one employee; and the as-of period is the last month of the streak", async () => {
    const a = await idOf("employees", "A");
    expect((await highPotential(database.pool, { employeeId: a, asOfPeriod: "2026-10" })).map((f) => f.metric)).toEqual(
      ["booked_revenue", "shipments", "gross_profit"],
    );
    expect(
      await highPotential(database.pool, { employeeId: await idOf("employees", "C"), asOfPeriod: "2026-10" }),
    ).toEqual([]);
    expect(await highPotential(database.pool, { employeeId: a, asOfPeriod: "2026-11" })).toEqual([]); // November is not closed
  });

  it("uses the latest version of a re-closed month", async () => {
    const b = await idOf("employees", "B");
    expect(await highPotential(database.pool, { employeeId: b, asOfPeriod: "2026-10" })).toEqual([]);
    // A late September order puts B level with A; the re-close keeps version 1 and adds version 2.
    const late = {
      externalId: "O-late",
      customerExternalId: "C-B",
      ownerExternalId: "B",
      bookedAt: "2026-09-20T02:00:00Z",
      revenue: "100",
      cost: "0",
      status: "completed",
    };
    await importScenario(database.pool, { ...threeMonths(COUNTS, { orders: [late] }) });
    expect((await closeMonth(database.pool, "2026-09", { reclose: true, reason: "late order" })).version).toBe(2);
    expect((await highPotential(database.pool, { employeeId: b, asOfPeriod: "2026-10" })).map((f) => f.metric)).toEqual(
      ["booked_revenue", "shipments", "gross_profit"],
    );
  });

  it("rejects a request naming both or neither of team and employee, and unknown ids", async () => {
    await expect(highPotential(database.pool, { asOfPeriod: "2026-10" } as never)).rejects.toThrow(RecommendInputError);
    await expect(
      highPotential(database.pool, { teamId: 1, employeeId: 1, asOfPeriod: "2026-10" } as never),
    ).rejects.toThrow(RecommendInputError);
    await expect(highPotential(database.pool, { teamId: 1, asOfPeriod: "2026-1" })).rejects.toThrow(/period/);
    await expect(highPotential(database.pool, { teamId: 999_999, asOfPeriod: "2026-10" })).rejects.toThrow(
      UnknownTeamError,
    );
    await expect(highPotential(database.pool, { employeeId: 999_999, asOfPeriod: "2026-10" })).rejects.toThrow(
      UnknownEmployeeError,
    );
  });
});

describe("target suggestions from closed months", () => {
  beforeAll(async () => {
    await importScenario(database.pool, threeMonths(COUNTS), { replace: true });
    for (const p of STREAK) await closeMonth(database.pool, p);
  });

  it("per plan metric, the 80th percentile of the employee's closed months (interpolated), with the months used", async () => {
    const res = await suggestTargets(database.pool, await idOf("employees", "C"), "2026-11");
    expect(res.closedMonths).toEqual(["2026-10", "2026-09", "2026-08"]);
    // C shipped 1, 2, 1: sorted 1, 1, 2; h = 2 × 0.8 = 1.6 → 1 + 0.6 × (2 − 1) = 1.6 → 2 shipments.
    expect(res.suggestions).toEqual([
      {
        metric: "shipments",
        status: "ok",
        value: "2",
        monthsUsed: 3,
        basis: [
          { period: "2026-10", value: "1" },
          { period: "2026-09", value: "2" },
          { period: "2026-08", value: "1" },
        ],
        percentile: "0.8",
      },
      {
        metric: "booked_revenue",
        status: "ok",
        value: "160.00",
        monthsUsed: 3,
        basis: [
          { period: "2026-10", value: "100.00" },
          { period: "2026-09", value: "200.00" },
          { period: "2026-08", value: "100.00" },
        ],
        percentile: "0.8",
      },
      // Never any collection: none in every month is no history, not a zero.
      { metric: "collection_days", status: "no_history", value: null, monthsUsed: 0, basis: [], percentile: "0.2" },
    ]);
  });

  it("only months before the target's period count; none closed before it → no suggestion", async () => {
    const c = await idOf("employees", "C");
    const forOct = await suggestTargets(database.pool, c, "2026-10");
    expect(forOct.suggestions[0]).toMatchObject({ metric: "shipments", value: "2", monthsUsed: 2 }); // 2, 1 → 1.8
    const forAug = await suggestTargets(database.pool, c, "2026-08");
    expect(forAug.suggestions.map((s) => [s.metric, s.status, s.value, s.monthsUsed])).toEqual([
      ["shipments", "no_history", null, 0],
      ["booked_revenue", "no_history", null, 0],
      ["collection_days", "no_history", null, 0],
    ]);
  });

  it("someone without a plan gets no suggestions; bad input is rejected", async () => {
    const m = await idOf("employees", "M");
    expect((await suggestTargets(database.pool, m, "2026-11")).suggestions).toEqual([]);
    await expect(suggestTargets(database.pool, m, "Nov")).rejects.toThrow(RecommendInputError);
    await expect(suggestTargets(database.pool, 999_999, "2026-11")).rejects.toThrow(UnknownEmployeeError);
  });

  it("looks at the last six closed months at most", async () => {
    // One person, orders in nine months (n orders in the n-th month), every month closed.
    const months = Array.from({ length: 9 }, (_, i) => `2026-0${i + 1}`);
    await importScenario(
      database.pool,
      {
        organization: { name: "Six Co", timezone: "Asia/Shanghai", currency: "CNY" },
        plans: [{ key: "p", name: "Plan", cap: 1.2, floor: 0, items: [{ metric: "shipments", weight: 100 }] }],
        teams: [{ externalId: "T", name: "Team" }],
        employees: [{ externalId: "S", name: "S", role: "sales", teamExternalId: "T", planKey: "p" }],
        customers: [{ externalId: "C", name: "C", ownerExternalId: "S" }],
        orders: months.flatMap((m, i) =>
          Array.from({ length: i + 1 }, (_, k) => ({
            externalId: `O-${m}-${k}`,
            customerExternalId: "C",
            ownerExternalId: "S",
            bookedAt: `${m}-10T${String(k).padStart(2, "0")}:00:00Z`,
            revenue: "1",
            cost: "0",
            status: "completed",
          })),
        ),
      },
      { replace: true },
    );
    for (const m of months) await closeMonth(database.pool, m);
    const res = await suggestTargets(database.pool, await idOf("employees", "S"), "2026-10");
    // Months 4–9 (values 4…9): h = 5 × 0.8 = 4 → the 5th smallest, 8.
    expect(res.closedMonths).toEqual(["2026-09", "2026-08", "2026-07", "2026-06", "2026-05", "2026-04"]);
    expect(res.suggestions).toEqual([
      expect.objectContaining({ metric: "shipments", status: "ok", value: "8", monthsUsed: 6 }),
    ]);
  });
});
