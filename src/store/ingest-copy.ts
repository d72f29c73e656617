// The staging side of a bulk ingest (src/store/ingest-upsert.ts): validated rows go into a
// temporary table with COPY — Postgres parses tab-separated text far faster than it unpacks a
// large JSON document — and the upsert then reads them from there in one statement. The table
// lives only inside the caller's transaction (ON COMMIT DROP), so a failed batch leaves nothing.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";

/** A staging column: its name and Postgres type (the upsert's own record types). */
export interface StageColumn {
  name: string;
  type: string;
}

const NULL = "\\N";

/** Escapes text for COPY's text format (backslash, tab, newline, carriage return). */
function copyEscape(value: string): string {
  if (!/[\\\t\n\r]/.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (ch) =>
    ch === "\\" ? "\\\\" : ch === "\t" ? "\\t" : ch === "\n" ? "\\n" : "\\r",
  );
}

/** A text[] literal: every element quoted, so commas, braces and "NULL" stay text. */
function arrayLiteral(values: unknown[]): string {
  const items = values.map((v) =>
    v === null || v === undefined ? "NULL" : `"${String(v).replace(/[\\"]/g, (ch) => `\\${ch}`)}"`,
  );
  return `{${items.join(",")}}`;
}

/**
 * One value as COPY text for a column of `type`: the same value jsonb_to_recordset would have
 * read from the row's JSON (null → NULL, jsonb as its JSON text, arrays as array literals).
 */
export function copyValue(value: unknown, type: string): string {
  if (value === null || value === undefined) return NULL;
  if (type === "jsonb" || type === "json") return copyEscape(JSON.stringify(value));
  if (Array.isArray(value)) return copyEscape(arrayLiteral(value));
  if (value instanceof Date) return value.toISOString();
  return copyEscape(String(value));
}

/** A unique name per staging table in a session (a bundle may stage several entities in one transaction). */
let stageSeq = 0;

/**
 * Creates a temporary table of `columns` that is dropped at commit or rollback, and COPYs `rows`
 * (one array of values per row, in column order) into it. Must run inside a transaction on one
 * client. Returns the table's name.
 */
export async function copyIntoStage(
  client: pg.PoolClient,
  prefix: string,
  columns: StageColumn[],
  rows: unknown[][],
): Promise<string> {
  const table = `pacer_stage_${prefix.replace(/\W/g, "_")}_${++stageSeq}`;
  await client.query(
    `CREATE TEMP TABLE ${table} (${columns.map((c) => `${c.name} ${c.type}`).join(", ")}) ON COMMIT DROP`,
  );
  const sink = client.query(copyFrom(`COPY ${table} (${columns.map((c) => c.name).join(", ")}) FROM STDIN`));
  await pipeline(Readable.from(lines(columns, rows)), sink);
  return table;
}

/** COPY text in chunks of a few hundred rows (fewer, larger writes to the socket). */
function* lines(columns: StageColumn[], rows: unknown[][]): Generator<string> {
  let buf = "";
  let n = 0;
  for (const row of rows) {
    buf += `${row.map((v, i) => copyValue(v, columns[i]!.type)).join("\t")}\n`;
    if (++n % 500 === 0) {
      yield buf;
      buf = "";
    }
  }
  if (buf) yield buf;
}
