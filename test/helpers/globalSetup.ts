// Runs once per `vitest run`: builds a migrated template database that test files clone
// (CREATE DATABASE … TEMPLATE is far faster than migrating a database per file). Every database of
// the run is named with the run's prefix, and the teardown drops them all by that prefix: a file
// that failed, crashed or forgot its afterAll leaves nothing behind.
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { LOCAL_DATABASE_URL } from "../../src/config/defaults.ts";
import { migrate, quoteIdent } from "../../src/db/migrator.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** Server URL pointing at the maintenance database; test databases live on this server. */
    baseDatabaseUrl: string;
    /** Name of the migrated template database of this run. */
    templateDatabase: string;
    /** Prefix of every database this run creates (the template's included). */
    runDatabasePrefix: string;
  }
}

/**
 * Where the tests look for a server when TEST_DATABASE_URL is unset, in order: the docker-compose
 * Postgres of README "Try it" (role pacer), then a local server's default superuser (postgres).
 */
export const DEFAULT_TEST_DATABASE_URLS = [
  databaseUrl(LOCAL_DATABASE_URL, "postgres"),
  "postgresql://postgres@127.0.0.1:5432/postgres",
] as const;

/** The first URL whose server accepts a login (its maintenance database), or an error naming each attempt. */
async function firstReachable(urls: readonly string[]): Promise<string> {
  const failures: string[] = [];
  for (const url of urls) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
    try {
      await client.connect();
      return url;
    } catch (error) {
      failures.push(`${new URL(url).username}@${new URL(url).host}: ${(error as Error).message}`);
    } finally {
      await client.end().catch(() => {});
    }
  }
  throw new Error(
    `no PostgreSQL for the tests (${failures.join("; ")}). Start one (\`docker compose up -d postgres redis\`) or set TEST_DATABASE_URL.`,
  );
}

export function databaseUrl(baseUrl: string, name: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${encodeURIComponent(name)}`;
  return url.toString();
}

/** A new run's prefix, e.g. `pacer_run_mil1x2k0_3fa9c1` (the time only makes leftovers easy to date). */
export function newRunPrefix(): string {
  return `pacer_run_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
}

/** Drops every database whose name starts with `prefix`, whoever is connected; returns their names. */
export async function dropRunDatabases(baseDatabaseUrl: string, prefix: string): Promise<string[]> {
  // A guard against dropping someone else's databases (the server is shared): only a run's names.
  if (!/^pacer_run_[a-z0-9]+_[0-9a-f]+(_[a-z0-9_]+)?$/.test(prefix)) throw new Error(`not a run prefix: ${prefix}`);
  const admin = new pg.Client({ connectionString: baseDatabaseUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE starts_with(datname, $1) ORDER BY datname",
      [`${prefix}_`],
    );
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(datname)} WITH (FORCE)`);
    return rows.map((r) => r.datname);
  } finally {
    await admin.end();
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const baseDatabaseUrl = process.env.TEST_DATABASE_URL ?? (await firstReachable(DEFAULT_TEST_DATABASE_URLS));
  const runDatabasePrefix = newRunPrefix();
  const templateDatabase = `${runDatabasePrefix}_tpl`;

  const dropAll = async () => {
    await dropRunDatabases(baseDatabaseUrl, runDatabasePrefix);
  };

  try {
    await migrate(databaseUrl(baseDatabaseUrl, templateDatabase));
  } catch (err) {
    // Vitest never calls the teardown of a setup that threw: clean up here.
    await dropAll();
    throw err;
  }
  project.provide("baseDatabaseUrl", baseDatabaseUrl);
  project.provide("templateDatabase", templateDatabase);
  project.provide("runDatabasePrefix", runDatabasePrefix);
  return dropAll;
}
