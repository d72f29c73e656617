// `db:diff`: writes the next migration from the change between the schema as of the last
// migration (a snapshot kept next to the migrations) and prisma/schema.prisma. Datamodel-to-
// datamodel, so no shadow database and no introspection (which the WASM engine cannot do).
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_MIGRATIONS_DIR, migrationNames } from "./migrator.ts";
import { diffDatamodels } from "./schemaEngine.ts";

export const DEFAULT_SCHEMA_PATH = fileURLToPath(new URL("../../prisma/schema.prisma", import.meta.url));
/** The schema as of the last migration. Outside any migration directory, so `migrate deploy` ignores it. */
export const SNAPSHOT_FILE = "schema.snapshot.prisma";

export interface CreateMigrationOptions {
  name: string;
  /** Any database on the server: the engine insists on a connection but reads nothing from it. */
  databaseUrl: string;
  schemaPath?: string;
  migrationsDir?: string;
  now?: Date;
}

export type CreateMigrationResult =
  | { status: "no changes" }
  | { status: "created"; migration: string; path: string; sql: string };

export async function createMigration(opts: CreateMigrationOptions): Promise<CreateMigrationResult> {
  const migrationsDir = opts.migrationsDir ?? DEFAULT_MIGRATIONS_DIR;
  const schemaPath = opts.schemaPath ?? DEFAULT_SCHEMA_PATH;
  const name = migrationSlug(opts.name);
  const existing = await migrationNames(migrationsDir);

  const snapshotPath = join(migrationsDir, SNAPSHOT_FILE);
  let snapshot: string | null = null;
  if (existsSync(snapshotPath)) snapshot = await readFile(snapshotPath, "utf8");
  else if (existing.length > 0) {
    // Diffing from "empty" would re-create every table in the new migration.
    throw new Error(`${snapshotPath} is missing: cannot tell what the existing migrations already contain`);
  }

  const schema = await readFile(schemaPath, "utf8");
  const sql = await diffDatamodels(opts.databaseUrl, snapshot, schema);
  if (sql.trim() === "") return { status: "no changes" };

  const migration = `${nextTimestamp(opts.now ?? new Date(), existing)}_${name}`;
  const dir = join(migrationsDir, migration);
  await mkdir(dir);
  await writeFile(join(dir, "migration.sql"), sql);
  await writeFile(snapshotPath, schema);
  return { status: "created", migration, path: join(dir, "migration.sql"), sql };
}

/** "Add offer notes!" → "add_offer_notes". */
export function migrationSlug(name: string): string {
  const slug = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (!slug) throw new Error(`Invalid migration name: ${JSON.stringify(name)} (use letters, digits, underscores)`);
  return slug;
}

/**
 * UTC yyyymmddHHMMSS, bumped past the last migration if needed: migrations apply in name order,
 * so a new one must sort last even when an existing one is stamped in the future.
 */
export function nextTimestamp(now: Date, existing: string[]): string {
  let candidate = formatTimestamp(now);
  const last = existing
    .map((m) => m.slice(0, 14))
    .filter((ts) => /^\d{14}$/.test(ts))
    .sort()
    .at(-1);
  if (last && candidate <= last) candidate = formatTimestamp(new Date(parseTimestamp(last).getTime() + 1000));
  return candidate;
}

function formatTimestamp(d: Date): string {
  return d.toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

function parseTimestamp(ts: string): Date {
  const [y, mo, d, h, mi, s] = [
    ts.slice(0, 4),
    ts.slice(4, 6),
    ts.slice(6, 8),
    ts.slice(8, 10),
    ts.slice(10, 12),
    ts.slice(12, 14),
  ];
  return new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`);
}
