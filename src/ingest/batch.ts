// One batch of one entity from a feed (ingest API, `pacer import`): validated whole, then written in
// one transaction — all of it or nothing. Concurrent batches on the same rows are serialized by
// the rows' locks (taken in key order) and retried here on a deadlock or serialization failure,
// so the client never sees one.
import { PacerError } from "../errors.ts";
import type pg from "pg";
import type { z } from "zod";
import { inTransaction } from "../db/client.ts";
import type { EntityName } from "./entities.ts";
import type { teamRow } from "./entities.ts";
import { invalidateConfig } from "../db/config-cache.ts";
import { entityDef, INGEST_ENTITY_NAMES, PLAN_DEF, writeRows } from "./registry.ts";
import { checkApplicationPairs } from "./application-pairs.ts";
import { checkPaymentTotals } from "./payment-totals.ts";
import { checkTeamCycles } from "./team-tree.ts";
import { checkReferences, parseRows, zeroCounts, type Counts, type ParsedRow, type RowError } from "./upsert.ts";

export class UnknownEntityError extends PacerError {
  static override readonly code = "ingest.unknown_entity";
  static override readonly userMessage = {
    "zh-CN": "没有这种数据类型可导入。",
    en: "There is no such kind of data to ingest.",
  };
  static override readonly httpStatus = 404;
  constructor(readonly entity: string) {
    super(`unknown entity ${JSON.stringify(entity)}; one of: ${INGEST_ENTITY_NAMES.join(", ")}`);
    this.name = "UnknownEntityError";
  }
}

export class IngestError extends PacerError {
  static override readonly code = "ingest.invalid_rows";
  static override readonly userMessage = {
    "zh-CN": "这批数据中有无效的行，未写入任何数据。",
    en: "The batch has invalid rows; nothing was written.",
  };
  static override readonly httpStatus = 422;
  constructor(
    readonly entity: string,
    readonly errors: RowError[],
  ) {
    super(`${errors.length} invalid row${errors.length === 1 ? "" : "s"} in the ${entity} batch; nothing was written`);
    this.name = "IngestError";
  }
}

export const MAX_BATCH_ROWS = 10_000;

/**
 * From this many rows a batch is staged with COPY and upserted from the staging table (one
 * statement either way); below it the rows travel as one JSON parameter, which costs less than
 * creating the staging table. Measured in docs/BENCHMARKS.md ("Ingest: bulk path").
 */
export const DEFAULT_BULK_THRESHOLD = 2_500;

export interface IngestOptions {
  /** Rows from which the COPY path is taken (1: always; above MAX_BATCH_ROWS: never). */
  bulkThreshold?: number;
}

const RETRYABLE = new Set(["40P01", "40001"]);
/** Entities the config cache also keeps (who is scored, targets, goals, viewers, courses). */
const CACHED = new Set(["teams", "employees", "targets", "team-goals", "training-courses"]);
/**
 * numeric_value_out_of_range, character_not_in_repertoire, untranslatable_character,
 * datetime_field_overflow, unique_violation (a race with another batch the checks could not see).
 */
const STORAGE_REFUSED = new Set(["22003", "22021", "22P05", "22008", "23505"]);

export async function ingestBatch(
  pool: pg.Pool,
  entity: string,
  raw: unknown[],
  options: IngestOptions = {},
): Promise<Counts> {
  const def = entityDef(entity);
  if (!def) throw new UnknownEntityError(entity);
  if (raw.length > MAX_BATCH_ROWS)
    throw new IngestError(entity, [
      {
        entity,
        index: -1,
        externalId: null,
        field: null,
        message: `a batch holds at most ${MAX_BATCH_ROWS} rows (got ${raw.length}); split it`,
      },
    ]);
  if (raw.length === 0) return zeroCounts();

  const { rows, errors } = parseRows(def, raw);
  const keyField = def.lookupColumn === "key" ? "key" : "externalId";
  // A batch may reference its own rows (a team's parent team in the same batch).
  const declared = new Map<EntityName, Set<string>>([
    [def.name, new Set(rows.map((r) => String((r.row as Record<string, unknown>)[keyField])))],
  ]);
  errors.push(...(await checkReferences(pool, def, rows, declared)));
  if (def.name === "teams")
    errors.push(...(await checkTeamCycles(pool, rows as ParsedRow<z.output<typeof teamRow>>[])));
  if (def.name === "payments") errors.push(...(await checkPaymentTotals(pool, rows as ParsedRow<never>[])));
  if (def.name === "applications") errors.push(...(await checkApplicationPairs(pool, rows as ParsedRow<never>[])));
  if (errors.length)
    throw new IngestError(
      entity,
      errors.sort((a, b) => a.index - b.index),
    );

  const bulk = rows.length >= (options.bulkThreshold ?? DEFAULT_BULK_THRESHOLD);
  for (let attempt = 1; ; attempt++) {
    try {
      const { counts } = await inTransaction(pool, (client) =>
        writeRows(
          client,
          def,
          rows.map((r) => r.row),
          bulk ? { copy: client } : {},
        ),
      );
      // Kept in process (plans; who is scored, their targets and goals): this process reads its own
      // write at once (the others hear the NOTIFY).
      if ((def === PLAN_DEF || CACHED.has(def.name)) && (counts.created || counts.updated)) invalidateConfig(pool);
      return counts;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code && RETRYABLE.has(code) && attempt < 5) {
        await new Promise((r) => setTimeout(r, 20 * attempt + Math.random() * 30));
        continue;
      }
      // A value the checks above let through but Postgres cannot store (a concurrent batch pushed
      // an order's paid total over): still the client's data, so a 422, with nothing written.
      if (code && STORAGE_REFUSED.has(code))
        throw new IngestError(entity, [
          {
            entity,
            index: -1,
            externalId: null,
            field: null,
            message: `a value is out of the range the database stores (${code}); nothing was written`,
          },
        ]);
      throw error;
    }
  }
}
