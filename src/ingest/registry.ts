// Every entity the feeds can write, by its ingest name, and the one function that writes a
// validated batch of it.
import type pg from "pg";
import type { z } from "zod";
import type { Sql } from "../db/client.ts";
import { planInputSchema } from "../kpi/plan.ts";
import type { ScoringPlan } from "../kpi/scoring.ts";
import { ENTITIES, type EntityDef, type EntityName } from "./entities.ts";
import { upsertPlans } from "./plans.ts";
import { upsertRows, writeDeferredRefs, type Counts } from "./upsert.ts";

export const PLAN_DEF: EntityDef<ScoringPlan> = {
  name: "plans",
  bundleKey: "plans",
  noun: "KPI plan",
  schema: planInputSchema as unknown as z.ZodType<ScoringPlan>,
  table: "kpi_plans",
  keyField: "key",
  key: (r) => r.key,
  conflict: ["key"],
  columns: [],
  refs: [],
  lookupColumn: "key",
};

export const INGEST_ENTITIES: Partial<Record<EntityName, EntityDef>> = { ...ENTITIES, plans: PLAN_DEF };

export const INGEST_ENTITY_NAMES = Object.keys(INGEST_ENTITIES).sort() as EntityName[];

export function entityDef(name: string): EntityDef | undefined {
  return Object.hasOwn(INGEST_ENTITIES, name) ? INGEST_ENTITIES[name as EntityName] : undefined;
}

/**
 * Writes validated rows of one entity. `deferLinks` leaves a team's manager/parent links to the
 * caller (a bundle sets them after its employees exist). `copy` (the transaction's client) stages
 * the rows with COPY instead of sending them as one JSON parameter: the bulk path.
 */
export async function writeRows(
  sql: Sql,
  def: EntityDef,
  rows: unknown[],
  options: { deferLinks?: boolean; copy?: pg.PoolClient } = {},
): Promise<{ counts: Counts; created: Set<string> }> {
  if (def === PLAN_DEF) return { counts: await upsertPlans(sql, rows as ScoringPlan[]), created: new Set() };
  const result = await upsertRows(sql, def, rows, options.copy ? { copy: options.copy } : {});
  if (!options.deferLinks && def.refs.some((r) => r.deferred)) {
    const changed = await writeDeferredRefs(sql, def, rows);
    const moved = [...changed].filter((k) => !result.created.has(k)).length;
    result.counts = {
      ...result.counts,
      updated: result.counts.updated + moved,
      unchanged: result.counts.unchanged - moved,
    };
  }
  return result;
}
