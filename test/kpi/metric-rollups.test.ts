// The KPI statement reads roll-ups kept by triggers: per order (paid_total, last_paid_at,
// last_rated_at, full_paid_at), per salesperson and local day (migration metric_rollups) and per
// salesperson, local month and customer (migration customer_month_rollups). These specs hold it to
// the rules read literally (test/kpi/reference-metric-sql.ts) on a generated world, for whole
// periods and for instants inside them, before and after the kinds of late changes the feeds send,
// an order moved across a month's edge and a change of time zone; and they hold the triggers to the
// rows they summarize after every kind of write. The property test next door (metric-rollup-equality) does the same on many
// small generated worlds.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/client.ts";
import { DemoWorld } from "../../src/demo/world.ts";
import { loadDemoData } from "../../src/store/demo-load.ts";
import { metricWindow } from "../../src/services/period-results.ts";
import { metricParams, queryRawMetrics, rawMetricsRow, type RawMetrics } from "../../src/store/metric-sql.ts";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";
import { REFERENCE_METRICS_SQL } from "./reference-metric-sql.ts";
import { Decimal } from "../../src/kpi/decimal.ts";

const NOW = new Date("2026-10-20T09:30:00+08:00");
const TZ = "Asia/Shanghai";

let fresh: FreshDatabase;
let database: Database;
let salespeople: number[];

beforeAll(async () => {
  fresh = await freshDatabase();
  await loadDemoData(new DemoWorld({ reps: 30, months: 4, seed: "rollups", now: NOW }), { databaseUrl: fresh.url });
  database = openDatabase(fresh.url, { max: 3 });
  salespeople = (
    await database.pool.query<{ id: number }>(`SELECT id FROM employees WHERE role = 'sales' ORDER BY id`)
  ).rows.map((r) => r.id);
}, 60_000);

afterAll(async () => {
  await database.close();
  await fresh.drop();
});

/** Orders whose roll-ups differ from their payments and ratings (should be none). */
async function staleRollups(): Promise<unknown[]> {
  const res = await database.pool.query(
    `SELECT o.id, o.paid_total::text, o.last_paid_at, o.last_rated_at, p.total::text AS actual_total, p.last AS actual_last_paid, r.last AS actual_last_rated
     FROM orders o
     CROSS JOIN LATERAL (SELECT COALESCE(sum(amount), 0) AS total, max(paid_at) AS last FROM payments WHERE order_id = o.id) p
     CROSS JOIN LATERAL (SELECT max(rated_at) AS last FROM ratings WHERE order_id = o.id) r
     LEFT JOIN LATERAL (
       SELECT paid_at AS full FROM (
         SELECT paid_at, external_id, sum(amount) OVER (ORDER BY paid_at, external_id COLLATE "C" ROWS UNBOUNDED PRECEDING) AS run
         FROM payments WHERE order_id = o.id
       ) q WHERE run >= o.revenue ORDER BY paid_at, external_id COLLATE "C" LIMIT 1
     ) f ON true
     WHERE o.paid_total <> p.total OR o.last_paid_at IS DISTINCT FROM p.last OR o.last_rated_at IS DISTINCT FROM r.last
       OR o.full_paid_at IS DISTINCT FROM f.full
     LIMIT 5`,
  );
  return res.rows;
}

async function literal(period: string, asOf?: Date): Promise<RawMetrics[]> {
  const res = await database.pool.query(
    REFERENCE_METRICS_SQL,
    metricParams(salespeople, metricWindow(period, TZ, asOf)),
  );
  return res.rows.map((r) => rawMetricsRow.parse(r));
}

/** Money compared by value: "0" and "0.00" (no row vs rows adding up to nothing) are the same amount. */
function byValue(rows: RawMetrics[]): RawMetrics[] {
  const money = (v: string) => new Decimal(v).toFixed(2);
  return rows.map((r) => ({
    ...r,
    booked_revenue: money(r.booked_revenue),
    collected_revenue: money(r.collected_revenue),
    gross_profit: money(r.gross_profit),
    overdue_receivables: money(r.overdue_receivables),
  }));
}

