// "Details": the rows behind each number. The specification is that re-aggregating the listed rows
// (sum, count or ratio, done here in the test) gives exactly the metric computePeriod reports for
// the same person and window — on the generated fixture and on small scenarios built for each edge.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/client.ts";
import { Rational } from "../../src/kpi/decimal.ts";
import { METRICS, type MetricKey } from "../../src/kpi/metrics.ts";
import { importScenario } from "../../src/scenario/import.ts";
import {
  ExplainInputError,
  explainMetric,
  unpaidReceivables,
  UnknownEmployeeError,
  type ExplainRowOf,
  type UnpaidOrderRow,
} from "../../src/services/explain.ts";
import { computePeriod } from "../../src/services/period-results.ts";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";
import { order, pay } from "../helpers/rows.ts";
import { readFixture } from "../helpers/fixtures.ts";

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

// ─── Helpers ─────────────────────────────────────────────────────────────────────────────────────

async function idOf(externalId: string): Promise<number> {
  const res = await database.pool.query<{ id: number }>(`SELECT id FROM employees WHERE external_id = $1`, [
    externalId,
  ]);
  if (!res.rows[0]) throw new Error(`no employee ${externalId}`);
  return res.rows[0].id;
}

/** Every row of the explanation, walking the pages (100 at a time, the maximum). */
async function allRows<M extends MetricKey>(
  metric: M,
  employee: string,
  period: string,
  asOf?: Date,
): Promise<ExplainRowOf[M][]> {
  const employeeId = await idOf(employee);
  const rows: ExplainRowOf[M][] = [];
  for (let page = 1; ; page++) {
    const res = await explainMetric(database.pool, {
      employeeId,
      period,
      metric,
      page,
      pageSize: 100,
      ...(asOf ? { asOf } : {}),
    });
    rows.push(...res.rows);
    if (!res.hasMore) {
      expect(rows).toHaveLength(res.total);
      return rows;
    }
  }
}

