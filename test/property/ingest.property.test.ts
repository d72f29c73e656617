// Property: whatever a feed sends — valid rows with one field mutated into something hostile, in
// any of the four formats — the ingest API answers 2xx with every value stored exactly as sent
// (compared by value), or 4xx with a clear error and no row changed. Never 5xx, never a hang.
// Fixed seed, modest run counts: reproducible in CI and well under a minute.
import fc from "fast-check";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseBody, type BodyFormat } from "../../src/ingest/formats.ts";
import { entityDef, INGEST_ENTITY_NAMES } from "../../src/ingest/registry.ts";
import { Decimal } from "../../src/kpi/decimal.ts";
import { importScenario } from "../../src/scenario/import.ts";
import { createApiKey } from "../../src/services/api-keys.ts";
import { readFixture } from "../helpers/fixtures.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const SEED = 1313;
let server: TestServer;
let ingestKey: string;
let readKey: string;

type Row = Record<string, unknown>;

/** A valid row of every entity, referencing rows that exist (seeded below). */
const BASE: Record<string, Row> = {
  teams: { externalId: "T-PROP", name: "Property team", parentExternalId: "T-EAST" },
  employees: { externalId: "E-PROP", name: "Prop Person", email: "prop@example.com", role: "sales" },
  customers: { externalId: "C-PROP", name: "Prop customer", ownerExternalId: "E-A" },
  orders: {
    externalId: "O-PROP",
    customerExternalId: "C-SEED",
    ownerExternalId: "E-A",
    bookedAt: "2026-10-05T11:00:00+08:00",
    revenue: "1200.50",
    cost: "800",
    status: "completed",
    dueDate: "2026-11-04",
  },
  payments: { externalId: "P-PROP", orderExternalId: "O-SEED", paidAt: "2026-10-06T11:00:00+08:00", amount: "300.25" },
  leads: { externalId: "L-PROP", ownerExternalId: "E-A", createdAt: "2026-10-01T09:00:00Z", status: "open" },
  ratings: {
    externalId: "R-PROP",
    orderExternalId: "O-SEED",
    score: 4,
    raterDepartment: "ops",
    ratedAt: "2026-10-07T10:00:00+08:00",
  },
  plans: {
    key: "prop-plan",
    name: "Prop plan",
    cap: "1.5",
    floor: "0.1",
    items: [
      { metric: "booked_revenue", weight: "60.5" },
      { metric: "gross_profit", weight: "39.5" },
    ],
  },
  targets: { employeeExternalId: "E-A", period: "2026-11", metric: "booked_revenue", value: "50000" },
  "team-goals": {
    teamExternalId: "T-EAST",
    period: "2026-11",
    metric: "booked_revenue",
    value: "100000",
    bonusTiers: [{ minCompletion: 1, points: 5 }],
  },
  "training-courses": { externalId: "TC-PROP", titleZh: "课程", titleEn: "Course", url: "https://example.com/c" },
  "job-openings": {
    externalId: "J-PROP",
    title: "Sales",
    status: "open",
    keywordProfile: { required: [{ keyword: "logistics", weight: 2, synonyms: ["freight"] }], preferred: [] },
  },
  candidates: { externalId: "CA-PROP", name: "Cand", email: "c@example.com", resumeText: "logistics freight" },
  applications: {
    externalId: "A-PROP",
    candidateExternalId: "CA-SEED",
    openingExternalId: "J-SEED",
    stage: "applied",
    appliedAt: "2026-10-02T10:00:00Z",
  },
  interviews: {
    externalId: "I-PROP",
    applicationExternalId: "A-SEED",
    scheduledAt: "2026-10-09T10:00:00+08:00",
    interviewers: ["Ann", "Bo"],
  },
  offers: {
    externalId: "OF-PROP",
    applicationExternalId: "A-SEED",
    sentAt: "2026-10-10T10:00:00+08:00",
    status: "pending",
  },
  "onboarding-templates": { key: "prop-tpl", role: "sales", name: "Prop template" },
  "onboarding-template-items": {
    templateKey: "tpl-seed",
    key: "prop-item",
    title: "Prop item",
    kind: "task",
    dueDays: 3,
  },
  "onboarding-progress": {
    employeeExternalId: "E-A",
    templateKey: "tpl-seed",
    itemKey: "item-seed",
    completedAt: "2026-10-06T11:00:00+08:00",
  },
  "training-completions": {
    externalId: "TCP-PROP",
    employeeExternalId: "E-A",
    courseExternalId: "TC-SEED",
    completedAt: "2026-10-08T06:30:00Z",
    score: "86.5",
  },
};

