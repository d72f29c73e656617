// The bulk ingest path: a large batch is COPYed into a staging table inside the batch's transaction
// and upserted from there in one statement. It must store exactly what the JSON path stores, count
// created/updated/unchanged the same way, write all of a batch or nothing, and treat a re-sent
// batch as unchanged.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inTransaction, openDatabase, type Database } from "../../src/db/client.ts";
import { IngestError, ingestBatch } from "../../src/ingest/batch.ts";
import { entityDef, writeRows } from "../../src/ingest/registry.ts";
import { parseRows } from "../../src/ingest/upsert.ts";
import { importScenario } from "../../src/scenario/import.ts";
import { readFixture } from "../helpers/fixtures.ts";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";

let fresh: FreshDatabase;
let database: Database;
const ALWAYS = { bulkThreshold: 1 };
const NEVER = { bulkThreshold: Number.MAX_SAFE_INTEGER };

beforeAll(async () => {
  fresh = await freshDatabase();
  database = openDatabase(fresh.url, { max: 4 });
  const golden = readFixture("golden-east-2026-10.scenario.json");
  await importScenario(database.pool, {
    organization: golden.organization,
    plans: golden.plans,
    teams: golden.teams,
    employees: golden.employees,
    customers: golden.customers,
  });
});
afterAll(async () => {
  await database.close();
  await fresh.drop();
});

/** `n` orders under `prefix`, with the awkward values a feed sends (offsets, numbers, no due date). */
function orders(prefix: string, n: number, revenue = (i: number) => `${1000 + i}.50`) {
  return Array.from({ length: n }, (_, i) => ({
    externalId: `${prefix}${String(i).padStart(5, "0")}`,
    customerExternalId: `C${(i % 8) + 1}`,
    ownerExternalId: ["E-A", "E-B", "E-C"][i % 3],
    bookedAt: i % 2 ? "2026-10-05T11:00:00.125+08:00" : "2026-10-06T03:00:00Z",
    revenue: i % 5 === 0 ? 15000 + i : revenue(i),
    cost: "12.00",
    status: i % 7 === 0 ? "cancelled" : "completed",
    dueDate: i % 4 === 0 ? null : "2026-11-04",
  }));
}

/** The stored orders under `prefix`, keyed without the prefix, as Postgres prints them. */
async function stored(prefix: string) {
  const res = await database.pool.query(
    `SELECT substr(o.external_id, length($1) + 1) AS k, c.external_id AS customer, e.external_id AS owner,
            o.booked_at, o.revenue::text, o.cost::text, o.status::text, o.due_date::text
       FROM orders o JOIN customers c ON c.id = o.customer_id JOIN employees e ON e.id = o.owner_id
      WHERE o.external_id LIKE $1 || '%' ORDER BY 1`,
    [prefix],
  );
  return res.rows;
}

const countOf = async (prefix: string) =>
  Number(
    (await database.pool.query(`SELECT count(*) AS n FROM orders WHERE external_id LIKE $1 || '%'`, [prefix])).rows[0]
      .n,
  );

describe("the bulk path stores what the JSON path stores", () => {
  it("the same 1,500 rows through COPY and through JSON: identical rows, identical counts", async () => {
    const viaCopy = await ingestBatch(database.pool, "orders", orders("BK-", 1500), ALWAYS);
    const viaJson = await ingestBatch(database.pool, "orders", orders("JS-", 1500), NEVER);
    expect(viaCopy).toEqual({ created: 1500, updated: 0, unchanged: 0 });
    expect(viaCopy).toEqual(viaJson);
    const a = await stored("BK-");
    expect(a).toHaveLength(1500);
    expect(a).toEqual(await stored("JS-"));
  });

  it("text with tabs, newlines, backslashes and quotes survives COPY's text format", async () => {
    const name = 'tab\there\nnew line \\N back\\slash "quoted" {brace,comma} NULL';
    await ingestBatch(database.pool, "customers", [{ externalId: "C-ODD", name, ownerExternalId: "E-A" }], ALWAYS);
    const res = await database.pool.query(`SELECT name FROM customers WHERE external_id = 'C-ODD'`);
    expect(res.rows[0].name).toBe(name);
  });
});

describe("idempotency", () => {
  it("re-sending a bulk batch changes nothing; one changed row is the one update", async () => {
    const batch = orders("ID-", 2000);
    expect(await ingestBatch(database.pool, "orders", batch, ALWAYS)).toEqual({
      created: 2000,
      updated: 0,
      unchanged: 0,
    });
    const before = await database.pool.query(
      `SELECT external_id, updated_at FROM orders WHERE external_id LIKE 'ID-%' ORDER BY 1`,
    );
    expect(await ingestBatch(database.pool, "orders", batch, ALWAYS)).toEqual({
      created: 0,
      updated: 0,
      unchanged: 2000,
    });
    const after = await database.pool.query(
      `SELECT external_id, updated_at FROM orders WHERE external_id LIKE 'ID-%' ORDER BY 1`,
    );
    expect(after.rows).toEqual(before.rows);
    // The same values written another way (a number for a decimal, another offset for the same instant).
    const rewritten = batch.map((o, i) =>
      i === 1 ? { ...o, bookedAt: "2026-10-05T03:00:00.125Z" } : i === 2 ? { ...o, revenue: "1002.5" } : o,
    );
    expect(await ingestBatch(database.pool, "orders", rewritten, ALWAYS)).toEqual({
      created: 0,
      updated: 0,
      unchanged: 2000,
    });
    const changed = batch.map((o, i) => (i === 1234 ? { ...o, status: "in_transit" } : o));
    expect(await ingestBatch(database.pool, "orders", changed, ALWAYS)).toEqual({
      created: 0,
      updated: 1,
      unchanged: 1999,
    });
  });
});

describe("atomicity", () => {
  it("a bad row in the middle of a bulk batch: 422 naming it, nothing written", async () => {
    const batch = orders("AT-", 3000);
    batch[1500] = { ...batch[1500]!, customerExternalId: "C-NOPE" };
    const error = await ingestBatch(database.pool, "orders", batch, ALWAYS).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IngestError);
    expect((error as IngestError).errors).toEqual([
      {
        entity: "orders",
        index: 1500,
        externalId: "AT-01500",
        field: "customerExternalId",
        message: 'unknown customer "C-NOPE" (not in this batch nor in the database)',
      },
    ]);
    expect(await countOf("AT-")).toBe(0);
  });

  it("a row Postgres refuses halfway through the staged upsert rolls back the whole batch and its staging table", async () => {
    // Past the checks (as a concurrent delete of the customer would be): the upsert itself fails.
    const batch = orders("RB-", 3000);
    batch[1500] = { ...batch[1500]!, customerExternalId: "C-GONE" };
    const def = entityDef("orders")!;
    const { rows, errors } = parseRows(def, batch);
    expect(errors).toEqual([]);
    const client = await database.pool.connect();
    try {
      const failed = await inTransaction(database.pool, (tx) =>
        writeRows(
          tx,
          def,
          rows.map((r) => r.row),
          { copy: tx },
        ),
      ).catch((e: unknown) => e);
      expect((failed as { code?: string }).code).toBe("23502"); // customer_id is NOT NULL
      const staged = await client.query(`SELECT count(*) AS n FROM pg_class WHERE relname LIKE 'pacer_stage_%'`);
      expect(Number(staged.rows[0].n)).toBe(0);
    } finally {
      client.release();
    }
    expect(await countOf("RB-")).toBe(0);
  });
});
