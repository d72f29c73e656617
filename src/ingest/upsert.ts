// The one write path for inbound rows: parse → check references → upsert, with every problem
// reported per row. Callers run `writeRows` inside a transaction and only after `validateRows`
// found nothing wrong, so a batch is written whole or not at all.
import type { z } from "zod";
import type { Sql } from "../db/client.ts";
import { LOOKUP, type EntityDef, type EntityName } from "./entities.ts";

export interface RowError {
  entity: string;
  index: number;
  externalId: string | null;
  field: string | null;
  message: string;
}

export interface Counts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface ParsedRow<R> {
  index: number;
  row: R;
}

export const zeroCounts = (): Counts => ({ created: 0, updated: 0, unchanged: 0 });

export function addCounts(a: Counts, b: Counts): Counts {
  return { created: a.created + b.created, updated: a.updated + b.updated, unchanged: a.unchanged + b.unchanged };
}

/** Parses raw rows with the entity's schema; reports every bad field and duplicate key. */
export function parseRows<R>(def: EntityDef<R>, raw: unknown[]): { rows: ParsedRow<R>[]; errors: RowError[] } {
  const rows: ParsedRow<R>[] = [];
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  raw.forEach((item, index) => {
    const rawKey = item && typeof item === "object" ? (item as Record<string, unknown>)[def.keyField] : undefined;
    const externalId = typeof rawKey === "string" ? rawKey : null;
    if (!item || typeof item !== "object" || Array.isArray(item)) {
      errors.push({
        entity: def.name,
        index,
        externalId: null,
        field: null,
        message: `must be an object with the ${def.noun}'s fields`,
      });
      return;
    }
    const hostile = checkRawValue(item);
    if (hostile) {
      errors.push({ entity: def.name, index, externalId, ...hostile });
      return;
    }
    const result = def.schema.safeParse(item);
    if (!result.success) {
      for (const issue of result.error.issues)
        errors.push({ entity: def.name, index, externalId, ...describeIssue(issue) });
      return;
    }
    const key = def.key(result.data);
    const first = seen.get(key);
    if (first !== undefined) {
      errors.push({
        entity: def.name,
        index,
        externalId,
        field: def.keyField,
        message: `duplicate ${def.noun} ${JSON.stringify(key)} in this batch (first at index ${first})`,
      });
      return;
    }
    seen.set(key, index);
    rows.push({ index, row: result.data });
  });
  return { rows, errors };
}

/** Deepest nesting a row may have (a job opening's keyword synonyms are 5 levels down). */
export const MAX_ROW_DEPTH = 8;
/** Longest string anywhere in a row (a candidate's resume text is the longest field). */
export const MAX_STRING_LENGTH = 100_000;
/** Names that would reach an object's prototype if any code ever copied the row by key. */
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);
// A NUL (Postgres text cannot hold it) or a UTF-16 surrogate without its pair (not Unicode).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function badString(s: string): string | null {
  if (s.length > MAX_STRING_LENGTH) return `is longer than ${MAX_STRING_LENGTH} characters`;
  if (s.includes("\u0000")) return "must not contain NUL characters (U+0000)";
  if (LONE_SURROGATE.test(s)) return "must be valid Unicode (it holds a lone surrogate)";
  return null;
}

/**
 * Structural checks every raw row passes before its schema sees it, whatever the entity and format:
 * bounded depth and string length, no NUL or lone surrogate in any key or value, no prototype-ish
 * keys. Iterative, so a value nested 100,000 deep is refused without exhausting the stack.
 */
export function checkRawValue(row: unknown): { field: string | null; message: string } | null {
  const stack: { value: unknown; path: string[]; depth: number }[] = [{ value: row, path: [], depth: 0 }];
  while (stack.length) {
    const { value, path, depth } = stack.pop()!;
    const field = path.length ? path.join(".") : null;
    if (typeof value === "string") {
      const bad = badString(value);
      if (bad) return { field, message: bad };
      continue;
    }
    if (value === null || typeof value !== "object") continue;
    if (depth >= MAX_ROW_DEPTH) return { field, message: `is nested more than ${MAX_ROW_DEPTH} levels deep` };
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    for (const [key, child] of entries) {
      const keyProblem = FORBIDDEN_KEYS.has(key) ? "is not an allowed field name" : badString(key);
      if (keyProblem) return { field: [...path, JSON.stringify(key)].join("."), message: keyProblem };
      stack.push({ value: child, path: [...path, key], depth: depth + 1 });
    }
  }
  return null;
}

function describeIssue(issue: z.core.$ZodIssue): { field: string | null; message: string } {
  if (issue.code === "unrecognized_keys") {
    const at = issue.path.length ? `${issue.path.map(String).join(".")}.` : "";
    return {
      field: issue.keys.map((k) => at + k).join(", "),
      message: `unknown field${issue.keys.length > 1 ? "s" : ""}`,
    };
  }
  const field = issue.path.length ? issue.path.map(String).join(".") : null;
  const message =
    issue.code === "invalid_type" && /received undefined/.test(issue.message) ? "is required" : issue.message;
  return { field, message };
}

/**
 * Checks that every reference names a row that exists in the database or is `declared` earlier
 * in the same batch/bundle (keys per entity).
 */
