// The one write path for inbound rows: parse → check references → upsert, with every problem
// reported per row. Callers run `writeRows` inside a transaction and only after `validateRows`
// found nothing wrong, so a batch is written whole or not at all.
import type { z } from "zod";
import type { Sql } from "../db/client.ts";
import { existingKeys } from "../store/ingest-checks.ts";
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
      for (const k of await existingKeys(sql, target.table, target.column, [...wanted])) found.add(k);
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

// The set-based writes are SQL, so they live in the store (src/store/ingest-upsert.ts).
export { upsertRows, writeDeferredRefs } from "../store/ingest-upsert.ts";
