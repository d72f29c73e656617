// Each KPI rule of docs/KPI-RULES.md, computed by the real SQL on a real database: one small scenario per
// rule, built from a base bundle, and the exact actuals (or scores) it must produce.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/client.ts";
import { importScenario } from "../../src/scenario/import.ts";
import { computePeriod } from "../../src/services/period-results.ts";
import { formatMetricRecord } from "../../src/kpi/metrics.ts";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";
import { order, pay } from "../helpers/rows.ts";

let fresh: FreshDatabase;
let database: Database;
beforeAll(async () => {
  fresh = await freshDatabase();
  database = openDatabase(fresh.url, { max: 3 });
});
afterAll(async () => {
  await database.close();
  await fresh.drop();
});

type Rows = Record<string, unknown>[];
interface Extra {
  orders?: Rows;
  payments?: Rows;
  leads?: Rows;
  ratings?: Rows;
  targets?: Rows;
  employees?: Rows;
  teamGoals?: Rows;
  plans?: Rows;
}

const PLAN = {
  key: "p",
  name: "Plan",
  cap: 1.2,
  floor: 0,
  items: [
    { metric: "collected_revenue", weight: 50 },
    { metric: "collection_days", weight: 50 },
  ],
};

/** A team T with manager M, HR H and salespeople A and B on plan "p"; customers C1–C6 (owner A). */
function bundle(extra: Extra = {}) {
  return {
    organization: { name: "Rules Co", timezone: "Asia/Shanghai", currency: "CNY" },
    plans: extra.plans ?? [PLAN],
    teams: [{ externalId: "T", name: "Team", managerExternalId: "M" }],
    employees: [
      { externalId: "M", name: "Manager", role: "manager", teamExternalId: "T", planKey: "p" },
      { externalId: "H", name: "HR", role: "hr" },
      { externalId: "A", name: "Ann", role: "sales", teamExternalId: "T", planKey: "p" },
      { externalId: "B", name: "Bo", role: "sales", teamExternalId: "T", planKey: "p" },
      ...(extra.employees ?? []),
    ],
    customers: ["C1", "C2", "C3", "C4", "C5", "C6"].map((c) => ({ externalId: c, name: c, ownerExternalId: "A" })),
    orders: extra.orders ?? [],
    payments: extra.payments ?? [],
    leads: extra.leads ?? [],
    ratings: extra.ratings ?? [],
    targets: extra.targets ?? [],
    teamGoals: extra.teamGoals ?? [],
  };
}

async function metricsOf(extra: Extra, period = "2026-10", asOf?: Date) {
  await importScenario(database.pool, bundle(extra), { replace: true });
  const computed = await computePeriod(database.pool, period, asOf ? { asOf } : {});
  return Object.fromEntries(
    computed.result.people.map((p) => [p.person.externalId, formatMetricRecord(p.person.actuals)]),
  );
}

async function resultsOf(extra: Extra, period = "2026-10") {
  await importScenario(database.pool, bundle(extra), { replace: true });
  return (await computePeriod(database.pool, period)).result;
}

describe("periods are calendar months in the organization's time zone", () => {
  it("an order at local 00:00 on the 1st belongs to that month; one a second earlier to the previous", async () => {
    const m = await metricsOf({
      orders: [
        order("O1", "C1", "A", "2026-09-30T16:00:00Z", "100"), // 2026-10-01 00:00 Shanghai
        order("O2", "C2", "A", "2026-09-30T15:59:59Z", "200"), // 2026-09-30 23:59:59
        order("O3", "C3", "A", "2026-10-31T15:59:59Z", "400"), // 2026-10-31 23:59:59
        order("O4", "C4", "A", "2026-10-31T16:00:00Z", "800"), // 2026-11-01 00:00
      ],
    });
    expect(m.A!.booked_revenue).toBe("500.00");
    expect(m.A!.shipments).toBe("2");
  });

  it("payments are dated by the same local-midnight boundaries", async () => {
    const m = await metricsOf({
      orders: [order("O1", "C1", "A", "2026-09-01T00:00:00Z", "1000")],
      payments: [
        pay("P1", "O1", "2026-09-30T15:59:59Z", "1"),
        pay("P2", "O1", "2026-09-30T16:00:00Z", "10"),
        pay("P3", "O1", "2026-10-31T15:59:59Z", "100"),
        pay("P4", "O1", "2026-10-31T16:00:00Z", "500"),
      ],
    });
    expect(m.A!.collected_revenue).toBe("110.00");
  });
});

