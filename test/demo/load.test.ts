// The demo loader against real, freshly migrated databases: what it writes, that foreign keys and
// sequences are intact afterwards, that it refuses a non-empty database, and that a failure
// mid-load leaves nothing behind.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";
import { pacer } from "../helpers/cli.ts";
import { DemoWorld } from "../../src/demo/world.ts";
import { BUSINESS_TABLES, DemoDataError, loadDemoData } from "../../src/store/demo-load.ts";
import { demoTables } from "../../src/demo/tables.ts";

const NOW = new Date("2026-10-20T09:30:00+08:00");
const small = () => new DemoWorld({ reps: 12, months: 3, seed: "load-test", now: NOW });

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

async function tableCounts(url: string, tables: readonly string[]): Promise<Record<string, number>> {
  const sql = tables.map((t) => `SELECT '${t}' AS t, count(*)::int AS n FROM "${t}"`).join(" UNION ALL ");
  const rows = await query<{ t: string; n: number }>(url, sql);
  return Object.fromEntries(rows.map((r) => [r.t, r.n]));
}

/** Every foreign key of the schema with its definition, to compare before and after a load. */
async function foreignKeys(url: string): Promise<string[]> {
  const rows = await query<{ k: string }>(
    url,
    "SELECT conrelid::regclass::text || '.' || conname || ' ' || pg_get_constraintdef(oid) AS k FROM pg_constraint WHERE contype = 'f' ORDER BY 1",
  );
  return rows.map((r) => r.k);
}

function generatedCounts(world: DemoWorld): Record<string, number> {
  const out: Record<string, number> = {};
  for (const spec of demoTables(world)) {
    let n = 0;
    for (const chunk of spec.chunks()) for (let i = 0; i < chunk.length; i++) if (chunk.charCodeAt(i) === 10) n++;
    out[spec.table] = n;
  }
  return out;
}

