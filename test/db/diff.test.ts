// `db:diff`: the next migration is the datamodel change since the last one, and nothing else.
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createMigration,
  DEFAULT_SCHEMA_PATH,
  migrationSlug,
  nextTimestamp,
  SNAPSHOT_FILE,
} from "../../src/db/diff.ts";
import { DEFAULT_MIGRATIONS_DIR, migrate, migrationNames } from "../../src/db/migrator.ts";
import { baseDatabaseUrl, dropDatabase, uniqueDatabaseName, urlFor } from "../helpers/db.ts";

let work: string;
let migrationsDir: string;
let schemaPath: string;

beforeEach(async () => {
  // A scratch copy of prisma/, so the repository's migrations are never touched.
  work = await mkdtemp(join(tmpdir(), "pacer-diff-"));
  migrationsDir = join(work, "migrations");
  schemaPath = join(work, "schema.prisma");
  await cp(DEFAULT_MIGRATIONS_DIR, migrationsDir, { recursive: true });
  await cp(DEFAULT_SCHEMA_PATH, schemaPath);
});

afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

const addField = async () => {
  const schema = await readFile(schemaPath, "utf8");
  await writeFile(schemaPath, schema.replace(/(model Offer \{\n)/, `$1  note String?\n`));
};

describe("createMigration()", () => {
  it("reports no changes and writes nothing when the schema matches the last migration", async () => {
    const before = await readdir(migrationsDir);

    const result = await createMigration({
      name: "nothing",
      databaseUrl: baseDatabaseUrl(),
      schemaPath,
      migrationsDir,
    });

    expect(result).toEqual({ status: "no changes" });
    expect(await readdir(migrationsDir)).toEqual(before);
  });

  it("writes the next migration with only the change, and updates the snapshot", async () => {
    await addField();
    const now = new Date("2030-01-02T03:04:05Z");

    const result = await createMigration({
      name: "Offer note",
      databaseUrl: baseDatabaseUrl(),
      schemaPath,
      migrationsDir,
      now,
    });

    expect(result.status).toBe("created");
    if (result.status !== "created") return;
    expect(result.migration).toBe("20300102030405_offer_note");
    const sql = await readFile(join(migrationsDir, result.migration, "migration.sql"), "utf8");
    expect(sql).toBe(result.sql);
    expect(sql).toMatch(/ALTER TABLE "offers" ADD COLUMN\s+"note" TEXT;/);
    expect(sql).not.toMatch(/CREATE TABLE/);
    expect(await readFile(join(migrationsDir, SNAPSHOT_FILE), "utf8")).toBe(await readFile(schemaPath, "utf8"));
    // …so running it again finds nothing new.
    expect(await createMigration({ name: "again", databaseUrl: baseDatabaseUrl(), schemaPath, migrationsDir })).toEqual(
      {
        status: "no changes",
      },
    );
  });

  it("writes a migration that applies on top of the existing ones", async () => {
    await addField();
    await createMigration({ name: "offer_note", databaseUrl: baseDatabaseUrl(), schemaPath, migrationsDir });
    const name = uniqueDatabaseName("pacer_diff");
    try {
      const { applied } = await migrate(urlFor(name), { migrationsDir });

      expect(applied).toEqual(await migrationNames(migrationsDir));
      expect(applied.at(-1)).toMatch(/^\d{14}_offer_note$/);
    } finally {
      await dropDatabase(name);
    }
  });
});

describe("migration names", () => {
  it("are slugs of the given name", () => {
    expect(migrationSlug("Add offer notes!")).toBe("add_offer_notes");
    expect(() => migrationSlug("!!!")).toThrow(/Invalid migration name/);
  });

  it("are stamped in UTC and always sort after the existing migrations", () => {
    const now = new Date("2026-11-27T10:00:00Z");
    expect(nextTimestamp(now, ["20261101000000_init"])).toBe("20261127100000");
    expect(nextTimestamp(now, ["20261127000000_init", "20261231235959_future"])).toBe("20270101000000");
  });
});
