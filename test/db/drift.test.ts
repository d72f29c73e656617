// Drift: the database the migrations build must be exactly the one prisma/schema.prisma describes
// (plus the hand-written SQL of the migrations). Fails when the schema changes without a migration
// (`npm run db:diff -- --name <name>` writes it) or a migration is edited by hand outside markers.
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SCHEMA_PATH, SNAPSHOT_FILE } from "../../src/db/diff.ts";
import { DEFAULT_MIGRATIONS_DIR, migrate, migrationNames } from "../../src/db/migrator.ts";
import { diffDatamodels } from "../../src/db/schemaEngine.ts";
import { baseDatabaseUrl, createEmptyDatabase, dropDatabase, uniqueDatabaseName, urlFor } from "../helpers/db.ts";

const run = promisify(execFile);
const HAND_WRITTEN = /-- pacer:hand-written:begin\n([\s\S]*?)-- pacer:hand-written:end/g;

const fromMigrations = uniqueDatabaseName("pacer_drift_a");
const fromSchema = uniqueDatabaseName("pacer_drift_b");

/** Hand-written blocks of every migration, in the order the migrations apply. */
async function handWrittenSql(): Promise<string[]> {
  const blocks: string[] = [];
  for (const name of await migrationNames()) {
    const sql = await readFile(join(DEFAULT_MIGRATIONS_DIR, name, "migration.sql"), "utf8");
    for (const match of sql.matchAll(HAND_WRITTEN)) blocks.push(`-- from ${name}\n${match[1]}`);
  }
  return blocks;
}

async function execute(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql); // whole script, one implicit transaction
  } finally {
    await client.end();
  }
}

async function schemaDump(name: string): Promise<string> {
  const url = new URL(urlFor(name));
  const args = ["--schema-only", "--no-owner", "--no-privileges", "--exclude-table=public._prisma_migrations"];
  const { stdout } = await run(
    "pg_dump",
    [...args, "-h", url.hostname, "-p", url.port || "5432", "-U", url.username || "postgres", name],
    {
      env: { ...process.env, PGPASSWORD: decodeURIComponent(url.password) },
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return stdout;
}

/**
 * A dump as a sorted list of statements, without comments and session settings, and with the
 * columns of each CREATE TABLE sorted: a column added by a later migration lands at the end of
 * its table, which is the same schema for us.
 */
function normalizeDump(dump: string): string[] {
  const lines = dump
    .split("\n")
    .filter((line) => !line.startsWith("--") && !line.startsWith("\\") && line.trim() !== "")
    .filter((line) => !/^SET |^SELECT pg_catalog\.set_config/.test(line));
  return splitStatements(lines)
    .map((statement) => {
      const table = /^(CREATE TABLE [^(]+\(\n)([\s\S]*)(\n\))$/.exec(statement);
      if (!table) return statement;
      const columns = table[2]!
        .split("\n")
        .map((c) => c.trim().replace(/,$/, ""))
        .sort();
      return `${table[1]}    ${columns.join(",\n    ")}${table[3]}`;
    })
    .sort();
}

/** Statements end with ";" at the end of a line, except inside $$-quoted function bodies. */
function splitStatements(lines: string[]): string[] {
  const statements: string[] = [];
  let current: string[] = [];
  let inBody = false;
  for (const line of lines) {
    current.push(line);
    if ((line.match(/\$\$/g)?.length ?? 0) % 2 === 1) inBody = !inBody;
    if (!inBody && line.endsWith(";")) {
      statements.push(current.join("\n").slice(0, -1).trim());
      current = [];
    }
  }
  if (current.length > 0) statements.push(current.join("\n").trim());
  return statements;
}

describe("schema drift", () => {
  let migrated: string[];
  let declared: string[];

  beforeAll(async () => {
    // A: what production gets: every migration, through our migrator.
    await migrate(urlFor(fromMigrations));
    // B: what schema.prisma says, plus the hand-written SQL Prisma cannot express.
    await createEmptyDatabase(fromSchema);
    const schema = await readFile(DEFAULT_SCHEMA_PATH, "utf8");
    await execute(urlFor(fromSchema), await diffDatamodels(baseDatabaseUrl(), null, schema));
    for (const block of await handWrittenSql()) await execute(urlFor(fromSchema), block);

    [migrated, declared] = await Promise.all([schemaDump(fromMigrations), schemaDump(fromSchema)]).then((dumps) =>
      dumps.map(normalizeDump),
    );
  });

  afterAll(async () => {
    await dropDatabase(fromMigrations);
    await dropDatabase(fromSchema);
  });

  it("the migrations build exactly the database schema.prisma describes (run `npm run db:diff -- --name <name>`)", () => {
    expect(migrated.length).toBeGreaterThan(50); // the dumps really contain the schema
    expect(migrated).toEqual(declared);
  });

  it("the hand-written SQL is part of both sides", () => {
    expect(migrated).toContainEqual(expect.stringContaining("month_closes_immutable"));
    expect(declared).toContainEqual(expect.stringContaining("month_closes_immutable"));
  });

  it("the db:diff snapshot matches schema.prisma (the next migration starts from the right place)", async () => {
    const snapshot = await readFile(join(DEFAULT_MIGRATIONS_DIR, SNAPSHOT_FILE), "utf8");
    const schema = await readFile(DEFAULT_SCHEMA_PATH, "utf8");
    // Equal as datamodels: a comment-only edit needs no migration and is not drift.
    expect(await diffDatamodels(baseDatabaseUrl(), snapshot, schema)).toBe("");
  });
});

describe("normalizeDump()", () => {
  it("ignores column order, statement order and comments, but nothing else", () => {
    const a = `-- Name: t\nCREATE TABLE public.t (\n    a integer,\n    b text NOT NULL\n);\n\nCREATE INDEX i ON public.t (a);\n`;
    const b = `CREATE INDEX i ON public.t (a);\nCREATE TABLE public.t (\n    b text NOT NULL,\n    a integer\n);\n`;
    const c = `CREATE TABLE public.t (\n    a integer,\n    b text\n);\nCREATE INDEX i ON public.t (a);\n`;
    expect(normalizeDump(a)).toEqual(normalizeDump(b));
    expect(normalizeDump(a)).not.toEqual(normalizeDump(c));
  });

  it("keeps a function body in one piece", () => {
    const dump = `CREATE FUNCTION public.f() RETURNS trigger\n    LANGUAGE plpgsql\n    AS $$\nBEGIN\n  RAISE EXCEPTION 'x';\nEND;\n$$;\n`;
    expect(normalizeDump(dump)).toEqual([
      `CREATE FUNCTION public.f() RETURNS trigger\n    LANGUAGE plpgsql\n    AS $$\nBEGIN\n  RAISE EXCEPTION 'x';\nEND;\n$$`,
    ]);
  });
});
