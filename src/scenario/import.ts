// `pacer import-scenario`: a whole bundle in dependency order, in one transaction. Everything is
// validated first (schema, references to the database or to the bundle itself, duplicates); one
// bad row anywhere means nothing is written and every problem is reported.
import { PacerError } from "../errors.ts";
import type pg from "pg";
import type { z } from "zod";
import { inTransaction, type Sql } from "../db/client.ts";
import { invalidateConfig } from "../db/config-cache.ts";
import { ENTITIES, type teamRow, type EntityDef, type EntityName } from "../ingest/entities.ts";
import { checkTeamCycles } from "../ingest/team-tree.ts";
import { recordAudit } from "../store/audit.ts";
import { existingOrdersAndEmployees, importOverride } from "../store/disputes.ts";
import { replaceCalendarDays } from "../store/calendar.ts";
import {
  existingCourseIds,
  loadOrganizationName,
  lockImports,
  upsertMetricCourses,
  upsertOrganization,
  upsertSettings,
  wipeBusinessData,
} from "../store/scenario.ts";
import { PLAN_DEF, writeRows } from "../ingest/registry.ts";
import {
  addCounts,
  checkReferences,
  parseRows,
  writeDeferredRefs,
  zeroCounts,
  type Counts,
  type ParsedRow,
  type RowError,
} from "../ingest/upsert.ts";
import {
  bundleSchema,
  calendarSchema,
  creditOverrideSchema,
  ENTITY_ORDER,
  metricCourseSchema,
  organizationSchema,
  type Bundle,
  type CalendarInput,
  type OrganizationInput,
  type SectionKey,
} from "./bundle.ts";

export interface ImportResult {
  sections: Record<string, Counts>;
  total: Counts;
}

export class ScenarioImportError extends PacerError {
  static override readonly code = "scenario.invalid";
  static override readonly userMessage = {
    "zh-CN": "场景文件有错误，未导入任何数据。",
    en: "The scenario has errors; nothing was imported.",
  };
  static override readonly httpStatus = 422;
  constructor(readonly errors: RowError[]) {
    super(
      `The scenario was not imported (nothing was written): ${errors.length} problem${errors.length === 1 ? "" : "s"}\n` +
        errors
          .slice(0, 200)
          .map((e) => `  - ${formatRowError(e)}`)
          .join("\n") +
        (errors.length > 200 ? `\n  … and ${errors.length - 200} more` : ""),
    );
    this.name = "ScenarioImportError";
  }
}

export function formatRowError(e: RowError): string {
  const where = e.index >= 0 ? `${e.entity}[${e.index}]` : e.entity;
  const id = e.externalId ? ` (${e.externalId})` : "";
  const field = e.field ? ` ${e.field}` : "";
  return `${where}${id}${field}: ${e.message}`;
}

const SECTION_DEFS: Partial<Record<SectionKey, EntityDef>> = {
  plans: PLAN_DEF,
  ...Object.fromEntries(Object.values(ENTITIES).map((d) => [d.bundleKey, d])),
};

interface Parsed {
  organization?: OrganizationInput;
  calendar?: CalendarInput;
  settings?: Record<string, unknown>;
  sections: Map<SectionKey, ParsedRow<unknown>[]>;
  /** Keys each section declares, valid rows or not (see checkBundleReferences). */
  declared: Map<EntityName, Set<string>>;
  metricCourses: ParsedRow<z.output<typeof metricCourseSchema>>[];
  creditOverrides: ParsedRow<z.output<typeof creditOverrideSchema>>[];
}

export interface ImportOptions {
  /** Replace a stored organization of another name (wipes its data first). */
  replace?: boolean;
}

