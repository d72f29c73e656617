// POST /api/v1/ingest/:entity over real HTTP: authenticated, atomic, idempotent, every format.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importScenario } from "../../src/scenario/import.ts";
import { createApiKey, revokeApiKey } from "../../src/services/api-keys.ts";
import { readFixture } from "../helpers/fixtures.ts";
import { json, startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
let ingestKey: string;
let readKey: string;

beforeAll(async () => {
  server = await startTestServer({ bodyLimit: 256 * 1024 });
  const golden = readFixture("golden-east-2026-10.scenario.json");
  // The organization, people and plans; the feeds below send customers, orders and payments.
  await importScenario(server.database.pool, {
    organization: golden.organization,
    plans: golden.plans,
    teams: golden.teams,
    employees: golden.employees,
  });
  ingestKey = (await createApiKey(server.database.pool, "crm", ["ingest"])).key;
  readKey = (await createApiKey(server.database.pool, "dashboard", ["read"])).key;
});
afterAll(async () => {
  await server.close();
});

function post(entity: string, body: string, contentType = "application/json", key: string | null = ingestKey) {
  return fetch(`${server.url}/api/v1/ingest/${entity}`, {
    method: "POST",
    headers: { "content-type": contentType, ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body,
  });
}

/** Every row of the feed tables, to prove a rejected batch changed nothing. */
async function dump(): Promise<string> {
  const parts = [];
  for (const t of ["customers", "orders", "payments"])
    parts.push(JSON.stringify((await server.database.pool.query(`SELECT * FROM ${t} ORDER BY id`)).rows));
  return parts.join("\n");
}

const customers = [
  { externalId: "C1", name: "上海恒通贸易", ownerExternalId: "E-A" },
  { externalId: "C2", name: "宁波海联进出口", ownerExternalId: "E-A" },
];
const orders = [
  {
    externalId: "O1",
    customerExternalId: "C1",
    ownerExternalId: "E-A",
    bookedAt: "2026-10-05T11:00:00+08:00",
    revenue: "30000.00",
    cost: "24000.00",
    status: "completed",
    dueDate: "2026-11-04",
  },
  {
    externalId: "O2",
    customerExternalId: "C2",
    ownerExternalId: "E-A",
    bookedAt: "2026-10-06T03:00:00Z",
    revenue: 15000,
    cost: "12500",
    status: "booked",
  },
];

describe("authentication", () => {
  it("401 without a key, with a wrong key, and with a revoked key; 403 without the scope", async () => {
    const none = await post("customers", "[]", "application/json", null);
    expect(none.status).toBe(401);
    expect(await json(none)).toEqual({
      error: "unauthorized",
      message: "missing API key: send Authorization: Bearer <key>",
    });
    expect((await post("customers", "[]", "application/json", "pk_nope_nope")).status).toBe(401);
    const revoked = await createApiKey(server.database.pool, "old", ["ingest"]);
    await revokeApiKey(server.database.pool, revoked.prefix);
    const res = await post("customers", "[]", "application/json", revoked.key);
    expect(res.status).toBe(401);
    expect((await json(res)).message).toBe("this API key was revoked");
    const wrongScope = await post("customers", "[]", "application/json", readKey);
    expect(wrongScope.status).toBe(403);
  });
});

describe("formats", () => {
  it("accepts a JSON array, then reports the same batch as unchanged", async () => {
    const first = await post("customers", JSON.stringify(customers));
    expect(first.status).toBe(200);
    expect(await json(first)).toEqual({ entity: "customers", received: 2, created: 2, updated: 0, unchanged: 0 });
    const again = await post("customers", JSON.stringify(customers));
    expect(await json(again)).toEqual({ entity: "customers", received: 2, created: 0, updated: 0, unchanged: 2 });
  });

  it('accepts {"items": [...]} and NDJSON', async () => {
    const items = await post("orders", JSON.stringify({ items: orders }));
    expect(await json(items)).toMatchObject({ created: 2 });
    const ndjson = await post("orders", `${orders.map((o) => JSON.stringify(o)).join("\n")}\n`, "application/x-ndjson");
    expect(await json(ndjson)).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
  });

  it("accepts CSV with a BOM and Chinese text; empty cells mean no value", async () => {
    const csv = '\uFEFFexternalId,name,ownerExternalId\r\nC3,"苏州美达电子, 工业园区",E-B\r\nC4,杭州远景服饰,\r\n';
    const res = await post("customers", csv, "text/csv; charset=utf-8");
    expect(await json(res)).toMatchObject({ created: 2 });
    const c3 = await server.fresh.db.customer.findUniqueOrThrow({
      where: { externalId: "C3" },
      include: { owner: true },
    });
    expect(c3.name).toBe("苏州美达电子, 工业园区");
    expect(c3.owner?.externalId).toBe("E-B");
    expect((await server.fresh.db.customer.findUniqueOrThrow({ where: { externalId: "C4" } })).ownerId).toBeNull();
  });

  it("400 for malformed JSON, NDJSON and CSV, 415 for another content type, 404 for an unknown entity", async () => {
    const bad = await post("customers", '[{"externalId": "C9",');
    expect(bad.status).toBe(400);
    expect((await json(bad)).message).toMatch(/^the body is not valid JSON/);
    const nd = await post("customers", '{"externalId":"C9","name":"x"}\n{oops}\n', "application/x-ndjson");
    expect((await json(nd)).message).toMatch(/^line 2 is not valid JSON/);
    const csv = await post("customers", 'externalId,name\nC9,"unterminated\n', "text/csv");
    expect(csv.status).toBe(400);
    expect((await json(csv)).message).toMatch(/^the CSV is malformed/);
    expect((await post("customers", "<xml/>", "application/xml")).status).toBe(415);
    const unknown = await post("widgets", "[]");
    expect(unknown.status).toBe(404);
    expect((await json(unknown)).message).toMatch(/^unknown entity "widgets"; one of: applications, /);
  });

  it("413 for a body over the limit", async () => {
    const big = JSON.stringify(
      Array.from({ length: 3000 }, (_, i) => ({ externalId: `CX${i}`, name: "x".repeat(80) })),
    );
    const res = await post("customers", big);
    expect(res.status).toBe(413);
    expect((await json(res)).error).toBe("payload_too_large");
  });
});

describe("validation: a bad row rejects the whole batch with every row's error", () => {
  it("unknown reference, negative cost, bad timestamp and duplicate id — 422, database byte-for-byte unchanged", async () => {
    const before = await dump();
    const batch = [
      { ...orders[0], externalId: "O10", customerExternalId: "C-NOPE" },
      { ...orders[0], externalId: "O11", cost: "-5.00" },
      { ...orders[0], externalId: "O12", bookedAt: "2026-10-05 11:00" },
      { ...orders[0], externalId: "O13" },
      { ...orders[0], externalId: "O13" },
      { ...orders[0], externalId: "O14" }, // valid, yet not written
    ];
    const res = await post("orders", JSON.stringify(batch));
    expect(res.status).toBe(422);
    const body = await json(res);
    expect(body.error).toBe("invalid_rows");
    expect(body.errors).toEqual([
      {
        index: 0,
        externalId: "O10",
        field: "customerExternalId",
        message: 'unknown customer "C-NOPE" (not in this batch nor in the database)',
      },
      { index: 1, externalId: "O11", field: "cost", message: 'must not be negative, got "-5.00"' },
      {
        index: 2,
        externalId: "O12",
        field: "bookedAt",
        message: "must be an ISO 8601 timestamp with an offset (Z or ±hh:mm), e.g. 2026-10-05T11:00:00+08:00",
      },
      {
        index: 4,
        externalId: "O13",
        field: "externalId",
        message: 'duplicate order "O13" in this batch (first at index 3)',
      },
    ]);
    expect(await dump()).toBe(before);
  });

  it("a payment of 0 and a rating outside 1–5 are refused", async () => {
    const pay = await post(
      "payments",
      JSON.stringify([{ externalId: "P1", orderExternalId: "O1", paidAt: "2026-10-20T06:00:00Z", amount: "0.00" }]),
    );
    expect((await json(pay)).errors[0]).toMatchObject({
      field: "amount",
      message: "must not be 0 (refunds are negative amounts)",
    });
    const rate = await post(
      "ratings",
      JSON.stringify([
        { externalId: "R1", orderExternalId: "O1", score: 6, raterDepartment: "ops", ratedAt: "2026-10-20T06:00:00Z" },
      ]),
    );
    expect((await json(rate)).errors[0]).toMatchObject({ field: "score", message: "must be 1 to 5" });
  });
});

describe("concurrency", () => {
  it("two concurrent batches on the same rows both succeed; the result is one of them, whole", async () => {
    const batch = (revenue: string) =>
      JSON.stringify(
        Array.from({ length: 200 }, (_, i) => ({
          ...orders[0],
          externalId: `OC${String(i).padStart(3, "0")}`,
          revenue,
        })),
      );
    // Reverse one batch's order: rows are still locked in key order, so no deadlock.
    const a = batch("100.00");
    const b = JSON.stringify(JSON.parse(batch("200.00")).reverse());
    const [ra, rb] = await Promise.all([post("orders", a), post("orders", b)]);
    expect([ra.status, rb.status]).toEqual([200, 200]);
    const revenues = await server.database.pool.query(
      `SELECT DISTINCT revenue::text FROM orders WHERE external_id LIKE 'OC%'`,
    );
    expect(revenues.rows).toHaveLength(1);
    expect(["100.00", "200.00"]).toContain(revenues.rows[0].revenue);
  });
});

describe("GET /api/v1/employees/:externalId/progress", () => {
  it("returns the progress JSON for a read key, 403 for an ingest-only key, 404 for an unknown person", async () => {
    const targets = readFixture("golden-east-2026-10.scenario.json").targets;
    await post("targets", JSON.stringify(targets));
    const res = await fetch(`${server.url}/api/v1/employees/E-A/progress?asOf=2026-10-16T10:00:00%2B08:00`, {
      headers: { authorization: `Bearer ${readKey}` },
    });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toMatchObject({
      period: "2026-10",
      asOf: "2026-10-16T02:00:00.000Z",
      employee: { externalId: "E-A", plan: "veteran" },
    });
    const booked = await server.database.pool.query(
      `SELECT sum(revenue)::text AS s FROM orders o JOIN employees e ON e.id = o.owner_id
       WHERE e.external_id = 'E-A' AND o.status <> 'cancelled' AND booked_at >= '2026-09-30T16:00:00Z' AND booked_at < '2026-10-16T02:00:00Z'`,
    );
    expect(body.metrics.booked_revenue).toBe(booked.rows[0].s);
    const forbidden = await fetch(`${server.url}/api/v1/employees/E-A/progress`, {
      headers: { authorization: `Bearer ${ingestKey}` },
    });
    expect(forbidden.status).toBe(403);
    const missing = await fetch(`${server.url}/api/v1/employees/E-X/progress`, {
      headers: { authorization: `Bearer ${readKey}` },
    });
    expect(missing.status).toBe(404);
    const bad = await fetch(`${server.url}/api/v1/employees/E-A/progress?asOf=yesterday`, {
      headers: { authorization: `Bearer ${readKey}` },
    });
    expect(bad.status).toBe(400);
  });
});