export async function checkReferences<R>(
  sql: Sql,
  def: EntityDef<R>,
  rows: ParsedRow<R>[],
  declared: Map<EntityName, Set<string>>,
): Promise<RowError[]> {
  const errors: RowError[] = [];
  for (const ref of def.refs) {
    const wanted = new Set<string>();
    for (const { row } of rows) {
      const v = ref.value(row);
      if (v !== null && !declared.get(ref.entity)?.has(v)) wanted.add(v);
    }
    const found = new Set<string>();
    if (wanted.size) {
      const target = LOOKUP[ref.entity];
      const res = await sql.query<{ k: string }>(
        `SELECT ${target.column} AS k FROM ${target.table} WHERE ${target.column} = ANY($1::text[])`,
        [[...wanted]],
      );
      for (const r of res.rows) found.add(r.k);
    }
    for (const { index, row } of rows) {
      const v = ref.value(row);
      if (v !== null && wanted.has(v) && !found.has(v)) {
        const raw = row as Record<string, unknown>;
        errors.push({
          entity: def.name,
          index,
          externalId: typeof raw[def.keyField] === "string" ? (raw[def.keyField] as string) : null,
          field: ref.field,
          message: `unknown ${LOOKUP[ref.entity].noun} ${JSON.stringify(v)} (not in this batch nor in the database)`,
        });
      }
    }
  }
  return errors;
}

const q = (name: string) => `"${name}"`;

/**
 * Upserts already-validated rows in one statement; only rows whose values differ are updated
 * (values compare by value: 40000 = 40000.00, the same instant in another offset is unchanged).
 * References marked `deferred` are set afterwards by `writeDeferredRefs`.
 */
export async function upsertRows<R>(
  sql: Sql,
  def: EntityDef<R>,
  rows: R[],
): Promise<{ counts: Counts; created: Set<string> }> {
  if (rows.length === 0) return { counts: zeroCounts(), created: new Set() };
  const refs = def.refs.filter((r) => !r.deferred);
  const recordCols = [...def.columns.map((c, i) => `c${i} ${c.type}`), ...refs.map((_, i) => `r${i} text`), "k text"];
  const payload = rows.map((row) => {
    const o: Record<string, unknown> = { k: def.key(row) };
    def.columns.forEach((c, i) => (o[`c${i}`] = c.value(row)));
    refs.forEach((r, i) => (o[`r${i}`] = r.value(row)));
    return o;
  });
  const targetCols = [...def.columns.map((c) => c.column), ...refs.map((r) => r.column)];
  const selectExprs = [...def.columns.map((_, i) => `u.c${i}`), ...refs.map((_, i) => `j${i}.id`)];
  const joins = refs.map((r, i) => {
    const t = LOOKUP[r.entity];
    return `LEFT JOIN ${t.table} j${i} ON j${i}.${t.column} = u.r${i}`;
  });
  const updatable = targetCols.filter((c) => !def.conflict.includes(c));
  const text = `
    WITH u AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(${recordCols.join(", ")}))
    INSERT INTO ${def.table} AS t (${targetCols.map(q).join(", ")})
    SELECT ${selectExprs.join(", ")} FROM u ${joins.join(" ")}
    -- One order for every writer, so two batches touching the same rows lock them in the same
    -- order and cannot deadlock.
    ORDER BY u.k COLLATE "C"
    ON CONFLICT (${def.conflict.map(q).join(", ")}) DO UPDATE SET
      ${updatable.map((c) => `${q(c)} = EXCLUDED.${q(c)}`).join(", ")}, updated_at = now()
    WHERE (${updatable.map((c) => `t.${q(c)}`).join(", ")}) IS DISTINCT FROM (${updatable.map((c) => `EXCLUDED.${q(c)}`).join(", ")})
    RETURNING t.id, (xmax = 0) AS created`;
  const res = await sql.query<{ id: number; created: boolean }>(text, [JSON.stringify(payload)]);
  const createdIds = res.rows.filter((r) => r.created).map((r) => r.id);
  const created = new Set<string>();
  if (createdIds.length && def.refs.some((r) => r.deferred)) {
    const keys = await sql.query<{ k: string }>(
      `SELECT ${def.lookupColumn} AS k FROM ${def.table} WHERE id = ANY($1::int[])`,
      [createdIds],
    );
    for (const r of keys.rows) created.add(r.k);
  }
  const nCreated = createdIds.length;
  const nUpdated = res.rows.length - nCreated;
  return { counts: { created: nCreated, updated: nUpdated, unchanged: rows.length - res.rowCount! }, created };
}

/**
 * Sets deferred references (a team's manager and parent) once every row of the batch exists.
 * Returns the keys of rows it changed.
 */
export async function writeDeferredRefs<R>(sql: Sql, def: EntityDef<R>, rows: R[]): Promise<Set<string>> {
  const refs = def.refs.filter((r) => r.deferred);
  const changed = new Set<string>();
  if (!refs.length || !rows.length) return changed;
  const payload = rows.map((row) => {
    const o: Record<string, unknown> = { k: def.key(row) };
    refs.forEach((r, i) => (o[`r${i}`] = r.value(row)));
    return o;
  });
  const joins = refs.map((r, i) => {
    const t = LOOKUP[r.entity];
    return `LEFT JOIN ${t.table} j${i} ON j${i}.${t.column} = u.r${i}`;
  });
  const text = `
    WITH u AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(k text, ${refs.map((_, i) => `r${i} text`).join(", ")})),
    v AS (SELECT u.k, ${refs.map((_, i) => `j${i}.id AS v${i}`).join(", ")} FROM u ${joins.join(" ")})
    UPDATE ${def.table} AS t SET ${refs.map((r, i) => `${q(r.column)} = v.v${i}`).join(", ")}, updated_at = now()
    FROM v WHERE t.${def.lookupColumn} = v.k
      AND (${refs.map((r) => `t.${q(r.column)}`).join(", ")}) IS DISTINCT FROM (${refs.map((_, i) => `v.v${i}`).join(", ")})
    RETURNING t.${def.lookupColumn} AS k`;
  const res = await sql.query<{ k: string }>(text, [JSON.stringify(payload)]);
  for (const r of res.rows) changed.add(r.k);
  return changed;
}