describe("revenue, shipments and profit", () => {
  it("cancelled orders do not count; refunds subtract; payments count whatever the order's status", async () => {
    const m = await metricsOf({
      orders: [
        order("O1", "C1", "A", "2026-10-02T02:00:00Z", "1000.50", { cost: "800.25" }),
        order("O2", "C2", "A", "2026-10-03T02:00:00Z", "500", { cost: "100", status: "cancelled" }),
        order("O3", "C3", "A", "2026-10-04T02:00:00Z", "300", { cost: "350", status: "in_transit" }),
      ],
      payments: [
        pay("P1", "O1", "2026-10-05T02:00:00Z", "1000.50"),
        pay("P2", "O2", "2026-10-06T02:00:00Z", "500"),
        pay("P3", "O1", "2026-10-20T02:00:00Z", "-200.25"),
      ],
    });
    expect(m.A).toMatchObject({
      booked_revenue: "1300.50",
      shipments: "2",
      gross_profit: "150.25",
      profit_per_shipment: "75.13",
      collected_revenue: "1300.25",
    });
  });

  it("payments after the period's end are not collected in it", async () => {
    const m = await metricsOf({
      orders: [order("O1", "C1", "A", "2026-10-02T02:00:00Z", "100")],
      payments: [pay("P1", "O1", "2026-11-02T02:00:00Z", "100")],
    });
    expect(m.A!.collected_revenue).toBe("0.00");
  });

  it("no data: sums and counts are zero, the six ratio metrics are none", async () => {
    const m = await metricsOf({});
    expect(m.B).toEqual({
      booked_revenue: "0.00",
      collected_revenue: "0.00",
      shipments: "0",
      gross_profit: "0.00",
      profit_per_shipment: null,
      new_customers: "0",
      repurchase_rate: null,
      retention_rate: null,
      conversion_rate: null,
      collection_days: null,
      collaboration_score: null,
      overdue_receivables: "0.00",
    });
  });
});

describe("customers: new, repurchase and retention", () => {
  it("a customer's first live order ever decides new vs repurchase; cancelled orders never count", async () => {
    const m = await metricsOf({
      orders: [
        order("O1", "C1", "A", "2026-08-10T02:00:00Z", "1"), // C1 first bought in August
        order("O2", "C1", "A", "2026-10-10T02:00:00Z", "1"),
        order("O3", "C2", "A", "2026-09-10T02:00:00Z", "1", { status: "cancelled" }), // not live
        order("O4", "C2", "A", "2026-10-11T02:00:00Z", "1"), // so C2 is new in October
        order("O5", "C3", "B", "2026-10-01T02:00:00Z", "1"), // C3's first order is B's
        order("O6", "C3", "A", "2026-10-12T02:00:00Z", "1"), // A sells to C3 later: not A's new customer
      ],
    });
    expect(m.A).toMatchObject({ new_customers: "1", repurchase_rate: "0.3333" });
    expect(m.B).toMatchObject({ new_customers: "1", repurchase_rate: "0.0000" });
  });

  it("equal first instants go to the smaller externalId (plain string order)", async () => {
    const m = await metricsOf({
      orders: [
        order("O-b", "C1", "A", "2026-10-10T02:00:00Z", "1"),
        order("O-a", "C1", "B", "2026-10-10T02:00:00Z", "1"),
      ],
    });
    expect(m.B!.new_customers).toBe("1");
    expect(m.A!.new_customers).toBe("0");
  });

  it("retention is the share of last month's customers that bought again this month", async () => {
    const m = await metricsOf({
      orders: [
        order("O1", "C1", "A", "2026-09-05T02:00:00Z", "1"),
        order("O2", "C2", "A", "2026-09-06T02:00:00Z", "1"),
        order("O3", "C3", "A", "2026-09-07T02:00:00Z", "1"),
        order("O4", "C1", "A", "2026-10-05T02:00:00Z", "1"),
        order("O5", "C2", "A", "2026-10-05T03:00:00Z", "1", { status: "cancelled" }),
        order("O6", "C3", "B", "2026-10-05T04:00:00Z", "1"), // bought again, but from B
      ],
    });
    expect(m.A!.retention_rate).toBe("0.3333");
    expect(m.B!.retention_rate).toBeNull();
  });
});