// Whole periods (September's is closed after October's payments came in, so some payments lie
// after its end), instants inside the current period, and an instant inside a past one.
const WINDOWS: { period: string; asOf?: Date; label: string }[] = [
  { period: "2026-07", label: "July, whole" },
  { period: "2026-08", label: "August, whole" },
  { period: "2026-09", label: "September, whole" },
  { period: "2026-10", asOf: new Date("2026-10-01T00:00:00+08:00"), label: "October at its first instant" },
  { period: "2026-10", asOf: new Date("2026-10-09T15:00:00+08:00"), label: "October 9th, 15:00" },
  { period: "2026-10", asOf: NOW, label: "October, now" },
  { period: "2026-09", asOf: new Date("2026-09-16T12:00:00+08:00"), label: "September 16th, noon" },
];

async function expectAgreement(): Promise<void> {
  for (const w of WINDOWS) {
    const expected = await literal(w.period, w.asOf);
    const actual = await queryRawMetrics(database.pool, salespeople, metricWindow(w.period, TZ, w.asOf));
    expect(byValue(actual), w.label).toEqual(byValue(expected));
  }
}

describe("order roll-ups", () => {
  it("summarize every order's payments and ratings after a bulk load", async () => {
    expect(await staleRollups()).toEqual([]);
    const counts = await database.pool.query(
      `SELECT count(*) FILTER (WHERE last_paid_at IS NOT NULL)::int AS paid, count(*) FILTER (WHERE last_rated_at IS NOT NULL)::int AS rated,
       count(*) FILTER (WHERE full_paid_at IS NOT NULL)::int AS full FROM orders`,
    );
    expect(counts.rows[0].paid).toBeGreaterThan(100);
    expect(counts.rows[0].rated).toBeGreaterThan(100);
    expect(counts.rows[0].full).toBeGreaterThan(100);
  });
});

