// JIT compilation of the big KPI statement costs more than running it, so it is off: for every
// session of a pool from openDatabase (no extra round trip per statement), and per statement when
// the caller brings its own pool or client — with the caller's setting left as it was.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inTransaction, openDatabase, type Database } from "../../src/db/client.ts";
import { queryWithoutJit } from "../../src/store/metric-sql.ts";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";

const JIT = "SELECT current_setting('jit') AS jit";
let fresh: FreshDatabase;
let database: Database;
let plain: pg.Pool;

beforeAll(async () => {
  fresh = await freshDatabase();
  database = openDatabase(fresh.url, { max: 2 });
  plain = new pg.Pool({ connectionString: fresh.url, max: 1 });
});
afterAll(async () => {
  await database.close();
  await plain.end();
  await fresh.drop();
});

describe("JIT", () => {
  it("is off in every session of a pool from openDatabase, in and out of transactions", async () => {
    expect((await database.pool.query(JIT)).rows[0].jit).toBe("off");
    expect(await inTransaction(database.pool, async (c) => (await c.query(JIT)).rows[0].jit)).toBe("off");
    expect((await queryWithoutJit(database.pool, JIT, [])).rows[0].jit).toBe("off");
  });

  it("is off for the statement only on a caller's own pool or client, and put back afterwards", async () => {
    // One connection (max 1): this session's setting, whatever the server's default.
    await plain.query("SET jit = on");
    const before = "on";
    expect((await queryWithoutJit(plain, JIT, [])).rows[0].jit).toBe("off");
    expect((await plain.query(JIT)).rows[0].jit).toBe(before);

    const client = await plain.connect();
    try {
      await client.query("BEGIN");
      expect((await queryWithoutJit(client, JIT, [])).rows[0].jit).toBe("off");
      expect((await client.query(JIT)).rows[0].jit).toBe(before);
      await client.query("COMMIT");
    } finally {
      client.release();
    }
  });
});