describe("loading into an empty database", () => {
  let fresh: FreshDatabase;
  let fksBefore: string[];
  let result: Awaited<ReturnType<typeof loadDemoData>>;
  const world = small();

  beforeAll(async () => {
    fresh = await freshDatabase();
    fksBefore = await foreignKeys(fresh.url);
    result = await loadDemoData(world, { databaseUrl: fresh.url });
  });
  afterAll(async () => {
    await fresh.drop();
  });

  it("writes every generated row, and the counts it reports are the database's", async () => {
    const expected = generatedCounts(world);
    expect(result.counts).toEqual(expected);
    expect(await tableCounts(fresh.url, Object.keys(expected))).toEqual(expected);
    expect(expected.orders).toBeGreaterThan(500);
    expect(expected.payments).toBeGreaterThan(500);
    expect(expected.employees).toBe(12 + 1 + 1 + 1 + 1); // reps, one team manager, a branch director, HR, admin
  });

  it("leaves the foreign keys exactly as the migrations made them, and the data satisfies them", async () => {
    expect(fksBefore.length).toBeGreaterThan(20);
    expect(await foreignKeys(fresh.url)).toEqual(fksBefore);
    const [dangling] = await query<{ payments: number; orders: number; ratings: number; teams: number }>(
      fresh.url,
      `SELECT (SELECT count(*)::int FROM payments p LEFT JOIN orders o ON o.id = p.order_id WHERE o.id IS NULL) AS payments,
              (SELECT count(*)::int FROM orders o LEFT JOIN customers c ON c.id = o.customer_id WHERE c.id IS NULL) AS orders,
              (SELECT count(*)::int FROM ratings r LEFT JOIN orders o ON o.id = r.order_id WHERE o.id IS NULL) AS ratings,
              (SELECT count(*)::int FROM teams WHERE manager_id IS NULL) AS teams`,
    );
    expect(dangling).toEqual({ payments: 0, orders: 0, ratings: 0, teams: 0 });
    // Orders belong to their customer's owner.
    const [mismatch] = await query<{ n: number }>(
      fresh.url,
      "SELECT count(*)::int AS n FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.owner_id <> o.owner_id",
    );
    expect(mismatch?.n).toBe(0);
  });

  it("has refunds, partial payments and unpaid orders", async () => {
    const [row] = await query<{ refunds: number; partial: number; unpaid: number }>(
      fresh.url,
      `WITH paid AS (SELECT o.id, o.revenue, o.status, COALESCE(sum(p.amount), 0) AS paid FROM orders o LEFT JOIN payments p ON p.order_id = o.id GROUP BY o.id)
       SELECT (SELECT count(*)::int FROM payments WHERE amount < 0) AS refunds,
              count(*) FILTER (WHERE paid > 0 AND paid < revenue)::int AS partial,
              count(*) FILTER (WHERE paid = 0 AND status <> 'cancelled')::int AS unpaid
         FROM paid`,
    );
    expect(row!.refunds).toBeGreaterThan(0);
    expect(row!.partial).toBeGreaterThan(0);
    expect(row!.unpaid).toBeGreaterThan(0);
  });

  it("has targets for each rep and each month, for every metric of the rep's plan", async () => {
    const rows = await query<{
      external_id: string;
      hired_at: string;
      status: string;
      periods: string[];
      metrics: number;
    }>(
      fresh.url,
      `SELECT e.external_id, to_char(e.hired_at, 'YYYY-MM-DD') AS hired_at, e.status::text AS status,
              array_agg(DISTINCT t.period ORDER BY t.period) AS periods,
              (count(*) / count(DISTINCT t.period))::int AS metrics
         FROM employees e JOIN targets t ON t.employee_id = e.id
        WHERE e.role = 'sales' GROUP BY e.id ORDER BY e.external_id`,
    );
    expect(rows).toHaveLength(12);
    const all = ["2026-08", "2026-09", "2026-10"];
    for (const r of rows) {
      expect(r.metrics, r.external_id).toBe(4);
      // From the hire month (or the window's start) to the month they left (or now).
      const first = all.find((p) => r.hired_at.slice(0, 7) <= p)!;
      const expected = all.filter((p) => p >= first);
      if (r.status === "left") expect(expected.slice(0, r.periods.length)).toEqual(r.periods);
      else expect(r.periods, r.external_id).toEqual(expected);
    }
    const goals = await query<{ n: number }>(
      fresh.url,
      "SELECT count(*)::int AS n FROM team_goals WHERE period IN ('2026-08', '2026-09', '2026-10')",
    );
    expect(goals[0]?.n).toBe(3);
  });

  it("moves every sequence past the ids it wrote, so Prisma inserts work afterwards", async () => {
    const customer = await fresh.db.customer.create({ data: { externalId: "C-AFTER-DEMO", name: "后来的客户" } });
    expect(customer.id).toBe(result.counts.customers! + 1);
    const rep = await fresh.db.employee.findFirstOrThrow({ where: { role: "sales" } });
    const order = await fresh.db.order.create({
      data: {
        externalId: "O-AFTER-DEMO",
        customerId: customer.id,
        ownerId: rep.id,
        bookedAt: NOW,
        revenue: "1000.00",
        cost: "800.00",
        status: "booked",
      },
    });
    expect(order.id).toBe(result.counts.orders! + 1);
    const payment = await fresh.db.payment.create({
      data: { externalId: "P-AFTER-DEMO", orderId: order.id, paidAt: NOW, amount: "1000.00" },
    });
    expect(payment.id).toBe(result.counts.payments! + 1);
    const target = await fresh.db.target.create({
      data: { employeeId: rep.id, period: "2026-12", metric: "shipments", value: "10" },
    });
    expect(target.id).toBe(result.counts.targets! + 1);
  });

  it("analyzes the tables and records the load in the audit log", async () => {
    const stats = await query<{ relname: string; n_live_tup: string }>(
      fresh.url,
      "SELECT relname FROM pg_stat_user_tables WHERE relname = 'orders' AND last_analyze IS NOT NULL",
    );
    expect(stats).toHaveLength(1);
    const audit = await query<{ action: string; details: { seed: string; reps: number } }>(
      fresh.url,
      "SELECT action, details FROM audit_log",
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "demo_data.load", details: { seed: "load-test", reps: 12, months: 3 } });
  });
});

