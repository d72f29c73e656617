// Writes a DemoWorld into Postgres with COPY, in ONE transaction: either every table is loaded or
// nothing is. A database that already holds business data is refused unless `replace` is set, in
// which case the business tables are truncated first — inside the same transaction, so a failed
// replace leaves the old data in place.
import { PacerError } from "../errors.ts";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { demoTables, teamManagers, type TableSpec } from "../demo/tables.ts";
import type { DemoWorld } from "../demo/world.ts";
import { BUSINESS_TABLES } from "../db/tables.ts";

/**
 * Tables that hold an organization's business data: what `replace` wipes and what must be empty
 * otherwise. Kept: the migration history, API keys, processed-event ids, the calendar, settings and
 * the audit log (which records this load).
 */
export { BUSINESS_TABLES };

/**
 * The bulk tables whose foreign keys are set aside during COPY and put back (and so re-validated
 * against every row) before commit. Checking a million rows' keys row by row through the RI
 * triggers was the largest cost of the load; one validating join per constraint is far cheaper,
 * and the end state is the same constraints, checked against all rows. See docs/BENCHMARKS.md.
 */
const DEFERRED_FK_TABLES = ["customers", "orders", "payments", "ratings", "leads", "targets"] as const;

/** The tables whose roll-up triggers are off during the load (rebuilt in one pass instead). */
const ROLLUP_TRIGGER_TABLES = ["orders", "payments", "ratings", "leads"] as const;

/** Serializes demo loads on one server (an arbitrary key: "pacer-dd"). */
const LOAD_LOCK_KEY = 0x70616365722d6464n;

export interface LoadOptions {
  databaseUrl: string;
  /** Wipe the business tables first (in the same transaction) instead of refusing a non-empty database. */
  replace?: boolean;
  /** Called after each table is loaded. */
  onTable?: (table: string, rows: number, ms: number) => void;
  /** Extra details stored in the audit log entry (e.g. the CLI arguments). */
  audit?: Record<string, unknown>;
  /**
   * Test-only: raw COPY lines appended to a table's stream, e.g. a payment pointing at a missing
   * order, to prove that a failure mid-load leaves nothing behind.
   */
  testHooks?: { extraLines?: Partial<Record<string, string[]>> };
}

export interface LoadResult {
  /** Rows written per table, in load order. */
  counts: Record<string, number>;
  /** Milliseconds per step (each table, plus "sequences", "analyze", "commit"). */
  timings: Record<string, number>;
  elapsedMs: number;
}