describe("the KPI statement agrees with the rules read literally", () => {
  it("for whole periods, instants in the current period and an instant in a past one", async () => {
    // Not a comparison of empty results: the generated world has money and ratings in every window.
    const october = await literal("2026-10", NOW);
    expect(
      october.some(
        (r) =>
          r.collected_revenue !== "0" && r.rating_n > 0 && r.overdue_receivables !== "0" && r.collection_days_n > 0,
      ),
    ).toBe(true);
    await expectAgreement();
  });

  it("after late changes: a refund after full payment, a payment on an old overdue order, a rating of an old order, a moved payment, a cancellation", async () => {
    const q = (sql: string, params: unknown[] = []) => database.pool.query(sql, params);
    // An order paid in full in July, refunded in part now: it is outstanding again (overdue).
    const paidUp = await q(
      `SELECT o.id FROM orders o WHERE o.status <> 'cancelled' AND o.booked_at < '2026-07-15' AND o.due_date < '2026-09-01' AND o.paid_total >= o.revenue AND o.last_paid_at < '2026-08-01' ORDER BY o.id LIMIT 1`,
    );
    // An order from July still unpaid and overdue gets a payment today.
    const unpaid = await q(
      `SELECT o.id FROM orders o WHERE o.status <> 'cancelled' AND o.booked_at < '2026-08-01' AND o.due_date < '2026-09-01' AND o.paid_total < o.revenue ORDER BY o.id LIMIT 1`,
    );
    // An order from July with no rating since July is rated today.
    const unrated = await q(
      `SELECT o.id FROM orders o WHERE o.status <> 'cancelled' AND o.booked_at < '2026-08-01' AND (o.last_rated_at IS NULL OR o.last_rated_at < '2026-08-01') ORDER BY o.id LIMIT 1`,
    );
    // A payment of October moves to an order of another salesperson; an order paid in October is cancelled.
    const october = await q(
      `SELECT p.id, p.order_id FROM payments p WHERE p.paid_at >= '2026-10-01' ORDER BY p.id LIMIT 2`,
    );
    for (const r of [paidUp, unpaid, unrated]) expect(r.rows).toHaveLength(1);
    expect(october.rows).toHaveLength(2);
    const other = await q(
      `SELECT o.id FROM orders o WHERE o.owner_id <> (SELECT owner_id FROM orders WHERE id = $1) AND o.booked_at < '2026-08-01' ORDER BY o.id LIMIT 1`,
      [october.rows[0].order_id],
    );

    await q(
      `INSERT INTO payments (external_id, order_id, paid_at, amount) VALUES ('LATE-REFUND', $1, '2026-10-12T10:00:00+08:00', -500.00)`,
      [paidUp.rows[0].id],
    );
    await q(
      `INSERT INTO payments (external_id, order_id, paid_at, amount) VALUES ('LATE-PAY', $1, '2026-10-09T09:00:00+08:00', 1234.56)`,
      [unpaid.rows[0].id],
    );
    await q(
      `INSERT INTO ratings (external_id, order_id, score, rater_department, rated_at) VALUES ('LATE-RATING', $1, 2, 'operations', '2026-10-08T16:00:00+08:00')`,
      [unrated.rows[0].id],
    );
    await q(`UPDATE payments SET order_id = $1 WHERE id = $2`, [other.rows[0].id, october.rows[0].id]);
    await q(`UPDATE orders SET status = 'cancelled' WHERE id = (SELECT order_id FROM payments WHERE id = $1)`, [
      october.rows[1].id,
    ]);

    expect(await staleRollups()).toEqual([]);
    const refunded = await q(`SELECT paid_total < revenue AS outstanding, last_paid_at FROM orders WHERE id = $1`, [
      paidUp.rows[0].id,
    ]);
    expect(refunded.rows[0]).toEqual({ outstanding: true, last_paid_at: new Date("2026-10-12T10:00:00+08:00") });
    await expectAgreement();
  });
});