export async function importScenario(
  pool: pg.Pool,
  input: unknown,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const errors: RowError[] = [];
  const envelope = bundleSchema.safeParse(input);
  if (!envelope.success) {
    throw new ScenarioImportError(
      envelope.error.issues.map((i) => ({
        entity: i.code === "unrecognized_keys" ? i.keys.join(", ") : String(i.path[0] ?? "bundle"),
        index: -1,
        externalId: null,
        field: null,
        message: i.code === "unrecognized_keys" ? "unknown section" : i.message,
      })),
    );
  }
  const bundle = envelope.data;
  const parsed = parseBundle(bundle, errors);
  errors.push(...(await checkBundleReferences(pool, parsed)));
  if (parsed.organization) errors.push(...(await checkOrganization(pool, parsed.organization, options)));
  if (errors.length) throw new ScenarioImportError(errors);

  // A bundle may carry configuration (organization, plans, calendar): once it is committed this
  // process reads it at once (the others hear the NOTIFY, src/db/config-cache.ts).
  const result = await inTransaction(pool, async (client) => {
    // Two imports at once would race on the same keys; serialize them (cheap, imports are rare).
    await lockImports(client);
    const sections: Record<string, Counts> = {};
    let teamsCreated = new Set<string>();
    if (options.replace) await wipeBusinessData(client);
    if (parsed.organization) sections.organization = await upsertOrganization(client, parsed.organization);
    if (parsed.settings) sections.settings = await upsertSettings(client, parsed.settings);
    if (parsed.calendar) sections.calendar = await replaceCalendarDays(client, parsed.calendar);
    for (const key of ENTITY_ORDER) {
      const rows = key === "metricCourses" ? parsed.metricCourses : (parsed.sections.get(key) ?? []);
      if (key === "metricCourses")
        sections.metricCourses = await upsertMetricCourses(
          client,
          parsed.metricCourses.map((r) => r.row),
        );
      else {
        const def = SECTION_DEFS[key]!;
        const { counts, created } = await writeRows(
          client,
          def,
          rows.map((r) => r.row),
          { deferLinks: true },
        );
        sections[key] = counts;
        if (key === "employees") {
          // Teams may name managers (and parents) that only now exist.
          const teamRows = (parsed.sections.get("teams") ?? []).map((r) => r.row);
          const changed = await writeDeferredRefs(client, SECTION_DEFS.teams!, teamRows);
          const moved = [...changed].filter((k) => !teamsCreated.has(k)).length;
          sections.teams = {
            ...sections.teams!,
            updated: sections.teams!.updated + moved,
            unchanged: sections.teams!.unchanged - moved,
          };
        }
        if (key === "teams") teamsCreated = created;
      }
    }
    // Overrides last: the orders they move and the people they name exist by now.
    if (parsed.creditOverrides.length) {
      const counts = zeroCounts();
      for (const { row } of parsed.creditOverrides) counts[await importOverride(client, { ...row, at: new Date() })]++;
      sections.creditOverrides = counts;
    }
    await recordAudit(client, {
      actor: "cli",
      action: "import-scenario",
      entity: "organization",
      details: { sections },
    });
    const total = Object.values(sections).reduce(addCounts, zeroCounts());
    return { sections, total };
  });
  invalidateConfig(pool);
  return result;
}

/** Every issue of a single-object section (organization, calendar) as a row error of index -1. */
function sectionIssues(entity: string, error: z.ZodError): RowError[] {
  return error.issues.map((i) => ({
    entity,
    index: -1,
    externalId: null,
    field: i.path.join(".") || null,
    message: i.message,
  }));
}

