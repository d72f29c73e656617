// An order named in chat ("o-17" for O-17): exactly as written, else the one order whose id matches
// ignoring case, else none (two that match are ambiguous). The case-insensitive lookup is answered
// through an index, so a typo costs a probe, not a read of every order in the company; so are
// people named in chat or linked by email.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/client.ts";
import { orderForDispute } from "../../src/store/disputes.ts";
import { orderForRating } from "../../src/store/ratings.ts";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";

let fresh: FreshDatabase;
let database: Database;

beforeAll(async () => {
  fresh = await freshDatabase();
  database = openDatabase(fresh.url, { max: 2 });
  await database.pool.query(`
    INSERT INTO organization (id, name, timezone) VALUES (1, 'Org', 'Asia/Shanghai');
    INSERT INTO employees (external_id, name, role) VALUES ('E-1', 'Rep One', 'sales');
    INSERT INTO customers (external_id, name) VALUES ('C-1', 'Acme Freight');
    INSERT INTO orders (external_id, customer_id, owner_id, booked_at, revenue, cost, status)
    SELECT x, c.id, e.id, '2026-09-01T02:00:00Z', 100, 0, 'completed'
    FROM customers c, employees e, unnest(ARRAY['O-17', 'Ab-1', 'AB-1']) AS x;
  `);
});
afterAll(async () => {
  await database.close();
  await fresh.drop();
});

describe.each([
  ["a dispute", orderForDispute],
  ["a rating", orderForRating],
])("the order of %s", (_, lookup: (sql: Database["pool"], id: string) => Promise<{ externalId: string } | null>) => {
  it("is the one with exactly that id, else the one matching it ignoring case", async () => {
    expect((await lookup(database.pool, "O-17"))?.externalId).toBe("O-17");
    expect((await lookup(database.pool, "o-17"))?.externalId).toBe("O-17");
    expect((await lookup(database.pool, "AB-1"))?.externalId).toBe("AB-1");
  });

  it("is none when nothing matches, or when two orders match ignoring case", async () => {
    expect(await lookup(database.pool, "O-18")).toBeNull();
    expect(await lookup(database.pool, "ab-1")).toBeNull();
  });
});

it("the case-insensitive lookup can use an index (no read of every order)", async () => {
  const client = await database.pool.connect();
  try {
    await client.query("BEGIN; SET LOCAL enable_seqscan = off");
    const plan = await client.query<{ "QUERY PLAN": string }>(
      "EXPLAIN SELECT id FROM orders o WHERE lower(o.external_id) = lower($1)",
      ["o-17"],
    );
    const text = plan.rows.map((r) => r["QUERY PLAN"]).join("\n");
    expect(text).toContain("orders_external_id_folded_idx");
    expect(text).not.toContain("Seq Scan");
  } finally {
    await client.query("ROLLBACK");
    client.release();
  }
});

it("people named or linked ignoring case are found through indexes too", async () => {
  const client = await database.pool.connect();
  try {
    await client.query("BEGIN; SET LOCAL enable_seqscan = off");
    const plan = async (where: string) =>
      (await client.query<{ "QUERY PLAN": string }>(`EXPLAIN SELECT id FROM employees WHERE ${where}`, ["x"])).rows
        .map((r) => r["QUERY PLAN"])
        .join("\n");
    const named = await plan("status <> 'left' AND (lower(name) = lower($1) OR lower(external_id) = lower($1))");
    expect(named).toContain("employees_name_folded_idx");
    expect(named).toContain("employees_external_id_folded_idx");
    expect(await plan("status <> 'left' AND lower(email) = $1")).toContain("employees_email_folded_idx");
  } finally {
    await client.query("ROLLBACK");
    client.release();
  }
});