beforeAll(async () => {
  server = await startTestServer({ now: new Date("2026-10-20T04:00:00Z") });
  const golden = readFixture("golden-east-2026-10.scenario.json");
  await importScenario(server.database.pool, {
    organization: golden.organization,
    plans: golden.plans,
    teams: golden.teams,
    employees: golden.employees,
  });
  ingestKey = (await createApiKey(server.database.pool, "crm", ["ingest"])).key;
  readKey = (await createApiKey(server.database.pool, "dash", ["read"])).key;
  const seed: [string, Row][] = [
    ["customers", { externalId: "C-SEED", name: "Seed", ownerExternalId: "E-A" }],
    ["orders", { ...BASE.orders, externalId: "O-SEED" }],
    ["candidates", { ...BASE.candidates, externalId: "CA-SEED" }],
    ["job-openings", { ...BASE["job-openings"], externalId: "J-SEED" }],
    ["applications", { ...BASE.applications, externalId: "A-SEED" }],
    ["training-courses", { ...BASE["training-courses"], externalId: "TC-SEED" }],
    ["onboarding-templates", { ...BASE["onboarding-templates"], key: "tpl-seed" }],
    ["onboarding-template-items", { ...BASE["onboarding-template-items"], key: "item-seed" }],
  ];
  for (const [entity, row] of seed) expect((await post(entity, JSON.stringify([row]), "json")).status).toBe(200);
}, 60_000);
afterAll(async () => {
  await server.close();
});

const CONTENT_TYPES: Record<BodyFormat | "items", string> = {
  json: "application/json",
  items: "application/json",
  ndjson: "application/x-ndjson",
  csv: "text/csv",
};

function post(entity: string, body: string, format: BodyFormat | "items") {
  return fetch(`${server.url}/api/v1/ingest/${encodeURIComponent(entity)}`, {
    method: "POST",
    headers: { "content-type": CONTENT_TYPES[format], authorization: `Bearer ${ingestKey}` },
    body,
    // "never a hang": every answer within 15 s.
    signal: AbortSignal.timeout(15_000),
  });
}

const csvCell = (v: unknown) => {
  const s =
    v === null || v === undefined
      ? ""
      : v instanceof Deep
        ? v.text()
        : typeof v === "object"
          ? JSON.stringify(v)
          : String(v);
  return `"${s.replace(/"/g, '""')}"`;
};

/** Encodes rows in a format; CSV quirks (BOM, CRLF, duplicate or prototype-named headers) on request. */
function encode(rows: Row[], format: BodyFormat | "items", quirk: string): string {
  // A Deep value is spliced in as text: JSON.stringify itself would overflow the stack.
  const deepText =
    rows
      .flatMap((r) => Object.values(r))
      .find((v): v is Deep => v instanceof Deep)
      ?.text() ?? "";
  const stringify = (v: unknown) =>
    JSON.stringify(v, (_k, x) => (x instanceof Deep ? "@@DEEP@@" : x)).replace('"@@DEEP@@"', () => deepText);
  if (format === "json") return stringify(rows);
  if (format === "items") return stringify({ items: rows });
  if (format === "ndjson") return rows.map((r) => stringify(r)).join(quirk === "crlf" ? "\r\n" : "\n");
  const header = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  if (quirk === "dup-header" && header.length) header.push(header[0]!);
  if (quirk === "proto-header") header.push("__proto__");
  const eol = quirk === "crlf" ? "\r\n" : "\n";
  const lines = [header.map(csvCell).join(","), ...rows.map((r) => header.map((h) => csvCell(r[h])).join(","))];
  return (quirk === "bom" ? "\uFEFF" : "") + lines.join(eol) + eol;
}

// ─── hostile values ──────────────────────────────────────────────────────────────────────────────

const pad = (n: number, w: number) => String(n).padStart(w, "0");
const weirdInstant = fc
  .tuple(
    fc.integer({ min: 0, max: 9999 }),
    fc.integer({ min: 0, max: 13 }),
    fc.integer({ min: 0, max: 32 }),
    fc.integer({ min: 0, max: 25 }),
    fc.constantFrom("Z", "+", "-", ""),
    fc.integer({ min: 0, max: 99 }),
    fc.integer({ min: 0, max: 99 }),
    fc.constantFrom("", ".5", ".123", ".1234", ".123000", ".999999"),
  )
  .map(
    ([y, mo, d, h, sign, oh, om, frac]) =>
      `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:00:00${frac}${sign === "Z" || sign === "" ? sign : `${sign}${pad(oh, 2)}:${pad(om, 2)}`}`,
  );