/** The database is not empty (and `replace` was not asked for) or is not migrated. */
export class DemoDataError extends PacerError {
  static override readonly code = "demo.refused";
  static override readonly userMessage = {
    "zh-CN": "无法加载演示数据（数据库非空或未迁移）。",
    en: "The demo data cannot be loaded: the database is not empty or not migrated.",
  };
  override name = "DemoDataError";
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Groups small chunks into ~256 KiB writes (one CopyData message each). */
function* batched(chunks: Iterable<string>, extra: string[] | undefined): Generator<string> {
  let buf = "";
  for (const chunk of chunks) {
    buf += chunk;
    if (buf.length >= 1 << 18) {
      yield buf;
      buf = "";
    }
  }
  for (const line of extra ?? []) buf += line.endsWith("\n") ? line : `${line}\n`;
  if (buf.length > 0) yield buf;
}

async function copyTable(client: pg.Client, spec: TableSpec, extra: string[] | undefined): Promise<number> {
  const sql = `COPY ${ident(spec.table)} (${spec.columns.map(ident).join(", ")}) FROM STDIN`;
  const sink = client.query(copyFrom(sql));
  await pipeline(Readable.from(batched(spec.chunks(), extra)), sink);
  return sink.rowCount;
}

/** Loads `world` into the database at `databaseUrl`. Throws DemoDataError when it refuses. */
export async function loadDemoData(world: DemoWorld, options: LoadOptions): Promise<LoadResult> {
  const started = performance.now();
  const timings: Record<string, number> = {};
  const counts: Record<string, number> = {};
  const client = new pg.Client({ connectionString: options.databaseUrl, application_name: "pacer demo-data" });
  await client.connect();
  let committed = false;
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock($1)", [LOAD_LOCK_KEY.toString()]);

    const existing = await client.query<{ name: string; present: boolean }>(
      "SELECT name, to_regclass(format('public.%I', name)) IS NOT NULL AS present FROM unnest($1::text[]) AS name",
      [[...BUSINESS_TABLES]],
    );
    const missing = existing.rows.filter((r) => !r.present).map((r) => r.name);
    if (missing.length > 0)
      throw new DemoDataError(
        `the database is not migrated (missing tables: ${missing.join(", ")}); run \`npm run db:migrate\` first`,
      );

    // Lock everything we touch, then look: nobody can slip rows in between the check and the load.
    const tables = BUSINESS_TABLES.map(ident).join(", ");
    await client.query(`LOCK TABLE ${tables} IN ACCESS EXCLUSIVE MODE`);
    const probe = BUSINESS_TABLES.map(
      (t) => `SELECT ${pg.escapeLiteral(t)} AS name WHERE EXISTS (SELECT 1 FROM ${ident(t)})`,
    ).join(" UNION ALL ");
    const nonEmpty = (await client.query<{ name: string }>(probe)).rows.map((r) => r.name);
    if (nonEmpty.length > 0 && !options.replace)
      throw new DemoDataError(
        `the database already holds data (non-empty: ${nonEmpty.length > 6 ? `${nonEmpty.slice(0, 6).join(", ")} and ${nonEmpty.length - 6} more` : nonEmpty.join(", ")}); ` +
          "refusing to mix demo data into it. Use --replace to wipe the business data and load the demo instead.",
      );
    // The generator writes the orders' payment and rating roll-ups itself; the triggers that keep
    // them would re-read every order's payments and ratings (minutes at a million orders), and the
    // per-day roll-ups are built in one pass at the end instead. The triggers are back on when this
    // transaction commits, and never off for anyone else (the tables are locked).
    for (const table of ROLLUP_TRIGGER_TABLES) await client.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
    let t = performance.now();
    if (nonEmpty.length > 0) await client.query(`TRUNCATE ${tables} RESTART IDENTITY CASCADE`);
    timings.truncate = performance.now() - t;

    // Set the bulk tables' foreign keys aside (exact definitions kept) until the rows are in.
    t = performance.now();
    const fks = (
      await client.query<{ tbl: string; name: string; def: string }>(
        `SELECT conrelid::regclass::text AS tbl, conname AS name, pg_get_constraintdef(oid) AS def
           FROM pg_constraint
          WHERE contype = 'f' AND conrelid = ANY($1::regclass[])
          ORDER BY conrelid::regclass::text, conname`,
        [[...DEFERRED_FK_TABLES]],
      )
    ).rows;
    for (const fk of fks) await client.query(`ALTER TABLE ${fk.tbl} DROP CONSTRAINT ${ident(fk.name)}`);
    timings.dropForeignKeys = performance.now() - t;

    const managers = teamManagers(world);
    for (const spec of demoTables(world)) {
      t = performance.now();
      counts[spec.table] = await copyTable(client, spec, options.testHooks?.extraLines?.[spec.table]);
      timings[spec.table] = performance.now() - t;
      options.onTable?.(spec.table, counts[spec.table] ?? 0, timings[spec.table] ?? 0);
      if (spec.table === "employees" && managers.length > 0) {
        await client.query(
          "UPDATE teams AS t SET manager_id = u.manager_id FROM unnest($1::int[], $2::int[]) AS u(id, manager_id) WHERE t.id = u.id",
          [managers.map((m) => m[0]), managers.map((m) => m[1])],
        );
      }
    }

    // Put the foreign keys back: each ADD CONSTRAINT validates every row, so a dangling reference
    // fails the load here and the transaction rolls back.
    t = performance.now();
    for (const fk of fks) await client.query(`ALTER TABLE ${fk.tbl} ADD CONSTRAINT ${ident(fk.name)} ${fk.def}`);
    timings.foreignKeys = performance.now() - t;

    // What the disabled triggers would have kept (migration metric_rollups; the generator wrote
    // each order's paid-in-full moment): the per-day roll-ups in the organization's time zone.
    t = performance.now();
    await client.query(
      "SELECT pacer_rebuild_metric_rollups(COALESCE((SELECT timezone FROM organization WHERE id = 1), pacer_rollup_zone()))",
    );
    timings.rollups = performance.now() - t;
    for (const table of ROLLUP_TRIGGER_TABLES) await client.query(`ALTER TABLE ${table} ENABLE TRIGGER USER`);

    // We chose the ids; move every sequence past them so later inserts (Prisma, imports) work.
    t = performance.now();
    const withId = await client.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.columns
        WHERE table_schema = 'public' AND column_name = 'id' AND table_name = ANY($1::text[])`,
      [Object.keys(counts)],
    );
    for (const { table_name } of withId.rows) {
      await client.query(
        `SELECT setval(seq, COALESCE((SELECT max(id) FROM ${ident(table_name)}), 0) + 1, false)
           FROM pg_get_serial_sequence($1, 'id') AS seq WHERE seq IS NOT NULL`,
        [ident(table_name)],
      );
    }
    timings.sequences = performance.now() - t;

    await client.query(
      "INSERT INTO audit_log (actor, action, entity, details) VALUES ('cli:demo-data', 'demo_data.load', 'organization', $1)",
      [
        JSON.stringify({
          seed: world.seed,
          reps: world.reps,
          months: world.months,
          now: new Date(world.nowMs).toISOString(),
          replace: Boolean(options.replace),
          counts,
          ...options.audit,
        }),
      ],
    );

    t = performance.now();
    const rollupTables = ["metric_days", "metric_customer_days", "metric_customer_months", "customer_first_orders"];
    await client.query(`ANALYZE ${[...Object.keys(counts), ...rollupTables].map(ident).join(", ")}`);
    timings.analyze = performance.now() - t;

    t = performance.now();
    await client.query("COMMIT");
    committed = true;
    timings.commit = performance.now() - t;
    return { counts, timings, elapsedMs: performance.now() - started };
  } finally {
    if (!committed) await client.query("ROLLBACK").catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}
