// Test databases never outlive their run: every one is named with the run's prefix, and the run's
// teardown drops every database with that prefix, whatever the test files did (failed, crashed,
// skipped their afterAll). Here the teardown's sweep is run on a sub-prefix of this run.
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import {
  baseDatabaseUrl,
  createEmptyDatabase,
  dropDatabase,
  freshDatabase,
  uniqueDatabaseName,
  urlFor,
  withAdmin,
} from "../helpers/db.ts";
import { dropRunDatabases } from "../helpers/globalSetup.ts";

const run = inject("runDatabasePrefix");
const existing = (prefix: string) =>
  withAdmin(async (admin) => {
    const { rows } = await admin.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE starts_with(datname, $1) ORDER BY 1",
      [prefix],
    );
    return rows.map((r) => r.datname);
  });

const bystander = uniqueDatabaseName("bystander");
afterAll(async () => {
  await dropDatabase(bystander);
});

describe("the run's test databases", () => {
  it("are all named with the run's prefix, the template's included", async () => {
    const fresh = await freshDatabase();
    try {
      expect(new URL(fresh.url).pathname).toMatch(new RegExp(`^/${run}_test_[0-9a-f]{8}$`));
      expect(uniqueDatabaseName("pacer_mig")).toMatch(new RegExp(`^${run}_pacer_mig_[0-9a-f]{8}$`));
      expect(inject("templateDatabase")).toBe(`${run}_tpl`);
      expect(await existing(`${run}_`)).toEqual(expect.arrayContaining([inject("templateDatabase")]));
    } finally {
      await fresh.drop();
    }
  });

  it("are dropped by prefix, even ones still in use, and nothing else is", async () => {
    const leftovers = `${run}_leftovers`;
    // What failed files leave: a database nobody dropped, and one a leaked connection still holds.
    await createEmptyDatabase(`${leftovers}_a`);
    await createEmptyDatabase(`${leftovers}_b`);
    await createEmptyDatabase(bystander);
    const leaked = new pg.Client({ connectionString: urlFor(`${leftovers}_b`) });
    leaked.on("error", () => {});
    await leaked.connect();

    expect(await dropRunDatabases(baseDatabaseUrl(), leftovers)).toEqual([`${leftovers}_a`, `${leftovers}_b`]);

    expect(await existing(leftovers)).toEqual([]);
    expect(await existing(bystander)).toEqual([bystander]);
    await leaked.end().catch(() => {});
  });

  it("refuses a prefix that is not a run's, so the sweep cannot reach other people's databases", async () => {
    await expect(dropRunDatabases(baseDatabaseUrl(), "pacer")).rejects.toThrow("not a run prefix: pacer");
    await expect(dropRunDatabases(baseDatabaseUrl(), "")).rejects.toThrow("not a run prefix");
  });
});
