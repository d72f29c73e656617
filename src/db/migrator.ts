// Applies prisma/migrations with Prisma's WASM schema engine (`prisma migrate deploy` without the
// CLI, which cannot run offline). Writes the same `_prisma_migrations` rows as the CLI, so the two
// stay interchangeable.
import { readdir, readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import type { MigrationDirectory, MigrationList } from "@prisma/schema-engine-wasm/schema_engine_bg";
import { NO_FILTERS, withSchemaEngine } from "./schemaEngine.ts";

export const DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL("../../prisma/migrations", import.meta.url));

// Our own advisory-lock key ("pacer-mg" in ASCII). It must differ from the key the schema engine
// may take itself (72707369), or our session would block the engine's.
const MIGRATE_LOCK_KEY = 0x70616365722d6d67n;

export interface MigrateOptions {
  migrationsDir?: string;
  log?: (msg: string) => void;
}

/**
 * Brings `databaseUrl` up to date with the migrations directory, creating the database first if
 * needed. Idempotent; concurrent callers are serialized, and the later ones find nothing pending.
 */
export async function migrate(databaseUrl: string, opts: MigrateOptions = {}): Promise<{ applied: string[] }> {
  const migrationsDir = resolve(opts.migrationsDir ?? DEFAULT_MIGRATIONS_DIR);
  const log = opts.log ?? (() => {});
  const migrationsList = await readMigrationsList(migrationsDir);

  await ensureDatabase(databaseUrl, log);

  // The lock lives on a dedicated connection: the engine's pool connections come and go, and a
  // session-level advisory lock is released when its connection closes, even if we crash.
  const lockClient = new pg.Client({ connectionString: databaseUrl });
  await lockClient.connect();
  try {
    await lockClient.query("SELECT pg_advisory_lock($1)", [MIGRATE_LOCK_KEY.toString()]);
    try {
      const output = await withSchemaEngine({ databaseUrl, log: (line) => log(`engine: ${line}`) }, (engine) =>
        engine.applyMigrations({ migrationsList, filters: NO_FILTERS }),
      ).catch(async (err: Error) => {
        throw await describeFailure(lockClient, err);
      });
      return { applied: output.appliedMigrationNames };
    } finally {
      await lockClient.query("SELECT pg_advisory_unlock($1)", [MIGRATE_LOCK_KEY.toString()]);
    }
  } finally {
    await lockClient.end();
  }
}

/** Loads the migrations directory the way the Prisma CLI does: every subdirectory, sorted by name. */
export async function readMigrationsList(migrationsDir: string): Promise<MigrationList> {
  if (!existsSync(migrationsDir)) throw new Error(`Migrations directory not found: ${migrationsDir}`);
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  const dirs = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const migrationDirectories: MigrationDirectory[] = await Promise.all(
    dirs.map(async (name) => {
      const file = join(migrationsDir, name, "migration.sql");
      const content = await readFile(file, "utf8").then(
        (value) => ({ tag: "ok" as const, value }),
        (err: Error) => ({ tag: "error" as const, value: `${file}: ${err.message}` }),
      );
      return { path: name, migrationFile: { path: "migration.sql", content } };
    }),
  );
  const lockPath = join(migrationsDir, "migration_lock.toml");
  return {
    baseDir: migrationsDir,
    lockfile: { path: "migration_lock.toml", content: existsSync(lockPath) ? await readFile(lockPath, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}

/** Names of the migration directories, in the order they apply. */
export async function migrationNames(migrationsDir: string = DEFAULT_MIGRATIONS_DIR): Promise<string[]> {
  return (await readMigrationsList(migrationsDir)).migrationDirectories.map((d) => d.path);
}

/** Creates the target database through the `postgres` maintenance database when it is missing. */
export async function ensureDatabase(databaseUrl: string, log: (msg: string) => void = () => {}): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  if (!name) throw new Error(`DATABASE_URL has no database name: ${redact(databaseUrl)}`);
  url.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (rowCount) return;
    try {
      await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
      log(`created database ${name}`);
    } catch (err) {
      // Another process created it between our check and our CREATE: that is what we wanted.
      // (42P04 duplicate_database; 23505 when both inserts race on the pg_database index.)
      const code = (err as { code?: string }).code;
      if (code !== "42P04" && code !== "23505") throw err;
    }
  } finally {
    await admin.end();
  }
}

/**
 * Turns an engine failure into "Migration <name> failed: <SQL error>". The engine's message ends
 * in a Rust span trace that is noise to an operator; `_prisma_migrations` tells which migration
 * was being applied.
 */
async function describeFailure(client: pg.Client, err: Error): Promise<Error> {
  const message = stripSpanTrace(err.message);
  try {
    const { rows } = await client.query<{ migration_name: string }>(
      `SELECT migration_name FROM _prisma_migrations
        WHERE finished_at IS NULL AND rolled_back_at IS NULL
        ORDER BY started_at DESC LIMIT 1`,
    );
    const failed = rows[0];
    if (failed) return new Error(`Migration ${failed.migration_name} failed: ${message}`, { cause: err });
  } catch {
    // No _prisma_migrations table: the engine failed before applying anything.
  }
  return new Error(`Migration failed: ${message}`, { cause: err });
}

/** Drops the engine's trailing span trace ("   0: sql_schema_connector::…" lines). */
function stripSpanTrace(message: string): string {
  const lines = message.split("\n");
  const traceStart = lines.findIndex((line) => /^\s+\d+: /.test(line));
  return (traceStart === -1 ? lines : lines.slice(0, traceStart)).join("\n").trim();
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function redact(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  if (url.password) url.password = "***";
  return url.toString();
}
