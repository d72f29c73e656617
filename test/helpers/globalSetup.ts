// Runs once per `vitest run`: builds a migrated template database that test files clone
// (CREATE DATABASE … TEMPLATE is far faster than migrating a database per file).
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { migrate, quoteIdent } from "../../src/db/migrator.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** Server URL pointing at the maintenance database; test databases live on this server. */
    baseDatabaseUrl: string;
    /** Name of the migrated template database of this run. */
    templateDatabase: string;
  }
}

export const DEFAULT_TEST_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

export function databaseUrl(baseUrl: string, name: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${encodeURIComponent(name)}`;
  return url.toString();
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const baseDatabaseUrl = process.env.TEST_DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL;
  const templateDatabase = `pacer_tpl_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;

  const dropTemplate = async () => {
    const admin = new pg.Client({ connectionString: baseDatabaseUrl });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(templateDatabase)} WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  };

  try {
    await migrate(databaseUrl(baseDatabaseUrl, templateDatabase));
  } catch (err) {
    // Vitest never calls the teardown of a setup that threw: clean up here.
    await dropTemplate();
    throw err;
  }
  project.provide("baseDatabaseUrl", baseDatabaseUrl);
  project.provide("templateDatabase", templateDatabase);
  return dropTemplate;
}
