// The test harness itself: each freshDatabase() is a separate, fully migrated database.
import { afterAll, describe, expect, it } from "vitest";
import { migrationNames } from "../../src/db/migrator.ts";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";

const opened: FreshDatabase[] = [];
afterAll(async () => {
  for (const fresh of opened) await fresh.drop();
});

describe("freshDatabase()", () => {
  it("returns a migrated database that Prisma can use", async () => {
    const fresh = await freshDatabase();
    opened.push(fresh);

    const rows = await fresh.db.$queryRaw<
      { migration_name: string }[]
    >`SELECT migration_name FROM _prisma_migrations ORDER BY 1`;

    expect(rows.map((r) => r.migration_name)).toEqual(await migrationNames());
    expect(await fresh.db.employee.count()).toBe(0);
  });

  it("isolates databases from each other", async () => {
    const [a, b] = await Promise.all([freshDatabase(), freshDatabase()]);
    opened.push(a, b);

    await a.db.organization.create({ data: { name: "A" } });

    expect(a.url).not.toBe(b.url);
    expect(await a.db.organization.count()).toBe(1);
    expect(await b.db.organization.count()).toBe(0);
  });

  it("drop() removes the database", async () => {
    const fresh = await freshDatabase();
    await fresh.drop();

    const { createDb } = await import("../../src/db/client.ts");
    const db = createDb(fresh.url);
    await expect(db.organization.count()).rejects.toThrow(/does not exist/);
    await db.$disconnect();
  });
});