describe("conversion", () => {
  it("counts leads closed in the period: converted / (converted + lost); open leads are ignored", async () => {
    const lead = (id: string, status: string, closedAt?: string) => ({
      externalId: id,
      ownerExternalId: "A",
      createdAt: "2026-09-01T00:00:00Z",
      status,
      ...(closedAt ? { closedAt } : {}),
    });
    const m = await metricsOf({
      leads: [
        lead("L1", "converted", "2026-10-02T00:00:00Z"),
        lead("L2", "lost", "2026-10-03T00:00:00Z"),
        lead("L3", "lost", "2026-10-04T00:00:00Z"),
        lead("L4", "converted", "2026-09-29T00:00:00Z"), // closed in September
        lead("L5", "open"),
      ],
    });
    expect(m.A!.conversion_rate).toBe("0.3333");
  });
});

describe("collection days", () => {
  it("counts orders paid in full inside the period, in local days from booking, whatever month they were booked", async () => {
    const m = await metricsOf({
      orders: [
        order("O1", "C1", "A", "2026-09-20T17:00:00Z", "100"), // booked 2026-09-21 local
        order("O2", "C2", "A", "2026-10-01T02:00:00Z", "100"),
        order("O3", "C3", "A", "2026-09-01T02:00:00Z", "100"), // paid in full in September: not counted
      ],
      payments: [
        pay("P1", "O1", "2026-10-01T02:00:00Z", "40"),
        pay("P2", "O1", "2026-10-10T16:30:00Z", "60"), // 2026-10-11 local → 20 days
        pay("P3", "O2", "2026-10-05T02:00:00Z", "150"), // overpaid on day 4
        pay("P4", "O3", "2026-09-05T02:00:00Z", "100"),
        pay("P5", "O3", "2026-10-05T02:00:00Z", "10"),
      ],
    });
    expect(m.A!.collection_days).toBe("12.00");
  });

  it("a later refund does not undo the paid-in-full moment; equal payment times order by externalId", async () => {
    const m = await metricsOf({
      orders: [
        order("O1", "C1", "A", "2026-10-01T02:00:00Z", "100"),
        order("O2", "C2", "A", "2026-10-01T02:00:00Z", "100"),
      ],
      payments: [
        pay("P1", "O1", "2026-10-03T02:00:00Z", "100"),
        pay("P2", "O1", "2026-10-04T02:00:00Z", "-50"),
        pay("P3", "O1", "2026-10-09T02:00:00Z", "50"),
        // O2: a refund and a payment at the same instant; "Q1" (-10) sorts before "Q2" (+110)
        pay("Q2", "O2", "2026-10-05T02:00:00Z", "110"),
        pay("Q1", "O2", "2026-10-05T02:00:00Z", "-10"),
        pay("Q3", "O2", "2026-10-07T02:00:00Z", "10"),
      ],
    });
    // O1 fully paid on day 2; O2: running sums -10, 100 → fully paid on day 4. Mean 3.
    expect(m.A!.collection_days).toBe("3.00");
  });

  it("an order that is never paid in full does not count", async () => {
    const m = await metricsOf({
      orders: [order("O1", "C1", "A", "2026-10-01T02:00:00Z", "100")],
      payments: [pay("P1", "O1", "2026-10-03T02:00:00Z", "99.99")],
    });
    expect(m.A!.collection_days).toBeNull();
  });
});