describe("a database that already holds data", () => {
  let fresh: FreshDatabase;
  beforeAll(async () => {
    fresh = await freshDatabase();
    await loadDemoData(small(), { databaseUrl: fresh.url });
  });
  afterAll(async () => {
    await fresh.drop();
  });

  it("is refused with a clear message, and left unchanged", async () => {
    const before = await tableCounts(fresh.url, BUSINESS_TABLES);
    const other = new DemoWorld({ reps: 5, months: 2, seed: "other", now: NOW });
    const error = await loadDemoData(other, { databaseUrl: fresh.url }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DemoDataError);
    expect((error as Error).message).toMatch(
      /already holds data \(non-empty: organization, teams, employees.*--replace/,
    );
    expect(await tableCounts(fresh.url, BUSINESS_TABLES)).toEqual(before);
  });

  it("is replaced with --replace: the old rows are gone, the new ones in", async () => {
    const other = new DemoWorld({ reps: 5, months: 2, seed: "other", now: NOW });
    const result = await loadDemoData(other, { databaseUrl: fresh.url, replace: true });
    const expected = generatedCounts(other);
    expect(result.counts).toEqual(expected);
    expect(await tableCounts(fresh.url, Object.keys(expected))).toEqual(expected);
    const [row] = await query<{ min: number }>(fresh.url, "SELECT min(id)::int AS min FROM orders");
    expect(row?.min).toBe(1);
  });

  it("keeps the old data when a replace fails half-way", async () => {
    const before = await tableCounts(fresh.url, BUSINESS_TABLES);
    const error = await loadDemoData(small(), {
      databaseUrl: fresh.url,
      replace: true,
      testHooks: { extraLines: { orders: ["999999\tO-BROKEN\t1\t1\tnot a timestamp\t1.00\t1.00\tbooked\t\\N"] } },
    }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/timestamp/);
    expect(await tableCounts(fresh.url, BUSINESS_TABLES)).toEqual(before);
  });
});

describe("a failure mid-load", () => {
  let fresh: FreshDatabase;
  beforeAll(async () => {
    fresh = await freshDatabase();
  });
  afterAll(async () => {
    await fresh.drop();
  });

  it("leaves the database empty (one transaction), with its foreign keys in place", async () => {
    const fksBefore = await foreignKeys(fresh.url);
    const seen: string[] = [];
    // A payment pointing at an order that does not exist: everything before it loads fine.
    const error = await loadDemoData(small(), {
      databaseUrl: fresh.url,
      onTable: (table) => seen.push(table),
      testHooks: { extraLines: { payments: ["99999999\tP-DANGLING\t99999999\t2026-10-01T02:00:00.000Z\t100.00"] } },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/foreign key constraint "payments_order_id_fkey"/);
    expect(seen).toEqual(
      expect.arrayContaining(["organization", "employees", "customers", "orders", "payments", "onboarding_progress"]),
    );
    const counts = await tableCounts(fresh.url, [...BUSINESS_TABLES, "audit_log"]);
    expect(
      Object.values(counts).every((n) => n === 0),
      JSON.stringify(counts),
    ).toBe(true);
    expect(await foreignKeys(fresh.url)).toEqual(fksBefore);
    // And the database is still usable: a clean load afterwards works.
    const ok = await loadDemoData(small(), { databaseUrl: fresh.url });
    expect(ok.counts.orders).toBeGreaterThan(0);
  });
});

describe("pacer demo-data", () => {
  let fresh: FreshDatabase;
  beforeAll(async () => {
    fresh = await freshDatabase();
  });
  afterAll(async () => {
    await fresh.drop();
  });

  it("loads, prints counts per table and the elapsed time, then refuses a second run (exit 2)", async () => {
    const env = { DATABASE_URL: fresh.url, PACER_NOW: "2026-10-20T09:30:00+08:00" };
    const first = await pacer(["demo-data", "--reps", "12", "--months", "3", "--seed", "load-test"], env);
    expect(first.stderr).not.toMatch(/error/);
    expect(first.code).toBe(0);
    const counts = generatedCounts(small());
    expect(first.stdout).toMatch(new RegExp(`^orders +${counts.orders!.toLocaleString("en-US")}$`, "m"));
    expect(first.stdout).toMatch(/^total +[\d,]+ rows in \d+\.\d s/m);
    expect(first.stdout).toMatch(/periods 2026-08 … 2026-10/);

    const second = await pacer(["demo-data", "--reps", "12", "--months", "3", "--seed", "load-test"], env);
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/already holds data.*--replace/);

    const bad = await pacer(["demo-data", "--reps", "0"], env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--reps.*whole number/);
  });
});
