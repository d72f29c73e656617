// The rating requests' claims and the orders' colleague fields, against the real database: two
// claimers racing (two workers) ask each colleague of an order once and remind them once between
// them; the ingest API refuses an unknown colleague or the owner named as one (nothing written);
// a scenario export carries the colleagues and the chat ratings, and imports back unchanged.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/client.ts";
import { ingestBatch } from "../../src/ingest/batch.ts";
import { IngestError } from "../../src/ingest/batch.ts";
import { exportScenario } from "../../src/scenario/export.ts";
import { importScenario } from "../../src/scenario/import.ts";
import { claimRatingReminders, claimRatingRequests, saveChatRating } from "../../src/store/ratings.ts";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";

const ASKED = new Date("2026-10-13T10:00:00+08:00");
const SINCE = new Date("2026-09-01T00:00:00Z");

let fresh: FreshDatabase;
let database: Database;

beforeAll(async () => {
  fresh = await freshDatabase();
  database = openDatabase(fresh.url, { max: 6 });
  await importScenario(database.pool, {
    organization: { name: "Org", timezone: "Asia/Shanghai", currency: "CNY" },
    employees: ["E-1", "OPS-1", "OPS-2", "CS-1", "CS-2"].map((id) => ({
      externalId: id,
      name: id,
      email: `${id.toLowerCase()}@example.com`,
      role: "sales",
    })),
    customers: [{ externalId: "C-1", name: "Customer" }],
    orders: Array.from({ length: 40 }, (_, i) => ({
      externalId: `O-${String(i + 1).padStart(2, "0")}`,
      customerExternalId: "C-1",
      ownerExternalId: "E-1",
      bookedAt: "2026-10-08T02:00:00Z",
      revenue: "100.00",
      cost: "50.00",
      status: "completed",
      operationsExternalId: i % 2 ? "OPS-1" : "OPS-2",
      customerServiceExternalId: i % 2 ? "CS-1" : "CS-2",
    })),
  });
});

afterAll(async () => {
  await database?.close();
  await fresh?.drop();
});

const key = (r: { orderId: number; employeeId: number }) => `${r.orderId}/${r.employeeId}`;

describe("rating request claims", () => {
  it("two claimers at once ask each colleague of each order exactly once between them", async () => {
    const claim = () => claimRatingRequests(database.pool, { now: ASKED, remindOn: "2026-10-15", bookedSince: SINCE });
    const [a, b] = await Promise.all([claim(), claim()]);
    const all = [...a, ...b].map(key);
    expect(all).toHaveLength(80);
    expect(new Set(all).size).toBe(80);
    expect(await claim()).toEqual([]);
  });

  it("reminds nobody before the reminder date, then each unrated request once between two claimers", async () => {
    expect(await claimRatingReminders(database.pool, { now: ASKED, today: "2026-10-14" })).toEqual([]);
    const order = (await database.pool.query(`SELECT id FROM orders WHERE external_id = 'O-02'`)).rows[0].id;
    const cs1 = (await database.pool.query(`SELECT id FROM employees WHERE external_id = 'CS-1'`)).rows[0].id;
    await saveChatRating(database.pool, {
      orderId: order,
      orderExternalId: "O-02",
      raterId: cs1,
      raterExternalId: "CS-1",
      part: "customer_service",
      score: 5,
      comment: "准时",
      at: ASKED,
    });
    const remind = () => claimRatingReminders(database.pool, { now: new Date(), today: "2026-10-15" });
    const [a, b] = await Promise.all([remind(), remind()]);
    const all = [...a, ...b].map(key);
    // Every request but CS-1's on O-02, which is answered.
    expect(all).toHaveLength(79);
    expect(new Set(all).size).toBe(79);
    expect(all).not.toContain(`${order}/${cs1}`);
    expect(await remind()).toEqual([]);
  });
});

describe("orders' colleagues through the ingest API", () => {
  const row = (extra: Record<string, string>) => ({
    externalId: "O-NEW",
    customerExternalId: "C-1",
    ownerExternalId: "E-1",
    bookedAt: "2026-10-20T02:00:00Z",
    revenue: "1.00",
    cost: "0",
    status: "booked",
    ...extra,
  });

  it("refuses an unknown colleague and the owner named as one, writing nothing", async () => {
    for (const [extra, message] of [
      [{ operationsExternalId: "NOBODY" }, /NOBODY/],
      [{ customerServiceExternalId: "E-1" }, /must not be the order's owner/],
    ] as const) {
      const error = await ingestBatch(database.pool, "orders", [row(extra)]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(IngestError);
      expect(IngestError.httpStatus).toBe(422);
      expect(JSON.stringify((error as IngestError).errors)).toMatch(message);
    }
    expect((await database.pool.query(`SELECT 1 FROM orders WHERE external_id = 'O-NEW'`)).rows).toEqual([]);
  });

  it("exports the colleagues and the chat ratings, and a re-import changes nothing", async () => {
    const bundle = await exportScenario(database.pool);
    const orders = bundle.orders as Record<string, unknown>[];
    expect(orders.find((o) => o.externalId === "O-02")).toMatchObject({
      operationsExternalId: "OPS-1",
      customerServiceExternalId: "CS-1",
    });
    expect(bundle.ratings).toEqual([
      expect.objectContaining({
        orderExternalId: "O-02",
        score: 5,
        raterDepartment: "customer_service",
        raterExternalId: "CS-1",
        comment: "准时",
        source: "chat",
      }),
    ]);
    const again = await freshDatabase();
    const copy = openDatabase(again.url, { max: 2 });
    try {
      await importScenario(copy.pool, bundle);
      expect(await exportScenario(copy.pool)).toEqual(bundle);
    } finally {
      await copy.close();
      await again.drop();
    }
  });
});

describe("the database itself refuses", () => {
  const code = (statement: string) =>
    database.pool.query(statement).then(
      () => "accepted",
      (e: { code?: string }) => e.code,
    );

  it("the owner named as the order's colleague, a chat rating naming no rater, a request of no known part", async () => {
    // 23514: check_violation.
    expect(await code(`UPDATE orders SET operations_id = owner_id WHERE external_id = 'O-01'`)).toBe("23514");
    expect(await code(`UPDATE orders SET customer_service_id = owner_id WHERE external_id = 'O-01'`)).toBe("23514");
    expect(
      await code(`INSERT INTO ratings (external_id, order_id, score, rater_department, source, rated_at)
                  SELECT 'R-X', id, 3, 'operations', 'chat', now() FROM orders WHERE external_id = 'O-01'`),
    ).toBe("23514");
    expect(
      await code(`UPDATE rating_requests SET department = 'sales'
                  WHERE order_id = (SELECT id FROM orders WHERE external_id = 'O-01')`),
    ).toBe("23514");
  });
});
