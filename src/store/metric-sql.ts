// The raw ingredients of the 12 metrics, aggregated in Postgres for a set of salespeople in one
// statement (one person, a team or the whole organization). Ratios come back as numerator and
// denominator so the engine divides exactly (src/kpi/actuals.ts); money comes back as numeric text.
//
// Window: [from, to) — a whole period, or [start of period, as-of instant) for progress.
// Definitions: docs/KPI-RULES.md "The twelve metrics"; the rows behind each in store/metric-rows.ts.
import pg from "pg";
import { z } from "zod";
import { hasJitOff, type Sql } from "../db/client.ts";
import { ROLLUP_METRICS_SQL } from "./metric-rollup-sql.ts";

export interface MetricWindow {
  /** Start of the period (inclusive). */
  from: Date;
  /** End of the window (exclusive): the period's end, or the as-of instant. */
  to: Date;
  /** Start of the previous period (for retention). */
  previousFrom: Date;
  /** Local date (YYYY-MM-DD) of `to`: orders due before it are overdue at `to`. */
  overdueBefore: string;
  timezone: string;
}

const dec = z.string().regex(/^-?\d+(\.\d+)?$/);
const int = z.coerce.number().int().nonnegative();

export const rawMetricsRow = z.object({
  employee_id: z.number().int(),
  booked_revenue: dec,
  collected_revenue: dec,
  shipments: int,
  gross_profit: dec,
  new_customers: int,
  repurchase_num: int,
  repurchase_den: int,
  retention_num: int,
  retention_den: int,
  conversion_num: int,
  conversion_den: int,
  collection_days_sum: int,
  collection_days_n: int,
  rating_sum: int,
  rating_n: int,
  overdue_receivables: dec,
});
export type RawMetrics = z.infer<typeof rawMetricsRow>;

// Read from the per-day roll-ups plus the window's partial days (store/metric-rollup-sql.ts); held
// equal to the rules read literally by a property test. The explain lists rows (store/metric-rows.ts).
export const METRICS_SQL = ROLLUP_METRICS_SQL;

/** The statement's parameters for `employeeIds` over `window` (also used by the benchmark's EXPLAIN). */
export function metricParams(employeeIds: number[], window: MetricWindow): unknown[] {
  return [employeeIds, window.from, window.to, window.previousFrom, window.overdueBefore, window.timezone];
}

/**
 * Runs `text` with JIT compilation off. The statement is big, so for a team or more its estimated
 * cost passes the server's default jit_above_cost, and compiling it took longer than running it
 * (about 1 s for 50 people, 1.8 s for the whole organization; docs/BENCHMARKS.md). The setting is
 * local to a transaction: on a pool the statement gets its own; on a client (possibly inside the
 * caller's transaction) the previous value is put back afterwards.
 */
export async function queryWithoutJit(
  sql: Sql,
  text: string,
  params: unknown[],
  options: { prepareAs?: string } = {},
): Promise<pg.QueryResult> {
  const query: pg.QueryConfig = { text, values: params, ...(options.prepareAs ? { name: options.prepareAs } : {}) };
  // Pools from openDatabase set it per session: nothing to do per statement.
  if (hasJitOff(sql)) return sql.query(query);
  if (sql instanceof pg.Pool) {
    const client = await sql.connect();
    try {
      await client.query("BEGIN READ ONLY; SET LOCAL jit = off");
      const res = await client.query(query);
      await client.query("COMMIT");
      return res;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }
  const before = await sql.query<{ jit: string }>(
    "SELECT current_setting('jit') AS jit, set_config('jit', 'off', true)",
  );
  // On an error the caller's transaction is aborted (and its settings with it): nothing to restore.
  const res = await sql.query(query);
  await sql.query("SELECT set_config('jit', $1, true)", [before.rows[0]?.jit ?? "on"]);
  return res;
}

/**
 * Up to this many people (a team, or a few) the statement runs prepared, once per connection: for
 * a team, planning it (2–3 ms) cost a third of running it, and Postgres' generic plan for a
 * handful of owners is the plan it would pick each time. Larger sets (a branch, the whole
 * organization) are planned for their size.
 */
const PREPARED_UP_TO = 100;

/** Raw metric ingredients for each of `employeeIds` over `window` (one row each, in id order). */
export async function queryRawMetrics(sql: Sql, employeeIds: number[], window: MetricWindow): Promise<RawMetrics[]> {
  return (await queryMetrics(sql, employeeIds, window, false)).rows;
}

/**
 * As queryRawMetrics, and the data freshness (the time of the newest ingested row) in the same
 * round trip: an answer that shows it reads both, and its other inputs come from the cache.
 */
export async function queryRawMetricsAndFreshness(
  sql: Sql,
  employeeIds: number[],
  window: MetricWindow,
): Promise<{ rows: RawMetrics[]; freshness: Date | null }> {
  return queryMetrics(sql, employeeIds, window, true);
}

async function queryMetrics(
  sql: Sql,
  employeeIds: number[],
  window: MetricWindow,
  freshness: boolean,
): Promise<{ rows: RawMetrics[]; freshness: Date | null }> {
  if (employeeIds.length === 0) {
    if (!freshness) return { rows: [], freshness: null };
    const res = await sql.query<{ freshness: Date | null }>({
      name: "pacer_freshness",
      text: `SELECT ${FRESHNESS_SQL} AS freshness`,
    });
    return { rows: [], freshness: res.rows[0]?.freshness ?? null };
  }
  const small = employeeIds.length <= PREPARED_UP_TO;
  const prepared = small ? { prepareAs: freshness ? "pacer_kpi_metrics_fresh" : "pacer_kpi_metrics" } : {};
  const res = await queryWithoutJit(
    sql,
    freshness ? freshMetricsText() : METRICS_SQL,
    metricParams(employeeIds, window),
    prepared,
  );
  return {
    rows: res.rows.map((r) => rawMetricsRow.parse(r)),
    freshness: freshness
      ? ((res.rows[0] as { data_freshness: Date | null } | undefined)?.data_freshness ?? null)
      : null,
  };
}

/** Time of the newest ingested business row (the "data freshness" shown on cards). */
export const FRESHNESS_SQL = `GREATEST((SELECT max(updated_at) FROM orders), (SELECT max(updated_at) FROM payments),
  (SELECT max(updated_at) FROM leads), (SELECT max(updated_at) FROM ratings))`;

// The statement with the freshness as one more column: an uncorrelated subquery, run once.
let freshMetrics: string | undefined;
const freshMetricsText = () => {
  if (freshMetrics) return freshMetrics;
  const at = METRICS_SQL.lastIndexOf("\nFROM emp\n");
  if (at < 0) throw new Error("metric statement: no final FROM emp");
  freshMetrics = `${METRICS_SQL.slice(0, at)},\n  ${FRESHNESS_SQL} AS data_freshness${METRICS_SQL.slice(at)}`;
  return freshMetrics;
};