function parseBundle(bundle: Bundle, errors: RowError[]): Parsed {
  const parsed: Parsed = { sections: new Map(), declared: new Map(), metricCourses: [], creditOverrides: [] };
  const seen = new Set<string>();
  (bundle.creditOverrides ?? []).forEach((item, index) => {
    const r = creditOverrideSchema.safeParse(item);
    const issue = (field: string | null, message: string) =>
      errors.push({ entity: "creditOverrides", index, externalId: null, field, message });
    if (!r.success) for (const i of r.error.issues) issue(i.path.join(".") || null, i.message);
    else if (seen.has(r.data.orderExternalId)) issue("orderExternalId", "an order can have only one override");
    else {
      seen.add(r.data.orderExternalId);
      parsed.creditOverrides.push({ index, row: r.data });
    }
  });
  const org = organizationSchema.safeParse(bundle.organization);
  if (org.success) parsed.organization = org.data;
  else errors.push(...sectionIssues("organization", org.error));
  if (bundle.calendar !== undefined) {
    const cal = calendarSchema.safeParse(bundle.calendar);
    if (cal.success) parsed.calendar = cal.data;
    else errors.push(...sectionIssues("calendar", cal.error));
  }
  if (bundle.settings) parsed.settings = bundle.settings;
  for (const key of ENTITY_ORDER) {
    const raw = bundle[key] ?? [];
    if (key === "metricCourses") {
      raw.forEach((item, index) => {
        const r = metricCourseSchema.safeParse(item);
        if (r.success) parsed.metricCourses.push({ index, row: r.data });
        else
          for (const i of r.error.issues)
            errors.push({
              entity: "metricCourses",
              index,
              externalId: null,
              field: i.path.join(".") || null,
              message: i.message,
            });
      });
      continue;
    }
    const def = SECTION_DEFS[key]!;
    const keyField = def.lookupColumn === "key" ? "key" : "externalId";
    parsed.declared.set(
      def.name,
      new Set(
        raw.flatMap((r) => {
          if (!r || typeof r !== "object") return [];
          const fields = r as Record<string, unknown>;
          if (def.refKey) return [def.refKey(fields) ?? []].flat();
          return typeof fields[keyField] === "string" ? [String(fields[keyField]).trim()] : [];
        }),
      ),
    );
    const { rows, errors: rowErrors } = parseRows(def, raw);
    parsed.sections.set(key, rows);
    errors.push(...rowErrors.map((e) => ({ ...e, entity: key })));
  }
  return parsed;
}

async function checkBundleReferences(sql: Sql, parsed: Parsed): Promise<RowError[]> {
  // Everything the bundle declares counts as existing, even a row that is itself invalid, so one
  // bad row is reported once and not again through every row that references it.
  const declared = parsed.declared;
  const errors: RowError[] = [];
  for (const [key, rows] of parsed.sections) {
    const def = SECTION_DEFS[key]!;
    const found = await checkReferences(sql, def, rows, declared);
    errors.push(...found.map((e) => ({ ...e, entity: key })));
  }
  errors.push(
    ...(await checkTeamCycles(sql, (parsed.sections.get("teams") ?? []) as ParsedRow<z.output<typeof teamRow>>[])),
  );
  if (parsed.creditOverrides.length) {
    const rows = parsed.creditOverrides;
    const inDb = await existingOrdersAndEmployees(
      sql,
      rows.map((r) => r.row.orderExternalId),
      rows.map((r) => r.row.ownerExternalId),
    );
    for (const { index, row } of rows) {
      if (!declared.get("orders")?.has(row.orderExternalId) && !inDb.orders.has(row.orderExternalId))
        errors.push({
          entity: "creditOverrides",
          index,
          externalId: null,
          field: "orderExternalId",
          message: `unknown order ${JSON.stringify(row.orderExternalId)} (not in this batch nor in the database)`,
        });
      if (!declared.get("employees")?.has(row.ownerExternalId) && !inDb.employees.has(row.ownerExternalId))
        errors.push({
          entity: "creditOverrides",
          index,
          externalId: null,
          field: "ownerExternalId",
          message: `unknown employee ${JSON.stringify(row.ownerExternalId)} (not in this batch nor in the database)`,
        });
    }
  }
  const courses = declared.get("training-courses") ?? new Set();
  if (parsed.metricCourses.length) {
    const missing = parsed.metricCourses.filter((m) => !courses.has(m.row.courseExternalId));
    if (missing.length) {
      const inDb = await existingCourseIds(
        sql,
        missing.map((m) => m.row.courseExternalId),
      );
      for (const m of missing)
        if (!inDb.has(m.row.courseExternalId))
          errors.push({
            entity: "metricCourses",
            index: m.index,
            externalId: null,
            field: "courseExternalId",
            message: `unknown training course ${JSON.stringify(m.row.courseExternalId)} (not in this batch nor in the database)`,
          });
    }
  }
  return errors;
}

async function checkOrganization(sql: Sql, org: OrganizationInput, options: ImportOptions): Promise<RowError[]> {
  const stored = await loadOrganizationName(sql);
  if (stored === null || stored === org.name || options.replace) return [];
  return [
    {
      entity: "organization",
      index: -1,
      externalId: null,
      field: "name",
      message: `this database holds the organization ${JSON.stringify(stored)}, not ${JSON.stringify(org.name)}; pass --replace to replace it (its data is deleted)`,
    },
  ];
}
