// The set-based upsert of inbound rows (src/ingest/upsert.ts parses and checks them first). It stays
// raw SQL built from the entity definitions: one INSERT … ON CONFLICT per batch, which no query
// builder or the Prisma client expresses (jsonb_to_recordset, IS DISTINCT FROM, xmax = 0).
import type pg from "pg";
import type { Sql } from "../db/client.ts";
import { LOOKUP, type EntityDef } from "../ingest/entities.ts";
import type { Counts } from "../ingest/upsert.ts";
import type { ScoringPlan } from "../kpi/scoring.ts";
import { copyIntoStage, type StageColumn } from "./ingest-copy.ts";

const q = (name: string) => `"${name}"`;

/**
 * Upserts already-validated rows in one statement; only rows whose values differ are updated
 * (values compare by value: 40000 = 40000.00, the same instant in another offset is unchanged).
 * References marked `deferred` are set afterwards by `writeDeferredRefs`.
 *
 * The rows reach the statement as one JSON parameter, or — with `copy`, a client inside the
 * caller's transaction — through a temporary staging table filled by COPY (the bulk path for large
 * batches, ./ingest-copy.ts). Either way it is the same INSERT … ON CONFLICT over the same
 * record types, so the stored values, the counts and the errors are the same.
 */
export async function upsertRows<R>(
  sql: Sql,
  def: EntityDef<R>,
  rows: R[],
  options: { copy?: pg.PoolClient } = {},
): Promise<{ counts: Counts; created: Set<string> }> {
  if (rows.length === 0) return { counts: { created: 0, updated: 0, unchanged: 0 }, created: new Set() };
  const refs = def.refs.filter((r) => !r.deferred);
  const recordCols: StageColumn[] = [
    ...def.columns.map((c, i) => ({ name: `c${i}`, type: c.type })),
    ...refs.map((_, i) => ({ name: `r${i}`, type: "text" })),
    { name: "k", type: "text" },
  ];
  let source: string;
  const params: unknown[] = [];
  if (options.copy) {
    const values = rows.map((row) => [
      ...def.columns.map((c) => c.value(row)),
      ...refs.map((r) => r.value(row)),
      def.key(row),
    ]);
    source = `SELECT * FROM ${await copyIntoStage(options.copy, def.table, recordCols, values)}`;
  } else {
    const payload = rows.map((row) => {
      const o: Record<string, unknown> = { k: def.key(row) };
      def.columns.forEach((c, i) => (o[`c${i}`] = c.value(row)));
      refs.forEach((r, i) => (o[`r${i}`] = r.value(row)));
      return o;
    });
    source = `SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(${recordCols.map((c) => `${c.name} ${c.type}`).join(", ")})`;
    params.push(JSON.stringify(payload));
  }
  const targetCols = [...def.columns.map((c) => c.column), ...refs.map((r) => r.column)];
  // An overridden reference stores the override's value when the row already has one.
  const selectExprs = [
    ...def.columns.map((_, i) => `u.c${i}`),
    ...refs.map((r, i) => (r.overriddenBy ? `COALESCE(ov${i}.${r.overriddenBy.column}, j${i}.id)` : `j${i}.id`)),
  ];
  const joins = refs.map((r, i) => {
    const t = LOOKUP[r.entity];
    const join = `LEFT JOIN ${t.table} j${i} ON j${i}.${t.column} = u.r${i}`;
    if (!r.overriddenBy) return join;
    const o = r.overriddenBy;
    return `${join} LEFT JOIN ${def.table} x${i} ON x${i}.${def.lookupColumn} = u.k LEFT JOIN ${o.table} ov${i} ON ov${i}.${o.key} = x${i}.id`;
  });
  const updatable = targetCols.filter((c) => !def.conflict.includes(c));
  const text = `
    WITH u AS (${source})
    INSERT INTO ${def.table} AS t (${targetCols.map(q).join(", ")})
    SELECT ${selectExprs.join(", ")} FROM u ${joins.join(" ")}
    -- One order for every writer, so two batches touching the same rows lock them in the same
    -- order and cannot deadlock.
    ORDER BY u.k COLLATE "C"
    ON CONFLICT (${def.conflict.map(q).join(", ")}) DO UPDATE SET
      ${updatable.map((c) => `${q(c)} = EXCLUDED.${q(c)}`).join(", ")}, updated_at = now()
    WHERE (${updatable.map((c) => `t.${q(c)}`).join(", ")}) IS DISTINCT FROM (${updatable.map((c) => `EXCLUDED.${q(c)}`).join(", ")})
    RETURNING t.id, (xmax = 0) AS created`;
  const res = await sql.query<{ id: number; created: boolean }>(text, params);
  // The fed value of an overridden reference is kept beside the override (what clearing restores);
  // a row whose only change is that fed value counts as updated.
  const touched = new Set(res.rows.map((r) => r.id));
  const sourceChanged = new Set<number>();
  for (const [i, r] of refs.entries()) {
    if (!r.overriddenBy) continue;
    const o = r.overriddenBy;
    const t = LOOKUP[r.entity];
    const changed = await sql.query<{ id: number }>(
      `WITH u AS (${source})
       UPDATE ${o.table} AS ov SET ${q(o.source)} = j.id
       FROM u JOIN ${def.table} x ON x.${def.lookupColumn} = u.k JOIN ${t.table} j ON j.${t.column} = u.r${i}
       WHERE ov.${o.key} = x.id AND ov.${q(o.source)} IS DISTINCT FROM j.id
       RETURNING ov.${o.key} AS id`,
      params,
    );
    for (const row of changed.rows) if (!touched.has(row.id)) sourceChanged.add(row.id);
  }
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
  const nUpdated = res.rows.length - nCreated + sourceChanged.size;
  return {
    counts: { created: nCreated, updated: nUpdated, unchanged: rows.length - res.rowCount! - sourceChanged.size },
    created,
  };
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

// ─── KPI plans (src/ingest/plans.ts decides what changed) ───────────────────────────────────────

export interface StoredPlanItem {
  metric: string;
  weight: string;
  gate_metric: string | null;
  gate_min: string | null;
}

/**
 * Inserts or updates a plan's own fields by key. `changed` is false when the stored row already
 * held these values (nothing written); `created` is true for a new plan.
 */
export async function upsertPlanRow(
  sql: Sql,
  plan: ScoringPlan,
): Promise<{ id: number; created: boolean; changed: boolean }> {
  const res = await sql.query<{ id: number; created: boolean }>(
    `INSERT INTO kpi_plans AS t (key, name, cap, floor) VALUES ($1, $2, $3, $4)
     ON CONFLICT (key) DO UPDATE SET name = EXCLUDED.name, cap = EXCLUDED.cap, floor = EXCLUDED.floor, updated_at = now()
     WHERE (t.name, t.cap, t.floor) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.cap, EXCLUDED.floor)
     RETURNING id, (xmax = 0) AS created`,
    [plan.key, plan.name ?? plan.key, plan.cap.toString(), plan.floor.toString()],
  );
  const row = res.rows[0];
  if (row) return { id: row.id, created: row.created, changed: true };
  const id = (await sql.query<{ id: number }>(`SELECT id FROM kpi_plans WHERE key = $1`, [plan.key])).rows[0]!.id;
  return { id, created: false, changed: false };
}

/** A stored plan's items in their order. */
export async function storedPlanItems(sql: Sql, planId: number): Promise<StoredPlanItem[]> {
  const stored = await sql.query<StoredPlanItem>(
    `SELECT metric::text, weight::text, gate_metric, gate_min::text FROM kpi_plan_items WHERE plan_id = $1 ORDER BY position`,
    [planId],
  );
  return stored.rows;
}

/** Replaces a plan's items as a whole (they are few). */
export async function replacePlanItems(sql: Sql, planId: number, items: ScoringPlan["items"]): Promise<void> {
  await sql.query(`DELETE FROM kpi_plan_items WHERE plan_id = $1`, [planId]);
  await sql.query(
    `INSERT INTO kpi_plan_items (plan_id, position, metric, weight, gate_metric, gate_min)
     SELECT $1, p, m::"Metric", w, g, gm FROM unnest($2::int[], $3::text[], $4::numeric[], $5::text[], $6::numeric[]) AS x(p, m, w, g, gm)`,
    [
      planId,
      items.map((_, i) => i),
      items.map((i) => i.metric),
      items.map((i) => i.weight.toString()),
      items.map((i) => i.gate?.metric ?? null),
      items.map((i) => i.gate?.min.toString() ?? null),
    ],
  );
}