const r = (s: string) => Rational.fromDecimalString(s);
const sum = (xs: string[]) => Rational.sum(xs.map(r));
const ratio = (num: number, den: number) => (den === 0 ? null : Rational.fromInt(num).div(Rational.fromInt(den)));
const count = (n: number) => Rational.fromInt(n);
const daysBetween = (from: string, to: string) =>
  (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;

/** The metric recomputed from its explained rows, independently of the service. */
function reaggregate(metric: MetricKey, rows: unknown[]): Rational | null {
  switch (metric) {
    case "booked_revenue":
      return sum((rows as ExplainRowOf["booked_revenue"][]).map((o) => o.revenue));
    case "shipments":
      return count(rows.length);
    case "gross_profit": {
      const orders = rows as ExplainRowOf["gross_profit"][];
      for (const o of orders) expect(r(o.profit).eq(r(o.revenue).sub(r(o.cost)))).toBe(true);
      return sum(orders.map((o) => o.profit));
    }
    case "profit_per_shipment": {
      const orders = rows as ExplainRowOf["profit_per_shipment"][];
      return orders.length === 0 ? null : sum(orders.map((o) => o.profit)).div(count(orders.length));
    }
    case "collected_revenue":
      return sum((rows as ExplainRowOf["collected_revenue"][]).map((p) => p.amount));
    case "new_customers":
      return count(rows.length);
    case "repurchase_rate": {
      const cs = rows as ExplainRowOf["repurchase_rate"][];
      return ratio(cs.filter((c) => c.repeat).length, cs.length);
    }
    case "retention_rate": {
      const cs = rows as ExplainRowOf["retention_rate"][];
      return ratio(cs.filter((c) => c.retained).length, cs.length);
    }
    case "conversion_rate": {
      const ls = rows as ExplainRowOf["conversion_rate"][];
      return ratio(ls.filter((l) => l.status === "converted").length, ls.length);
    }
    case "collection_days": {
      const os = rows as ExplainRowOf["collection_days"][];
      for (const o of os) expect(o.days).toBe(daysBetween(o.bookedDate, o.paidInFullDate));
      return os.length === 0 ? null : Rational.sum(os.map((o) => count(o.days))).div(count(os.length));
    }
    case "collaboration_score": {
      const rs = rows as ExplainRowOf["collaboration_score"][];
      return rs.length === 0 ? null : Rational.sum(rs.map((x) => count(x.score))).div(count(rs.length));
    }
    case "overdue_receivables":
      return sum((rows as ExplainRowOf["overdue_receivables"][]).map((o) => o.outstanding));
  }
}

const exact = (x: Rational | null) => (x === null ? null : x.toString());

/** Exact actuals from the engine: external id → metric → "num/den" or null. */
async function engineActuals(period: string, asOf?: Date) {
  const computed = await computePeriod(database.pool, period, asOf ? { asOf } : {});
  return new Map(computed.result.people.map((p) => [p.person.externalId, p.person.actuals]));
}

/** Checks every metric of `employees`; returns how many rows each metric had in all. */
async function expectRowsReaggregate(
  employees: string[],
  period: string,
  asOf?: Date,
): Promise<Record<MetricKey, number>> {
  const actuals = await engineActuals(period, asOf);
  const rowCounts = Object.fromEntries(METRICS.map((m) => [m, 0])) as Record<MetricKey, number>;
  for (const e of employees) {
    const a = actuals.get(e);
    if (!a) throw new Error(`${e} is not scored`);
    for (const metric of METRICS) {
      const rows = await allRows(metric, e, period, asOf);
      rowCounts[metric] += rows.length;
      expect({ employee: e, metric, value: exact(reaggregate(metric, rows)) }).toEqual({
        employee: e,
        metric,
        value: exact(a[metric]),
      });
    }
  }
  return rowCounts;
}

// ─── The generated fixture ───────────────────────────────────────────────────────────────────────

describe("generated-s1, 2026-10: the explained rows re-aggregate to every metric", () => {
  // Both plans, all three teams, and people with refunds, cancelled orders and overdue invoices.
  const HANDFUL = ["E1-001", "E1-002", "E1-008", "E1-012", "E1-016", "E1-021"];

  beforeAll(async () => {
    await importScenario(database.pool, readFixture("generated-s1.scenario.json"), { replace: true });
  });

  it("for the whole period, for every scored salesperson", async () => {
    const everyone = [...(await engineActuals("2026-10")).keys()];
    expect(everyone.length).toBe(23);
    const rowCounts = await expectRowsReaggregate(everyone, "2026-10");
    // The comparison means something only if every kind of row occurred.
    for (const m of METRICS) expect({ metric: m, hasRows: rowCounts[m] > 0 }).toEqual({ metric: m, hasRows: true });
  });

  it("as of an instant inside the period (progress cards)", async () => {
    await expectRowsReaggregate(HANDFUL, "2026-10", new Date("2026-10-17T05:30:00Z"));
  });

  it("for the previous period too", async () => {
    await expectRowsReaggregate(HANDFUL.slice(0, 3), "2026-09");
  });

  it("pages are disjoint, in a stable order, and add up to the whole list", async () => {
    const employeeId = await idOf("E1-002");
    const whole = await explainMetric(database.pool, {
      employeeId,
      period: "2026-10",
      metric: "collected_revenue",
      pageSize: 100,
    });
    expect(whole.total).toBeGreaterThan(7);
    const paged = [];
    let res: Awaited<ReturnType<typeof explainMetric>>;
    let page = 1;
    do {
      res = await explainMetric(database.pool, {
        employeeId,
        period: "2026-10",
        metric: "collected_revenue",
        page,
        pageSize: 3,
      });
      expect(res.total).toBe(whole.total);
      paged.push(...res.rows);
      page++;
    } while (res.hasMore);
    expect(paged).toEqual(whole.rows);
    const keys = whole.rows.map((p) => [p.paidAt.getTime(), p.paymentExternalId] as const);
    const sorted = [...keys].sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
    expect(keys).toEqual(sorted);

    const past = await explainMetric(database.pool, {
      employeeId,
      period: "2026-10",
      metric: "collected_revenue",
      page: 1000,
      pageSize: 3,
    });
    expect(past).toMatchObject({ rows: [], total: whole.total, page: 1000, hasMore: false });
  });
});

// ─── Edge scenarios ──────────────────────────────────────────────────────────────────────────────

type Rows = Record<string, unknown>[];
interface Extra {
  orders?: Rows;
  payments?: Rows;
  leads?: Rows;
  ratings?: Rows;
}

/** Salespeople A and B on plan "p" in team T; customers C1–C6. */
function bundle(extra: Extra = {}) {
  return {
    organization: { name: "Explain Co", timezone: "Asia/Shanghai", currency: "CNY" },
    plans: [{ key: "p", name: "Plan", cap: 1.2, floor: 0, items: [{ metric: "shipments", weight: 100 }] }],
    teams: [{ externalId: "T", name: "Team" }],
    employees: [
      { externalId: "A", name: "Ann", role: "sales", teamExternalId: "T", planKey: "p" },
      { externalId: "B", name: "Bo", role: "sales", teamExternalId: "T", planKey: "p" },
    ],
    customers: ["C1", "C2", "C3", "C4", "C5", "C6"].map((c) => ({
      externalId: c,
      name: `Customer ${c}`,
      ownerExternalId: "A",
    })),
    orders: extra.orders ?? [],
    payments: extra.payments ?? [],
    leads: extra.leads ?? [],
    ratings: extra.ratings ?? [],
  };
}

async function load(extra: Extra) {
  await importScenario(database.pool, bundle(extra), { replace: true });
}

describe("edge rules, row by row", () => {
  it("booked metrics list live orders booked in the period, with exact money and their status", async () => {
    await load({
      orders: [
        order("O1", "C1", "A", "2026-09-30T16:00:00Z", "1000.50", { cost: "800.25" }), // 2026-10-01 00:00 local
        order("O2", "C2", "A", "2026-10-03T02:00:00Z", "500", { cost: "100", status: "cancelled" }),
        order("O3", "C3", "A", "2026-10-04T02:00:00Z", "300", { cost: "350", status: "in_transit" }),
        order("O4", "C4", "A", "2026-10-31T16:00:00Z", "9"), // 2026-11-01 local
      ],
    });
    const rows = await allRows("gross_profit", "A", "2026-10");
    expect(rows).toEqual([
      {
        orderExternalId: "O1",
        customerExternalId: "C1",
        customerName: "Customer C1",
        bookedAt: new Date("2026-09-30T16:00:00Z"),
        revenue: "1000.50",
        cost: "800.25",
        profit: "200.25",
        status: "completed",
      },
      expect.objectContaining({ orderExternalId: "O3", profit: "-50.00", status: "in_transit" }),
    ]);
    await expectRowsReaggregate(["A", "B"], "2026-10");
  });

  it("collected revenue lists refunds and payments on cancelled orders, not payments after the period", async () => {
    await load({
      orders: [
        order("O1", "C1", "A", "2026-09-02T02:00:00Z", "1000"),
        order("O2", "C2", "A", "2026-10-03T02:00:00Z", "500", { status: "cancelled" }),
      ],
      payments: [
        pay("P1", "O1", "2026-10-05T02:00:00Z", "1000"),
        pay("P2", "O2", "2026-10-06T02:00:00Z", "500"),
        pay("P3", "O1", "2026-10-20T02:00:00Z", "-200.25"),
        pay("P4", "O1", "2026-10-31T16:00:00Z", "7"), // November local
      ],
    });
    const rows = await allRows("collected_revenue", "A", "2026-10");
    expect(rows.map((p) => [p.paymentExternalId, p.amount, p.refund, p.orderStatus])).toEqual([
      ["P1", "1000.00", false, "completed"],
      ["P2", "500.00", false, "cancelled"],
      ["P3", "-200.25", true, "completed"],
    ]);
    await expectRowsReaggregate(["A", "B"], "2026-10");
  });

  it("customers: new (first live order ever, ties by external id), repeat vs new, retained", async () => {
    await load({
      orders: [
        order("O1", "C1", "A", "2026-08-10T02:00:00Z", "1"), // C1 first bought in August
        order("O2", "C1", "A", "2026-10-10T02:00:00Z", "1"),
        order("O3", "C2", "A", "2026-09-10T02:00:00Z", "1", { status: "cancelled" }), // not live
        order("O4", "C2", "A", "2026-10-11T02:00:00Z", "1"), // so C2 is new in October
        order("O5", "C3", "B", "2026-10-01T02:00:00Z", "1"), // C3's first order is B's …
        order("O6", "C3", "A", "2026-10-12T02:00:00Z", "1"), // … so not A's new customer
        order("O-b", "C4", "A", "2026-10-15T02:00:00Z", "1"), // same instant as O-a: O-a is first
        order("O-a", "C4", "B", "2026-10-15T02:00:00Z", "1"),
        order("O7", "C5", "A", "2026-09-05T02:00:00Z", "1"), // September customers of A: C5, C6
        order("O8", "C6", "A", "2026-09-06T02:00:00Z", "1"),
        order("O9", "C6", "A", "2026-10-06T02:00:00Z", "1"), // C6 retained (and a repeat)
        order("O10", "C6", "A", "2026-10-07T02:00:00Z", "1"),
      ],
    });
    expect(
      (await allRows("new_customers", "A", "2026-10")).map((c) => [c.customerExternalId, c.firstOrderExternalId]),
    ).toEqual([["C2", "O4"]]);
    expect((await allRows("new_customers", "B", "2026-10")).map((c) => c.customerExternalId)).toEqual(["C3", "C4"]);
    expect(
      (await allRows("repurchase_rate", "A", "2026-10")).map((c) => [c.customerExternalId, c.repeat, c.ordersInWindow]),
    ).toEqual([
      ["C1", true, 1],
      ["C2", false, 1],
      ["C3", false, 1],
      ["C4", false, 1],
      ["C6", true, 2],
    ]);
    expect(
      (await allRows("retention_rate", "A", "2026-10")).map((c) => [
        c.customerExternalId,
        c.retained,
        c.previousOrders,
        c.ordersInWindow,
      ]),
    ).toEqual([
      ["C5", false, 1, 0],
      ["C6", true, 1, 2],
    ]);
    await expectRowsReaggregate(["A", "B"], "2026-10");
  });

  it("conversion lists the leads closed in the period, converted or lost; open ones are not listed", async () => {
    const lead = (id: string, status: string, closedAt?: string) => ({
      externalId: id,
      ownerExternalId: "A",
      createdAt: "2026-09-01T00:00:00Z",
      status,
      ...(closedAt ? { closedAt } : {}),
    });
    await load({
      leads: [
        lead("L1", "converted", "2026-10-02T00:00:00Z"),
        lead("L2", "lost", "2026-10-03T00:00:00Z"),
        lead("L3", "converted", "2026-09-29T00:00:00Z"), // closed in September
        lead("L4", "open"),
      ],
    });
    expect((await allRows("conversion_rate", "A", "2026-10")).map((l) => [l.leadExternalId, l.status])).toEqual([
      ["L1", "converted"],
      ["L2", "lost"],
    ]);
    await expectRowsReaggregate(["A", "B"], "2026-10");
  });

  it("collection days: the paid-in-full payment and local dates; later refunds do not undo it; ties by external id", async () => {
    await load({
      orders: [
        order("O1", "C1", "A", "2026-09-20T17:00:00Z", "100"), // booked 2026-09-21 local
        order("O2", "C2", "A", "2026-10-01T02:00:00Z", "100"),
        order("O3", "C3", "A", "2026-09-01T02:00:00Z", "100"), // paid in full in September: not listed
        order("O4", "C4", "A", "2026-10-01T02:00:00Z", "100"), // never paid in full
      ],
      payments: [
        pay("P1", "O1", "2026-10-01T02:00:00Z", "40"),
        pay("P2", "O1", "2026-10-10T16:30:00Z", "60"), // 2026-10-11 local → 20 days
        pay("P3", "O1", "2026-10-12T02:00:00Z", "-60"), // a later refund
        pay("Q2", "O2", "2026-10-05T02:00:00Z", "110"), // same instant as Q1; Q1 (-10) goes first
        pay("Q1", "O2", "2026-10-05T02:00:00Z", "-10"),
        pay("P4", "O3", "2026-09-05T02:00:00Z", "100"),
        pay("P5", "O3", "2026-10-05T02:00:00Z", "10"),
        pay("P6", "O4", "2026-10-03T02:00:00Z", "99.99"),
      ],
    });
    const rows = await allRows("collection_days", "A", "2026-10");
    expect(
      rows.map((o) => [o.orderExternalId, o.bookedDate, o.paidInFullPaymentExternalId, o.paidInFullDate, o.days]),
    ).toEqual([
      ["O2", "2026-10-01", "Q2", "2026-10-05", 4],
      ["O1", "2026-09-21", "P2", "2026-10-11", 20],
    ]);
    await expectRowsReaggregate(["A", "B"], "2026-10");
  });

  it("collaboration lists ratings in the period on live orders, whatever the department", async () => {
    const rating = (id: string, orderId: string, score: number, dept: string, at = "2026-10-15T00:00:00Z") => ({
      externalId: id,
      orderExternalId: orderId,
      score,
      raterDepartment: dept,
      ratedAt: at,
    });
    await load({
      orders: [
        order("O1", "C1", "A", "2026-09-01T02:00:00Z", "1"),
        order("O2", "C2", "A", "2026-10-01T02:00:00Z", "1", { status: "cancelled" }),
      ],
      ratings: [
        rating("R1", "O1", 5, "operations"),
        rating("R2", "O1", 4, "customer_service", "2026-10-16T00:00:00Z"),
        rating("R3", "O1", 3, "finance", "2026-10-17T00:00:00Z"),
        rating("R4", "O2", 1, "operations"), // cancelled order
        rating("R5", "O1", 1, "operations", "2026-11-01T00:00:00Z"), // November
      ],
    });
    expect(
      (await allRows("collaboration_score", "A", "2026-10")).map((x) => [
        x.ratingExternalId,
        x.score,
        x.raterDepartment,
      ]),
    ).toEqual([
      ["R1", 5, "operations"],
      ["R2", 4, "customer_service"],
      ["R3", 3, "finance"],
    ]);
    await expectRowsReaggregate(["A", "B"], "2026-10");
  });

  it("overdue lists live orders due by the last local day with a positive outstanding at the end", async () => {
    await load({
      orders: [
        order("O1", "C1", "A", "2026-09-01T02:00:00Z", "1000", { dueDate: "2026-10-31" }), // due on the last day
        order("O2", "C2", "A", "2026-10-01T02:00:00Z", "500", { dueDate: "2026-11-01" }), // not yet due
        order("O3", "C3", "A", "2026-09-01T02:00:00Z", "300", { dueDate: "2026-10-01" }), // overpaid: adds 0
        order("O4", "C4", "A", "2026-09-01T02:00:00Z", "700"), // no due date: never overdue
        order("O5", "C5", "A", "2026-09-01T02:00:00Z", "900", { dueDate: "2026-10-01", status: "cancelled" }),
        order("O6", "C6", "A", "2026-11-01T02:00:00Z", "50", { dueDate: "2026-10-01" }), // booked after the end
        order("O7", "C6", "A", "2026-08-01T02:00:00Z", "80", { dueDate: "2026-09-01" }),
      ],
      payments: [
        pay("P1", "O1", "2026-10-20T02:00:00Z", "250.50"),
        pay("P2", "O1", "2026-11-02T02:00:00Z", "749.50"), // after the end: still outstanding then
        pay("P3", "O3", "2026-09-20T02:00:00Z", "400"),
      ],
    });
    expect(
      (await allRows("overdue_receivables", "A", "2026-10")).map((o) => [
        o.orderExternalId,
        o.dueDate,
        o.paid,
        o.outstanding,
      ]),
    ).toEqual([
      ["O7", "2026-09-01", "0.00", "80.00"],
      ["O1", "2026-10-31", "250.50", "749.50"],
    ]);
    await expectRowsReaggregate(["A", "B"], "2026-10");
  });

  it("as of an instant, every list is cut at that instant", async () => {
    await load({
      orders: [
        order("O1", "C1", "A", "2026-10-05T02:00:00Z", "100"),
        order("O2", "C2", "A", "2026-10-20T02:00:00Z", "200", { dueDate: "2026-10-12" }),
      ],
      payments: [pay("P1", "O1", "2026-10-06T02:00:00Z", "100"), pay("P2", "O2", "2026-10-21T02:00:00Z", "200")],
    });
    const asOf = new Date("2026-10-15T00:00:00Z");
    expect((await allRows("shipments", "A", "2026-10", asOf)).map((o) => o.orderExternalId)).toEqual(["O1"]);
    expect((await allRows("collected_revenue", "A", "2026-10", asOf)).map((p) => p.paymentExternalId)).toEqual(["P1"]);
    await expectRowsReaggregate(["A", "B"], "2026-10", asOf);
  });
});

// ─── Unpaid receivables ──────────────────────────────────────────────────────────────────────────

describe("unpaid receivables (the details button)", () => {
  beforeAll(async () => {
    await load({
      orders: [
        order("O1", "C1", "A", "2026-09-01T02:00:00Z", "1000", { dueDate: "2026-10-10" }),
        order("O2", "C2", "A", "2026-09-02T02:00:00Z", "500", { dueDate: "2026-10-01" }),
        order("O3", "C3", "A", "2026-09-03T02:00:00Z", "300"), // no due date: last
        order("O4", "C4", "A", "2026-09-04T02:00:00Z", "200", { dueDate: "2026-09-30" }), // paid in full
        order("O5", "C5", "A", "2026-09-05T02:00:00Z", "900", { dueDate: "2026-09-30", status: "cancelled" }),
        order("O6", "C6", "A", "2026-10-20T02:00:00Z", "50", { dueDate: "2026-10-01" }), // booked after as-of
        order("O7", "C6", "A", "2026-09-06T02:00:00Z", "70", { dueDate: "2026-10-15" }), // due after as-of date
        order("O8", "C6", "B", "2026-09-06T02:00:00Z", "70", { dueDate: "2026-10-15" }), // B's
      ],
      payments: [
        pay("P1", "O1", "2026-09-15T02:00:00Z", "400.25"),
        pay("P2", "O4", "2026-09-20T02:00:00Z", "200"),
        pay("P3", "O2", "2026-10-16T02:00:00Z", "500"),
      ],
    });
  });
  const asOf = new Date("2026-10-12T04:00:00Z"); // 2026-10-12 local

  it("lists live orders with money outstanding at the instant, oldest due first, none-due last", async () => {
    const res = await unpaidReceivables(database.pool, await idOf("A"), asOf);
    const expected: [string, string | null, string, string, boolean][] = [
      ["O2", "2026-10-01", "0.00", "500.00", true],
      ["O1", "2026-10-10", "400.25", "599.75", true],
      ["O7", "2026-10-15", "0.00", "70.00", false],
      ["O3", null, "0.00", "300.00", false],
    ];
    expect(
      res.rows.map((o: UnpaidOrderRow) => [o.orderExternalId, o.dueDate, o.paid, o.outstanding, o.overdue]),
    ).toEqual(expected);
    expect(res).toMatchObject({ total: 4, totalOutstanding: "1469.75", page: 1, hasMore: false });
  });

  it("is paged, with the total outstanding over all pages", async () => {
    const employeeId = await idOf("A");
    const first = await unpaidReceivables(database.pool, employeeId, asOf, { page: 1, pageSize: 3 });
    const second = await unpaidReceivables(database.pool, employeeId, asOf, { page: 2, pageSize: 3 });
    expect([first.rows.length, first.hasMore, second.rows.map((o) => o.orderExternalId), second.hasMore]).toEqual([
      3,
      true,
      ["O3"],
      false,
    ]);
    expect(second.totalOutstanding).toBe("1469.75");
  });

  it("someone with nothing outstanding gets an empty list and 0.00", async () => {
    const res = await unpaidReceivables(database.pool, await idOf("B"), new Date("2026-09-01T00:00:00Z"));
    expect(res).toMatchObject({ rows: [], total: 0, totalOutstanding: "0.00", hasMore: false });
  });
});

// ─── Bad input ───────────────────────────────────────────────────────────────────────────────────

describe("input validation", () => {
  it("rejects a page size above 100, a page below 1, a bad period, an unknown metric and an invalid instant", async () => {
    const employeeId = await idOf("A");
    const base = { employeeId, period: "2026-10", metric: "shipments" as const };
    await expect(explainMetric(database.pool, { ...base, pageSize: 101 })).rejects.toThrow(/pageSize/);
    await expect(explainMetric(database.pool, { ...base, page: 0 })).rejects.toThrow(ExplainInputError);
    await expect(explainMetric(database.pool, { ...base, period: "2026-13" })).rejects.toThrow(/period/);
    await expect(explainMetric(database.pool, { ...base, metric: "revenue" as MetricKey })).rejects.toThrow(/metric/);
    await expect(explainMetric(database.pool, { ...base, asOf: new Date("nope") })).rejects.toThrow(/asOf/);
    await expect(unpaidReceivables(database.pool, employeeId, asOfOk, { pageSize: 0 })).rejects.toThrow(
      ExplainInputError,
    );
    expect((await explainMetric(database.pool, { ...base, pageSize: 100 })).pageSize).toBe(100);
  });

  it("an unknown employee is an error, not an empty list", async () => {
    await expect(
      explainMetric(database.pool, { employeeId: 999_999, period: "2026-10", metric: "shipments" }),
    ).rejects.toThrow(UnknownEmployeeError);
    await expect(unpaidReceivables(database.pool, 999_999, asOfOk)).rejects.toThrow(UnknownEmployeeError);
  });
});
const asOfOk = new Date("2026-10-12T00:00:00Z");