describe("collaboration score", () => {
  it("averages ratings dated in the period on live orders, whatever the department", async () => {
    const rating = (id: string, orderId: string, score: number, dept: string, at = "2026-10-15T00:00:00Z") => ({
      externalId: id,
      orderExternalId: orderId,
      score,
      raterDepartment: dept,
      ratedAt: at,
    });
    const m = await metricsOf({
      orders: [
        order("O1", "C1", "A", "2026-09-01T02:00:00Z", "1"),
        order("O2", "C2", "A", "2026-10-01T02:00:00Z", "1", { status: "cancelled" }),
      ],
      ratings: [
        rating("R1", "O1", 5, "operations"),
        rating("R2", "O1", 4, "customer_service"),
        rating("R3", "O1", 3, "finance"),
        rating("R4", "O2", 1, "operations"), // cancelled order
        rating("R5", "O1", 1, "operations", "2026-11-01T00:00:00Z"), // November
      ],
    });
    expect(m.A!.collaboration_score).toBe("4.00");
  });
});

describe("overdue receivables", () => {
  it("adds positive outstanding of live orders due on or before the last local day, as of the period's end", async () => {
    const m = await metricsOf({
      orders: [
        order("O1", "C1", "A", "2026-09-01T02:00:00Z", "1000", { dueDate: "2026-10-31" }), // due last day
        order("O2", "C2", "A", "2026-10-01T02:00:00Z", "500", { dueDate: "2026-11-01" }), // not yet due
        order("O3", "C3", "A", "2026-09-01T02:00:00Z", "300", { dueDate: "2026-10-01" }), // overpaid
        order("O4", "C4", "A", "2026-09-01T02:00:00Z", "700"), // no due date: never overdue
        order("O5", "C5", "A", "2026-09-01T02:00:00Z", "900", { dueDate: "2026-10-01", status: "cancelled" }),
        order("O6", "C6", "A", "2026-11-01T02:00:00Z", "50", { dueDate: "2026-10-01" }), // booked after the end
      ],
      payments: [
        pay("P1", "O1", "2026-10-20T02:00:00Z", "250.50"),
        pay("P2", "O1", "2026-11-02T02:00:00Z", "749.50"), // after the end: still outstanding then
        pay("P3", "O3", "2026-09-20T02:00:00Z", "400"),
      ],
    });
    expect(m.A!.overdue_receivables).toBe("749.50");
  });
});

describe("progress as of an instant", () => {
  it("uses [start of period, as-of) for every metric", async () => {
    const m = await metricsOf(
      {
        orders: [
          order("O1", "C1", "A", "2026-10-05T02:00:00Z", "100"),
          order("O2", "C2", "A", "2026-10-20T02:00:00Z", "200", { dueDate: "2026-10-12" }),
        ],
        payments: [pay("P1", "O1", "2026-10-06T02:00:00Z", "100"), pay("P2", "O2", "2026-10-21T02:00:00Z", "200")],
      },
      "2026-10",
      new Date("2026-10-15T00:00:00Z"),
    );
    expect(m.A).toMatchObject({
      booked_revenue: "100.00",
      collected_revenue: "100.00",
      collection_days: "1.00",
      overdue_receivables: "0.00",
    });
  });
});

