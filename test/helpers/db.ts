// Every test file gets its own real, migrated database, cloned from the run's template. Their names
// start with the run's prefix (globalSetup.ts), whose teardown drops whatever a file left behind.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { createDb, type Db } from "../../src/db/client.ts";
import { quoteIdent } from "../../src/db/migrator.ts";
import { databaseUrl } from "./globalSetup.ts";

export interface FreshDatabase {
  url: string;
  db: Db;
  /** Disconnects `db` and drops the database (also kicking out any connection a test leaked). */
  drop(): Promise<void>;
}

// Arbitrary key, shared by all workers of all runs on this server, that serializes template use.
const TEMPLATE_LOCK_KEY = 0x70616365722d746cn; // "pacer-tl"

/** URL of the server's maintenance database (for CREATE/DROP DATABASE). */
export function baseDatabaseUrl(): string {
  return inject("baseDatabaseUrl");
}

/**
 * A unique database name for a test, e.g. to exercise creating a database that does not exist.
 * It starts with the run's prefix, so the run's teardown drops it even if the test does not.
 */
export function uniqueDatabaseName(label = "test"): string {
  return `${inject("runDatabasePrefix")}_${label}_${randomBytes(4).toString("hex")}`;
}

/** A URL for `name` on the test server (the database need not exist). */
export function urlFor(name: string): string {
  return databaseUrl(baseDatabaseUrl(), name);
}

/** Runs `fn` with a connection to the maintenance database. */
export async function withAdmin<T>(fn: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: baseDatabaseUrl() });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}

export async function dropDatabase(name: string): Promise<void> {
  await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
}

/** Creates an empty database with nothing in it (not even migrations). */
export async function createEmptyDatabase(name: string): Promise<void> {
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${quoteIdent(name)}`));
}

export async function freshDatabase(): Promise<FreshDatabase> {
  const name = uniqueDatabaseName();
  const template = inject("templateDatabase");
  await withAdmin(async (admin) => {
    // Postgres refuses to copy a template while another session is connected to it, and two
    // concurrent copies can trip over each other's momentary connection; serialize, and retry in
    // case something outside our lock (e.g. autovacuum) is connected at that instant.
    await admin.query("SELECT pg_advisory_lock($1)", [TEMPLATE_LOCK_KEY.toString()]);
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          await admin.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template)}`);
          break;
        } catch (err) {
          const objectInUse = (err as { code?: string }).code === "55006";
          if (!objectInUse || attempt >= 20) throw err;
          await new Promise((r) => setTimeout(r, 100 * attempt));
        }
      }
    } finally {
      await admin.query("SELECT pg_advisory_unlock($1)", [TEMPLATE_LOCK_KEY.toString()]);
    }
  });

  const url = urlFor(name);
  const db = createDb(url, { max: 4 });
  return {
    url,
    db,
    async drop() {
      await db.$disconnect();
      await dropDatabase(name);
    },
  };
}