describe("the per-day roll-ups and the organization's time zone", () => {
  it("are re-cut when the time zone changes, in the same transaction, and the statement follows", async () => {
    const client = await database.pool.connect();
    const dayOf = async (zone: string) =>
      (
        await client.query(
          `SELECT ($1::timestamptz AT TIME ZONE $2)::date::text AS day, count(*)::int AS n
           FROM metric_customer_days WHERE day = ($1::timestamptz AT TIME ZONE $2)::date AND employee_id = $3`,
          ["2026-10-09T17:30:00Z", zone, salespeople[0]],
        )
      ).rows[0];
    try {
      await client.query("BEGIN");
      // An order booked at 01:30 in Shanghai on 10 October is a 9 October order in UTC.
      await client.query(
        `INSERT INTO orders (external_id, customer_id, owner_id, booked_at, revenue, cost, status)
         SELECT 'TZ-EDGE', id, $1, '2026-10-09T17:30:00Z', 100.00, 40.00, 'booked' FROM customers ORDER BY id LIMIT 1`,
        [salespeople[0]],
      );
      expect(await dayOf("Asia/Shanghai")).toMatchObject({ day: "2026-10-10" });
      expect((await dayOf("Asia/Shanghai")).n).toBeGreaterThan(0);
      await client.query(`UPDATE organization SET timezone = 'UTC'`);
      expect((await client.query(`SELECT timezone FROM metric_rollup_zone`)).rows[0].timezone).toBe("UTC");
      expect(await dayOf("UTC")).toMatchObject({ day: "2026-10-09" });
      expect((await dayOf("UTC")).n).toBeGreaterThan(0);
      for (const [period, asOf] of [
        ["2026-09", undefined],
        ["2026-10", new Date("2026-10-09T23:59:59.999Z")],
        ["2026-10", new Date("2026-10-10T00:00:00Z")],
      ] as const) {
        const w = metricWindow(period, "UTC", asOf);
        const expected = (await client.query(REFERENCE_METRICS_SQL, metricParams(salespeople, w))).rows;
        const actual = await queryRawMetrics(client, salespeople, w);
        expect(byValue(actual)).toEqual(byValue(expected.map((r) => rawMetricsRow.parse(r))));
      }
      await client.query("ROLLBACK");
    } finally {
      client.release();
    }
    expect((await database.pool.query(`SELECT timezone FROM metric_rollup_zone`)).rows[0].timezone).toBe(TZ);
  });

  it("keep a month's customers when an order moves across the local month's edge, to another owner, or is cancelled", async () => {
    const client = await database.pool.connect();
    // The months of a customer only this order buys for: (owner, local month, live orders).
    const months = async (customer: number) =>
      (
        await client.query(
          `SELECT employee_id AS owner, month::text, orders FROM metric_customer_months WHERE customer_id = $1 ORDER BY 1, 2`,
          [customer],
        )
      ).rows;
    // The month table is the day table summed per local month (what a rebuild computes).
    const drift = async () =>
      (
        await client.query(
          `(SELECT employee_id, month, customer_id, orders FROM metric_customer_months
            EXCEPT SELECT employee_id, date_trunc('month', day)::date, customer_id, sum(orders)::int FROM metric_customer_days GROUP BY 1, 2, 3)
           UNION ALL
           (SELECT employee_id, date_trunc('month', day)::date, customer_id, sum(orders)::int FROM metric_customer_days GROUP BY 1, 2, 3
            EXCEPT SELECT employee_id, month, customer_id, orders FROM metric_customer_months)`,
        )
      ).rows;
    const agrees = async () => {
      for (const [period, asOf] of [
        ["2026-09", undefined],
        ["2026-10", undefined],
        ["2026-10", new Date("2026-10-15T12:00:00+08:00")],
      ] as const) {
        const w = metricWindow(period, TZ, asOf);
        const expected = (await client.query(REFERENCE_METRICS_SQL, metricParams(salespeople, w))).rows;
        const actual = await queryRawMetrics(client, salespeople, w);
        expect(byValue(actual), period).toEqual(byValue(expected.map((r) => rawMetricsRow.parse(r))));
      }
    };
    const [a, b] = salespeople as [number, number];
    try {
      await client.query("BEGIN");
      const customer = (
        await client.query(`INSERT INTO customers (external_id, name) VALUES ('C-EDGE', 'Edge Co') RETURNING id`)
      ).rows[0].id as number;
      // 00:30 on 1 October in Shanghai (still 30 September in UTC).
      await client.query(
        `INSERT INTO orders (external_id, customer_id, owner_id, booked_at, revenue, cost, status)
         VALUES ('MONTH-EDGE', $1, $2, '2026-09-30T16:30:00Z', 100.00, 40.00, 'booked')`,
        [customer, a],
      );
      expect(await months(customer)).toEqual([{ owner: a, month: "2026-10-01", orders: 1 }]);
      // Corrected to 23:59:59.999 on 30 September, Shanghai: September's customer now.
      await client.query(`UPDATE orders SET booked_at = '2026-09-30T15:59:59.999Z' WHERE external_id = 'MONTH-EDGE'`);
      expect(await months(customer)).toEqual([{ owner: a, month: "2026-09-01", orders: 1 }]);
      await agrees();
      await client.query(`UPDATE orders SET owner_id = $1 WHERE external_id = 'MONTH-EDGE'`, [b]);
      expect(await months(customer)).toEqual([{ owner: b, month: "2026-09-01", orders: 1 }]);
      await agrees();
      await client.query(`UPDATE orders SET status = 'cancelled' WHERE external_id = 'MONTH-EDGE'`);
      expect(await months(customer)).toEqual([]);
      expect(await drift()).toEqual([]);
      await agrees();
      await client.query("ROLLBACK");
    } finally {
      client.release();
    }
  });

  it("are not used when the statement is asked in another zone, which still gives the rules' answer", async () => {
    for (const zone of ["UTC", "America/New_York"]) {
      const w = metricWindow("2026-10", zone, new Date("2026-10-09T15:00:00+08:00"));
      const expected = (await database.pool.query(REFERENCE_METRICS_SQL, metricParams(salespeople, w))).rows;
      const actual = await queryRawMetrics(database.pool, salespeople, w);
      expect(byValue(actual), zone).toEqual(byValue(expected.map((r) => rawMetricsRow.parse(r))));
    }
  });
});