describe("who is scored", () => {
  it("only salespeople with a plan: managers and HR are not, even with a plan", async () => {
    const result = await resultsOf({
      employees: [{ externalId: "S-noplan", name: "No plan", role: "sales", teamExternalId: "T" }],
    });
    expect(result.people.map((p) => p.person.externalId)).toEqual(["A", "B"]);
  });

  it("someone who left is scored only in periods they were still there", async () => {
    const result = await resultsOf({
      employees: [
        {
          externalId: "L-SEP",
          name: "Left in September",
          role: "sales",
          teamExternalId: "T",
          planKey: "p",
          status: "left",
          leftAt: "2026-09-15",
        },
        {
          externalId: "L-OCT",
          name: "Left in October",
          role: "sales",
          teamExternalId: "T",
          planKey: "p",
          status: "left",
          leftAt: "2026-10-10",
        },
        {
          externalId: "L-NODATE",
          name: "Left, date unknown",
          role: "sales",
          teamExternalId: "T",
          planKey: "p",
          status: "left",
        },
      ],
    });
    expect(result.people.map((p) => p.person.externalId)).toEqual(["A", "B", "L-NODATE", "L-OCT"]);
  });

  it("a missing target and a target of 0 score 0 points; none scores 0 points", async () => {
    const result = await resultsOf({
      orders: [order("O1", "C1", "A", "2026-10-01T02:00:00Z", "100")],
      payments: [pay("P1", "O1", "2026-10-03T02:00:00Z", "100")],
      targets: [
        { employeeExternalId: "A", period: "2026-10", metric: "collected_revenue", value: "0" },
        { employeeExternalId: "B", period: "2026-10", metric: "collection_days", value: "5" },
      ],
    });
    const a = result.people.find((p) => p.person.externalId === "A")!;
    const b = result.people.find((p) => p.person.externalId === "B")!;
    expect(a.score.pointsText).toEqual({ collected_revenue: "0.00", collection_days: "0.00" }); // target 0; no target
    expect(b.score.pointsText).toEqual({ collected_revenue: "0.00", collection_days: "0.00" }); // no data
  });

  it("equal shown totals share a rank (1, 1, 3) and the team bonus goes to every member", async () => {
    const result = await resultsOf({
      employees: [{ externalId: "C", name: "Cy", role: "sales", teamExternalId: "T", planKey: "p" }],
      orders: [
        order("O1", "C1", "A", "2026-10-01T02:00:00Z", "100"),
        order("O2", "C2", "B", "2026-10-01T02:00:00Z", "100"),
        order("O3", "C3", "C", "2026-10-01T02:00:00Z", "100"),
      ],
      payments: [
        pay("P1", "O1", "2026-10-02T02:00:00Z", "100"),
        pay("P2", "O2", "2026-10-02T02:00:00Z", "100"),
        pay("P3", "O3", "2026-10-02T02:00:00Z", "50"),
      ],
      targets: ["A", "B", "C"].map((e) => ({
        employeeExternalId: e,
        period: "2026-10",
        metric: "collected_revenue",
        value: "100",
      })),
      teamGoals: [
        {
          teamExternalId: "T",
          period: "2026-10",
          metric: "shipments",
          value: "3",
          bonusTiers: [{ minCompletion: 1, points: 5 }],
        },
      ],
    });
    const byId = Object.fromEntries(result.people.map((p) => [p.person.externalId, p]));
    expect([byId.A!.teamRank, byId.B!.teamRank, byId.C!.teamRank]).toEqual([1, 1, 3]);
    expect(byId.C!.total.toFixed(2)).toBe("30.00");
    expect(result.teams[0]!.goal.completionText).toBe("1.0000");
  });

  it("a gated item counts only when its gate passes (collected/booked ≥ 0.8), and the gate survives import", async () => {
    const gated = {
      ...PLAN,
      items: [
        { metric: "collected_revenue", weight: 50, gate: { metric: "collection_ratio", min: 0.8 } },
        PLAN.items[1],
      ],
    };
    const result = await resultsOf({
      plans: [gated],
      orders: [
        order("O1", "C1", "A", "2026-10-01T02:00:00Z", "1000"),
        order("O2", "C2", "B", "2026-10-01T02:00:00Z", "1000"),
      ],
      payments: [pay("P1", "O1", "2026-10-02T02:00:00Z", "500"), pay("P2", "O2", "2026-10-02T02:00:00Z", "900")],
      targets: ["A", "B"].map((e) => ({
        employeeExternalId: e,
        period: "2026-10",
        metric: "collected_revenue",
        value: "1000",
      })),
    });
    const byId = Object.fromEntries(result.people.map((p) => [p.person.externalId, p]));
    expect(byId.A!.score.pointsText.collected_revenue).toBe("0.00"); // 500 / 1000 < 0.8
    expect(byId.B!.score.pointsText.collected_revenue).toBe("45.00"); // 900 / 1000 ≥ 0.8 → 50 × 0.9
  });
});
