// The drill-down and the aggregate are one definition (src/store/metric-rows.ts): for generated
// worlds, the rows the explain lists for any person, metric and window add up, ingredient by
// ingredient, to what the aggregate statement returns for that person.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/client.ts";
import { loadDemoData } from "../../src/store/demo-load.ts";
import { DemoWorld } from "../../src/demo/world.ts";
import { Decimal } from "../../src/kpi/decimal.ts";
import { METRICS, type MetricKey } from "../../src/kpi/metrics.ts";
import { metricWindow } from "../../src/services/period-results.ts";
import { type ExplainRowOf, queryExplainRows } from "../../src/store/explain-sql.ts";
import { INGREDIENTS, type Ingredient, METRIC_ROWS } from "../../src/store/metric-rows.ts";
import { type MetricWindow, queryRawMetrics, type RawMetrics } from "../../src/store/metric-sql.ts";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";

const NOW = new Date("2026-10-20T09:30:00+08:00");
const TZ = "Asia/Shanghai";

const WINDOWS: { label: string; window: MetricWindow }[] = [
  { label: "September, whole", window: metricWindow("2026-09", TZ) },
  { label: "October up to now", window: metricWindow("2026-10", TZ, NOW) },
  { label: "August 16th, noon", window: metricWindow("2026-08", TZ, new Date("2026-08-16T12:00:00+08:00")) },
];

/** Every row behind `metric` for one person (one page large enough for anyone in these worlds). */
async function rowsOf<M extends MetricKey>(
  database: Database,
  metric: M,
  employeeId: number,
  window: MetricWindow,
): Promise<ExplainRowOf[M][]> {
  const page = await queryExplainRows(database.pool, metric, employeeId, window, { offset: 0, limit: 1_000_000 });
  expect(page.rows).toHaveLength(page.total);
  return page.rows;
}

const money = (xs: string[]) => xs.reduce((a, x) => a.plus(x), new Decimal(0)).toFixed(2);
const countOf = <T>(xs: T[], keep: (x: T) => boolean) => xs.filter(keep).length;

/** The aggregate's ingredients recomputed from the listed rows of each metric. */
async function ingredientsFromRows(database: Database, employeeId: number, w: MetricWindow) {
  const booked = await rowsOf(database, "booked_revenue", employeeId, w);
  const collected = await rowsOf(database, "collected_revenue", employeeId, w);
  const newCustomers = await rowsOf(database, "new_customers", employeeId, w);
  const customers = await rowsOf(database, "repurchase_rate", employeeId, w);
  const retention = await rowsOf(database, "retention_rate", employeeId, w);
  const leads = await rowsOf(database, "conversion_rate", employeeId, w);
  const collection = await rowsOf(database, "collection_days", employeeId, w);
  const ratings = await rowsOf(database, "collaboration_score", employeeId, w);
  const overdue = await rowsOf(database, "overdue_receivables", employeeId, w);
  // The metrics that share the booked orders list the same rows.
  for (const m of ["shipments", "gross_profit", "profit_per_shipment"] as const)
    expect(await rowsOf(database, m, employeeId, w)).toEqual(booked);
  const fromRows: Record<Ingredient, string | number> = {
    booked_revenue: money(booked.map((o) => o.revenue)),
    shipments: booked.length,
    gross_profit: money(booked.map((o) => o.profit)),
    collected_revenue: money(collected.map((p) => p.amount)),
    new_customers: newCustomers.length,
    repurchase_num: countOf(customers, (c) => c.repeat),
    repurchase_den: customers.length,
    retention_num: countOf(retention, (c) => c.retained),
    retention_den: retention.length,
    conversion_num: countOf(leads, (l) => l.status === "converted"),
    conversion_den: leads.length,
    collection_days_sum: collection.reduce((a, o) => a + o.days, 0),
    collection_days_n: collection.length,
    rating_sum: ratings.reduce((a, r) => a + r.score, 0),
    rating_n: ratings.length,
    overdue_receivables: money(overdue.map((o) => o.outstanding)),
  };
  return fromRows;
}

function aggregated(raw: RawMetrics): Record<Ingredient, string | number> {
  const out = {} as Record<Ingredient, string | number>;
  for (const name of Object.keys(INGREDIENTS) as Ingredient[]) {
    const v = raw[name];
    out[name] = INGREDIENTS[name].money ? new Decimal(String(v)).toFixed(2) : v;
  }
  return out;
}

describe("the definition each metric has once", () => {
  it("names a row source for every metric, and every ingredient aggregates the rows of a metric", () => {
    expect(Object.keys(METRIC_ROWS).sort()).toEqual([...METRICS].sort());
    const covered = new Set(Object.values(INGREDIENTS).map((s) => s.metric));
    // profit_per_shipment is gross_profit / shipments: it has no ingredient of its own.
    expect(METRICS.filter((m) => !covered.has(m))).toEqual(["profit_per_shipment"]);
  });
});

for (const seed of ["rows-a", "rows-b"]) {
  describe(`generated world "${seed}": every metric's explained rows add up to the aggregate`, () => {
    let fresh: FreshDatabase;
    let database: Database;
    let salespeople: number[];

    beforeAll(async () => {
      fresh = await freshDatabase();
      await loadDemoData(new DemoWorld({ reps: 12, months: 3, seed, now: NOW }), { databaseUrl: fresh.url });
      database = openDatabase(fresh.url, { max: 2 });
      salespeople = (
        await database.pool.query<{ id: number }>(`SELECT id FROM employees WHERE role = 'sales' ORDER BY id`)
      ).rows.map((r) => r.id);
    }, 60_000);

    afterAll(async () => {
      await database.close();
      await fresh.drop();
    });

    for (const { label, window } of WINDOWS) {
      it(`${label}, for every salesperson`, async () => {
        const raw = await queryRawMetrics(database.pool, salespeople, window);
        expect(raw.map((r) => r.employee_id)).toEqual(salespeople);
        const nonZero = new Set<Ingredient>();
        for (const person of raw) {
          const fromRows = await ingredientsFromRows(database, person.employee_id, window);
          expect({ employee: person.employee_id, ...fromRows }).toEqual({
            employee: person.employee_id,
            ...aggregated(person),
          });
          for (const [k, v] of Object.entries(fromRows)) if (Number(v) !== 0) nonZero.add(k as Ingredient);
        }
        // The comparison means something only if the world has rows of every kind in the window.
        expect([...nonZero].sort()).toEqual((Object.keys(INGREDIENTS) as Ingredient[]).sort());
      }, 60_000);
    }
  });
}