describe("the triggers", () => {
  it("follow inserts, updates of amount and date, moves between orders and deletes, one statement of many rows at a time", async () => {
    const [a, b] = (await database.pool.query<{ id: number }>(`SELECT id FROM orders ORDER BY id LIMIT 2`)).rows.map(
      (r) => r.id,
    );
    const rollup = async (id: number) =>
      (
        await database.pool.query(
          `SELECT paid_total::text AS total, last_paid_at AS last, last_rated_at AS rated FROM orders WHERE id = $1`,
          [id],
        )
      ).rows[0];
    await database.pool.query(`DELETE FROM payments WHERE order_id IN ($1, $2)`, [a, b]);
    await database.pool.query(`DELETE FROM ratings WHERE order_id IN ($1, $2)`, [a, b]);
    expect(await rollup(a!)).toEqual({ total: "0.00", last: null, rated: null });

    await database.pool.query(
      `INSERT INTO payments (external_id, order_id, paid_at, amount) VALUES
       ('T-1', $1, '2026-10-01T10:00:00Z', 100.00), ('T-2', $1, '2026-10-03T10:00:00Z', 50.25), ('T-3', $2, '2026-10-02T10:00:00Z', 7.00)`,
      [a, b],
    );
    expect(await rollup(a!)).toEqual({ total: "150.25", last: new Date("2026-10-03T10:00:00Z"), rated: null });
    expect(await rollup(b!)).toMatchObject({ total: "7.00" });

    await database.pool.query(
      `UPDATE payments SET amount = -20.00, paid_at = '2026-10-05T00:00:00Z' WHERE external_id = 'T-2'`,
    );
    expect(await rollup(a!)).toEqual({ total: "80.00", last: new Date("2026-10-05T00:00:00Z"), rated: null });

    await database.pool.query(`UPDATE payments SET order_id = $1 WHERE external_id = 'T-1'`, [b]);
    expect(await rollup(a!)).toMatchObject({ total: "-20.00", last: new Date("2026-10-05T00:00:00Z") });
    expect(await rollup(b!)).toMatchObject({ total: "107.00", last: new Date("2026-10-02T10:00:00Z") });

    await database.pool.query(
      `INSERT INTO ratings (external_id, order_id, score, rater_department, rated_at) VALUES ('T-R', $1, 4, 'finance', '2026-10-04T00:00:00Z')`,
      [a],
    );
    expect(await rollup(a!)).toMatchObject({ rated: new Date("2026-10-04T00:00:00Z") });
    await database.pool.query(`DELETE FROM ratings WHERE external_id = 'T-R'`);
    await database.pool.query(`DELETE FROM payments WHERE external_id IN ('T-1', 'T-2', 'T-3')`);
    expect(await rollup(a!)).toEqual({ total: "0.00", last: null, rated: null });
    expect(await rollup(b!)).toEqual({ total: "0.00", last: null, rated: null });
    expect(await staleRollups()).toEqual([]);
  });

  it("reset every order when the payments or ratings are truncated", async () => {
    await database.pool.query(`TRUNCATE payments, ratings`);
    const left = await database.pool.query(
      `SELECT count(*)::int AS n FROM orders WHERE paid_total <> 0 OR last_paid_at IS NOT NULL OR last_rated_at IS NOT NULL`,
    );
    expect(left.rows[0].n).toBe(0);
  });
});
