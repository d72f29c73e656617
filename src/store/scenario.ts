// What importing a scenario bundle writes besides the entity sections (those go through the
// ingest writers): the organization row, settings, metric → course mappings, and the replace that
// wipes an organization first. Set-based upserts that report created / updated / unchanged.
import type { Sql } from "../db/client.ts";
import { BUSINESS_TABLES, CONFIGURATION_TABLES } from "../db/tables.ts";
import { type Counts, zeroCounts } from "../ingest/upsert.ts";

/** Serializes imports: two at once would race on the same keys (cheap, imports are rare). */
export async function lockImports(sql: Sql): Promise<void> {
  await sql.query("SELECT pg_advisory_xact_lock(hashtext('pacer:import'))");
}

/** The stored organization's name, or null when the database has none yet. */
export async function loadOrganizationName(sql: Sql): Promise<string | null> {
  const res = await sql.query<{ name: string }>(`SELECT name FROM organization WHERE id = 1`);
  return res.rows[0]?.name ?? null;
}

export interface OrganizationRow {
  name: string;
  timezone: string;
  currency: string;
  defaultLocale: string;
  /** Left as stored (cn-official for a new organization) when absent. */
  calendarSource?: string | null | undefined;
  primaryPlatform?: string | null | undefined;
}

export async function upsertOrganization(sql: Sql, org: OrganizationRow): Promise<Counts> {
  const res = await sql.query<{ created: boolean }>(
    `INSERT INTO organization AS t (id, name, timezone, currency, default_locale, calendar_source, primary_platform)
     VALUES (1, $1, $2, $3, $4, COALESCE($5, 'cn-official'), $6::"ChatPlatform")
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, timezone = EXCLUDED.timezone, currency = EXCLUDED.currency,
       default_locale = EXCLUDED.default_locale,
       calendar_source = COALESCE($5, t.calendar_source), primary_platform = EXCLUDED.primary_platform, updated_at = now()
     WHERE (t.name, t.timezone, t.currency, t.default_locale, t.calendar_source, t.primary_platform)
       IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.timezone, EXCLUDED.currency, EXCLUDED.default_locale, COALESCE($5, t.calendar_source), EXCLUDED.primary_platform)
     RETURNING (xmax = 0) AS created`,
    [org.name, org.timezone, org.currency, org.defaultLocale, org.calendarSource ?? null, org.primaryPlatform ?? null],
  );
  const row = res.rows[0];
  return { created: row?.created ? 1 : 0, updated: row && !row.created ? 1 : 0, unchanged: row ? 0 : 1 };
}

export async function upsertSettings(sql: Sql, settings: Record<string, unknown>): Promise<Counts> {
  const entries = Object.entries(settings);
  if (!entries.length) return zeroCounts();
  const res = await sql.query<{ created: boolean }>(
    `INSERT INTO settings AS t (key, value)
     SELECT k, v FROM jsonb_each($1::jsonb) AS x(k, v)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now() WHERE t.value IS DISTINCT FROM EXCLUDED.value
     RETURNING (xmax = 0) AS created`,
    [JSON.stringify(settings)],
  );
  const created = res.rows.filter((r) => r.created).length;
  return { created, updated: res.rows.length - created, unchanged: entries.length - res.rows.length };
}

export async function upsertMetricCourses(
  sql: Sql,
  rows: { metric: string; courseExternalId: string }[],
): Promise<Counts> {
  if (!rows.length) return zeroCounts();
  const res = await sql.query<{ created: boolean }>(
    `INSERT INTO metric_courses AS t (metric, course_id)
     SELECT m::"Metric", c.id FROM unnest($1::text[], $2::text[]) AS x(m, ext) JOIN training_courses c ON c.external_id = x.ext
     ON CONFLICT (metric) DO UPDATE SET course_id = EXCLUDED.course_id WHERE t.course_id IS DISTINCT FROM EXCLUDED.course_id
     RETURNING (xmax = 0) AS created`,
    [rows.map((r) => r.metric), rows.map((r) => r.courseExternalId)],
  );
  const created = res.rows.filter((r) => r.created).length;
  return { created, updated: res.rows.length - created, unchanged: rows.length - res.rows.length };
}

/** Which of these training-course external ids exist. */
export async function existingCourseIds(sql: Sql, externalIds: string[]): Promise<Set<string>> {
  const res = await sql.query<{ k: string }>(
    `SELECT external_id AS k FROM training_courses WHERE external_id = ANY($1::text[])`,
    [externalIds],
  );
  return new Set(res.rows.map((r) => r.k));
}

/** Empties the business and configuration tables (a replace), in the caller's transaction. */
export async function wipeBusinessData(sql: Sql): Promise<void> {
  // TRUNCATE skips row triggers, so the immutability of closed months does not block a replace.
  await sql.query(`TRUNCATE ${[...BUSINESS_TABLES, ...CONFIGURATION_TABLES].join(", ")} RESTART IDENTITY CASCADE`);
}