const plausibleInstant = fc
  .tuple(fc.integer({ min: 1960, max: 2110 }), fc.constantFrom("Z", "+14:00", "-12:00", "+05:45", "+14:30", "-14:01"))
  .map(([y, off]) => `${y}-06-15T12:00:00${off}`);
const weirdDate = fc
  .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
  .map(([y, m, d]) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`);
const extremeNumber = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(1e308, -1e308, 1e-7, 5e-324, 0, -0, 1e21, 999999999999.99, 1e12, 10000, 33.33333, 100, 0.00001),
  fc.constantFrom("1e5", "0x10", "Infinity", "NaN", " 12 ", "99999999999999999999", "-0.00", "1,5", "", "٣"),
  fc.tuple(fc.integer({ min: 0, max: 10 ** 9 }), fc.integer({ min: 0, max: 99999 })).map(([a, b]) => `${a}.${b}`),
);
const weirdString = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.constantFrom(
    "a\u0000b",
    "\ud800",
    "x\udc00y",
    "__proto__",
    "constructor",
    "   ",
    "",
    '","\n"',
    "𠜎𠜱",
    "\u202e",
    "x".repeat(129),
    "x".repeat(100_001),
    "e".repeat(300_000),
  ),
);
/** A value nested `depth` deep, built only when sent (so fast-check can print it). */
class Deep {
  constructor(readonly depth: number) {}
  text(): string {
    return `${"[".repeat(this.depth)}1${"]".repeat(this.depth)}`;
  }
  [fc.toStringMethod](): string {
    return `Deep(${this.depth})`;
  }
}
const deep = fc.integer({ min: 1, max: 20_000 }).map((n) => new Deep(n));
const hostile = fc.oneof(
  extremeNumber,
  weirdString,
  weirdInstant,
  plausibleInstant,
  weirdDate,
  deep,
  fc.constantFrom(null, true, false, [], {}, { a: 1 }, [1, 2], { __proto__: 1 }),
  fc.jsonValue({ maxDepth: 3 }),
);

// Near-valid values, shaped like the field they replace (so many batches are accepted and read back).
const validInstant = fc
  .tuple(
    fc.integer({ min: 1970, max: 2099 }),
    fc.integer({ min: 1, max: 12 }),
    fc.integer({ min: 1, max: 28 }),
    fc.integer({ min: 0, max: 23 }),
    fc.integer({ min: 0, max: 59 }),
    fc.integer({ min: 0, max: 999 }),
    fc.integer({ min: -56, max: 56 }),
  )
  .map(([y, mo, d, h, mi, ms, q]) => {
    const off = Math.abs(q) * 15;
    const zone = q === 0 ? "Z" : `${q < 0 ? "-" : "+"}${pad(Math.floor(off / 60), 2)}:${pad(off % 60, 2)}`;
    return `${y}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:00.${pad(ms, 3)}${zone}`;
  });
const validDecimal = fc
  .tuple(fc.integer({ min: 0, max: 10 ** 9 }), fc.integer({ min: 0, max: 99 }), fc.boolean())
  .map(([a, b, asNumber]) => (asNumber ? Number(`${a}.${pad(b, 2)}`) : `${a}.${pad(b, 2)}`));
const validText = fc.string({ unit: "grapheme", minLength: 1, maxLength: 60 });
const nearValid = fc.record({
  instant: validInstant,
  decimal: validDecimal,
  text: validText,
  small: fc.integer({ min: 1, max: 5 }),
});

function nearValidFor(base: unknown, v: { instant: string; decimal: number | string; text: string; small: number }) {
  if (typeof base === "number") return v.small;
  if (typeof base !== "string") return base;
  if (/^\d{4}-\d{2}-\d{2}T/.test(base)) return v.instant;
  if (/^\d+(\.\d+)?$/.test(base)) return v.decimal;
  return v.text;
}

/** One field of the base row (or a new one, or a nested plan/tier field) set to a hostile value. */
const mutation = fc.record({
  entity: fc.constantFrom(...INGEST_ENTITY_NAMES),
  format: fc.constantFrom<BodyFormat | "items">("json", "items", "ndjson", "csv"),
  quirk: fc.constantFrom("none", "none", "none", "bom", "crlf", "dup-header", "proto-header"),
  fieldPick: fc.nat(),
  newField: fc.option(fc.constantFrom("extra", "__proto__", "Name", "a\u0000"), { nil: null, freq: 4 }),
  value: hostile,
  nested: fc.boolean(),
  near: fc.option(nearValid, { nil: null, freq: 2 }),
});

interface Mutation {
  entity: string;
  near: { instant: string; decimal: number | string; text: string; small: number } | null;
  fieldPick: number;
  newField: string | null;
  value: unknown;
  nested: boolean;
}

function mutate(m: Mutation): Row {
  const base = structuredClone(BASE[m.entity]!);
  const keys = Object.keys(base);
  const value = m.value;
  if (m.near) {
    const key = keys[m.fieldPick % keys.length]!;
    base[key] = nearValidFor(base[key], m.near);
    return base;
  }
  if (m.nested && m.entity === "plans") {
    const items = base.items as Row[];
    const field = ["weight", "metric", "gate", "extra"][m.fieldPick % 4]!;
    items[0]![field] = value;
    return base;
  }
  if (m.nested && m.entity === "team-goals") {
    const tiers = base.bonusTiers as Row[];
    tiers[0]![["points", "minCompletion", "extra"][m.fieldPick % 3]!] = value;
    return base;
  }
  if (m.newField) {
    Object.defineProperty(base, m.newField, { value, enumerable: true, writable: true, configurable: true });
    return base;
  }
  base[keys[m.fieldPick % keys.length]!] = value;
  return base;
}

// ─── reading back ────────────────────────────────────────────────────────────────────────────────

const TABLES = [
  "teams",
  "employees",
  "customers",
  "orders",
  "payments",
  "leads",
  "ratings",
  "kpi_plans",
  "kpi_plan_items",
  "targets",
  "team_goals",
  "training_courses",
  "job_openings",
  "candidates",
  "applications",
  "interviews",
  "offers",
];

async function snapshot(): Promise<string> {
  const parts = await Promise.all(
    TABLES.map(
      async (t) =>
        (
          await server.database.pool.query(
            `SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x.id), '')) AS h FROM ${t} x`,
          )
        ).rows[0].h as string,
    ),
  );
  return parts.join(",");
}

const camel = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

const sameDecimal = (sent: unknown, stored: string) => new Decimal(String(sent).trim()).equals(new Decimal(stored));

/** The stored row of `sent` (the row as the server decoded it), compared field by field by value. */
async function expectStoredAsSent(entity: string, sent: Row): Promise<void> {
  const def = entityDef(entity)!;
  const parsed = def.schema.parse(sent);
  if (entity === "plans") {
    const res = await server.database.pool.query(
      `SELECT p.cap::text, p.floor::text, array_agg(i.weight::text ORDER BY i.position) AS weights
         FROM kpi_plans p JOIN kpi_plan_items i ON i.plan_id = p.id WHERE p.key = $1 GROUP BY p.id`,
      [parsed.key],
    );
    const stored = res.rows[0];
    if (sent.cap != null && sent.cap !== "") expect(sameDecimal(sent.cap, stored.cap)).toBe(true);
    if (sent.floor != null && sent.floor !== "") expect(sameDecimal(sent.floor, stored.floor)).toBe(true);
    (sent.items as Row[]).forEach((item, i) => expect(sameDecimal(item.weight, stored.weights[i])).toBe(true));
    return;
  }
  const select = def.columns.map((c, i) =>
    c.type === "timestamptz"
      ? `(extract(epoch from t.${c.column}) * 1000)::numeric::text AS c${i}`
      : c.type === "jsonb" || c.type === "text[]"
        ? `t.${c.column} AS c${i}`
        : `t.${c.column}::text AS c${i}`,
  );
  const where =
    entity === "targets" || entity === "team-goals"
      ? {
          join: entity === "targets" ? "JOIN employees o ON o.id = t.employee_id" : "JOIN teams o ON o.id = t.team_id",
          cond: "o.external_id = $1 AND t.period = $2 AND t.metric::text = $3",
          args: [
            entity === "targets" ? parsed.employeeExternalId : parsed.teamExternalId,
            parsed.period,
            parsed.metric,
          ],
        }
      : entity === "onboarding-template-items"
        ? {
            join: "JOIN onboarding_templates o ON o.id = t.template_id",
            cond: "o.key = $1 AND t.key = $2",
            args: [parsed.templateKey, parsed.key],
          }
        : entity === "onboarding-progress"
          ? {
              join:
                "JOIN employees e ON e.id = t.employee_id JOIN onboarding_template_items i ON i.id = t.item_id " +
                "JOIN onboarding_templates o ON o.id = i.template_id",
              cond: "e.external_id = $1 AND o.key = $2 AND i.key = $3",
              args: [parsed.employeeExternalId, parsed.templateKey, parsed.itemKey],
            }
          : { join: "", cond: `t.${def.lookupColumn} = $1`, args: [def.key(parsed)] };
  const res = await server.database.pool.query(
    `SELECT ${select.join(", ")} FROM ${def.table} t ${where.join} WHERE ${where.cond}`,
    where.args,
  );
  expect(res.rows).toHaveLength(1);
  const stored = res.rows[0];
  def.columns.forEach((c, i) => {
    const raw = sent[camel(c.column)];
    const got = stored[`c${i}`];
    if (raw === undefined || raw === null || raw === "") return;
    if (c.type === "numeric") expect(sameDecimal(raw, got), `${c.column}: ${String(raw)} vs ${got}`).toBe(true);
    else if (c.type === "timestamptz")
      expect(Number(got)).toBe(DateTime.fromISO(String(raw).trim(), { setZone: true }).toMillis());
    else if (c.type === "smallint") expect(Number(got)).toBe(Number(raw));
    else if (c.type === "jsonb" || c.type === "text[]") expect(got).toEqual(c.value(parsed));
    else if (c.column === "email") expect(got).toBe(String(raw).trim().toLowerCase());
    else expect([String(raw), String(raw).trim()]).toContain(got);
  });
}

/** encodeURIComponent, with a lone surrogate sent as its raw UTF-8-ish bytes (which cannot be encoded). */
function uriEncode(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return `${encodeURIComponent(s.replace(/[\uD800-\uDFFF]/g, ""))}%ED%A0%80`;
  }
}

// What the server receives: the body as UTF-8 (a lone surrogate becomes U+FFFD on the wire).
const onTheWire = (body: string) => new TextDecoder().decode(new TextEncoder().encode(body));

describe("ingest under hostile input", () => {
  it("every entity, every format: 2xx stored exactly as sent, or 4xx with nothing changed", async () => {
    await fc.assert(
      fc.asyncProperty(mutation, async (m) => {
        const row = mutate(m);
        const body = encode([row], m.format, m.format === "csv" || m.format === "ndjson" ? m.quirk : "none");
        const before = await snapshot();
        const res = await post(m.entity, body, m.format);
        const answer = (await res.json()) as { error?: string; message?: string; errors?: Row[] };
        expect(res.status, JSON.stringify(answer).slice(0, 500)).toBeLessThan(500);
        if (res.status >= 400) {
          expect(typeof answer.message).toBe("string");
          if (res.status === 422)
            for (const e of answer.errors ?? [])
              expect(Object.keys(e).sort()).toEqual(["externalId", "field", "index", "message"]);
          expect(await snapshot()).toBe(before);
          return;
        }
        const format = m.format === "items" ? "json" : m.format;
        const [sent] = parseBody(onTheWire(body), format) as Row[];
        await expectStoredAsSent(m.entity, sent!);
      }),
      { seed: SEED, numRuns: 320, endOnFailure: true },
    );
  }, 120_000);
});

describe("progress API under hostile input", () => {
  it("any employee id and asOf: never a 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          weirdString.filter((s) => s.length < 2000),
          fc.constantFrom("E-A", "%00", "%ED%A0%80", "..", "%2F"),
        ),
        fc.option(
          fc.oneof(
            weirdInstant,
            plausibleInstant,
            weirdString.filter((s) => s.length < 2000),
          ),
          { nil: undefined },
        ),
        async (id, asOf) => {
          const encoded = /^%|^\.\.$/.test(id) ? id : uriEncode(id);
          const query = asOf === undefined ? "" : `?asOf=${uriEncode(asOf)}`;
          const res = await fetch(`${server.url}/api/v1/employees/${encoded}/progress${query}`, {
            headers: { authorization: `Bearer ${readKey}` },
            signal: AbortSignal.timeout(15_000),
          });
          expect(res.status).toBeLessThan(500);
          await res.text();
        },
      ),
      { seed: SEED, numRuns: 120, endOnFailure: true },
    );
  }, 90_000);
});
