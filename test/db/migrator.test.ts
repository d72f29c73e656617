// The offline migrator: creates the database, applies every migration once, and is safe to run
// from several processes at the same time.
import { execFile } from "node:child_process";
import { mkdtemp, mkdir, writeFile, cp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_MIGRATIONS_DIR, migrate, migrationNames } from "../../src/db/migrator.ts";
import { dropDatabase, uniqueDatabaseName, urlFor, withAdmin } from "../helpers/db.ts";

const run = promisify(execFile);
const created: string[] = [];

/** A name for a database that does not exist yet; dropped after the file. */
function newDatabaseName(): string {
  const name = uniqueDatabaseName("pacer_mig");
  created.push(name);
  return name;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

async function appliedRows(url: string) {
  return query<{ migration_name: string; finished: boolean }>(
    url,
    `SELECT migration_name, finished_at IS NOT NULL AS finished FROM _prisma_migrations ORDER BY migration_name`,
  );
}

afterAll(async () => {
  for (const name of created) await dropDatabase(name);
});

describe("migrate()", () => {
  it("creates a missing database and applies every migration, in order", async () => {
    const url = urlFor(newDatabaseName());
    const all = await migrationNames();
    expect(all.length).toBeGreaterThan(0);

    const { applied } = await migrate(url);

    expect(applied).toEqual(all);
    expect(await appliedRows(url)).toEqual(all.map((migration_name) => ({ migration_name, finished: true })));
    const tables = await query<{ n: number }>(
      url,
      `SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'orders'`,
    );
    expect(tables[0]?.n).toBe(1);
  });

  it("applies nothing when run again", async () => {
    const url = urlFor(newDatabaseName());
    await migrate(url);

    const second = await migrate(url);

    expect(second.applied).toEqual([]);
    expect(await appliedRows(url)).toHaveLength((await migrationNames()).length);
  });

  it("lets two concurrent runs on a fresh database both succeed, applying each migration once", async () => {
    const url = urlFor(newDatabaseName());
    const all = await migrationNames();

    const [a, b] = await Promise.all([migrate(url), migrate(url)]);

    // One run did the work; the other waited for the lock and then found nothing pending.
    expect([...a.applied, ...b.applied]).toEqual(all);
    expect([a.applied.length, b.applied.length].sort()).toEqual([0, all.length]);
    expect(await appliedRows(url)).toEqual(all.map((migration_name) => ({ migration_name, finished: true })));
  });

  it("is safe when two `npm run db:migrate` processes start at once", async () => {
    const url = urlFor(newDatabaseName());
    const all = await migrationNames();
    const env = { ...process.env, DATABASE_URL: url };
    const script = join(DEFAULT_MIGRATIONS_DIR, "../../scripts/db-migrate.ts");

    const outputs = await Promise.all([1, 2].map(() => run("npx", ["tsx", script], { env })));

    const stdout = outputs.map((o) => o.stdout).join("\n");
    expect(stdout).toContain("no pending migrations");
    for (const name of all) expect(stdout.split(name).length - 1).toBe(1);
    expect(await appliedRows(url)).toEqual(all.map((migration_name) => ({ migration_name, finished: true })));
  });

  describe("with an extra migration", () => {
    let dir: string;
    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), "pacer-migrations-"));
      await cp(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
    });
    afterEach(async () => {
      await rm(dir, { recursive: true, force: true });
    });
    async function addMigration(name: string, sql: string) {
      await mkdir(join(dir, name));
      await writeFile(join(dir, name, "migration.sql"), sql);
    }

    it("names the failed migration and the SQL error", async () => {
      await addMigration("29990101000000_broken", `ALTER TABLE "no_such_table" ADD COLUMN "x" INTEGER;\n`);

      const failure = migrate(urlFor(newDatabaseName()), { migrationsDir: dir });

      await expect(failure).rejects.toThrow(/^Migration 29990101000000_broken failed: .*no_such_table/s);
    });

    it("applies a failed migration all or nothing", async () => {
      await addMigration(
        "29990101000000_half",
        `CREATE TABLE "first_half" ("id" INTEGER);\nALTER TABLE "no_such_table" ADD COLUMN "x" INTEGER;\n`,
      );
      const url = urlFor(newDatabaseName());

      await expect(migrate(url, { migrationsDir: dir })).rejects.toThrow(/29990101000000_half/);

      const tables = await query<{ n: number }>(
        url,
        `SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'first_half'`,
      );
      expect(tables[0]?.n).toBe(0);
    });

    it("runs SQL with semicolons inside comments, strings and function bodies", async () => {
      // adapter-pg alone would split this script at every ";" (see schemaEngine.ts).
      await addMigration(
        "29990101000000_plpgsql",
        `-- a comment; with a semicolon
CREATE FUNCTION "answer"() RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  RETURN 'forty; two';
END;
$$;
`,
      );
      const url = urlFor(newDatabaseName());

      await migrate(url, { migrationsDir: dir });

      expect(await query(url, `SELECT "answer"() AS a`)).toEqual([{ a: "forty; two" }]);
    });
  });

  it("does not need to create a database that already exists", async () => {
    const name = newDatabaseName();
    await withAdmin((admin) => admin.query(`CREATE DATABASE "${name}"`));

    const { applied } = await migrate(urlFor(name));

    expect(applied).toEqual(await migrationNames());
  });
});
