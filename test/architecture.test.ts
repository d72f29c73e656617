// The dependency rules of docs/ARCHITECTURE.md ("Dependency rules"), checked on the static import
// graph. Imports are read with TypeScript's own parser (import/export declarations, import() calls
// and import("…") types), never with regexes. Each violation is printed as "file → import".
// A known exception names its reason and what removes it; one that is no longer needed fails too,
// so the list only shrinks.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");

interface Import {
  /** The importing file, relative to the repository ("src/kpi/plan.ts"). */
  file: string;
  /** The specifier as written ("zod", "../kpi/period.ts"). */
  spec: string;
  /** A relative specifier resolved to a repository path; null for packages and node: modules. */
  target: string | null;
  /** Erased at run time: `import type`, `export type`, all-type named imports, import("…") types. */
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir)).flatMap((name) => {
    const rel = path.posix.join(dir, name);
    if (rel === "src/generated") return []; // the generated Prisma client
    if (statSync(path.join(root, rel)).isDirectory()) return sourceFiles(rel);
    return /\.[cm]?ts$/.test(name) && !name.endsWith(".d.ts") ? [rel] : [];
  });
}

function allTypeOnly(clause: ts.ImportClause | undefined): boolean {
  if (!clause) return false; // `import "x"` runs x
  if (clause.isTypeOnly) return true;
  const named = clause.namedBindings;
  return (
    !clause.name &&
    !!named &&
    ts.isNamedImports(named) &&
    named.elements.length > 0 &&
    named.elements.every((e) => e.isTypeOnly)
  );
}

/** Every import of one file, parsed. */
function importsOf(file: string, text = readFileSync(path.join(root, file), "utf8")): Import[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const found: Import[] = [];
  const add = (spec: string, typeOnly: boolean) => {
    const target = spec.startsWith(".") ? path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)) : null;
    found.push({ file, spec, target, typeOnly });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier))
      add(node.moduleSpecifier.text, allTypeOnly(node.importClause));
    else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier))
      add(node.moduleSpecifier.text, node.isTypeOnly);
    else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteralLike(node.arguments[0])
    )
      add(node.arguments[0].text, false);
    else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    )
      add(node.argument.literal.text, true);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** A call that issues SQL: `x.query(…)` or `x.query<T>(…)` on anything (pools, clients, `sql`). */
interface SqlCall {
  /** "src/ingest/plans.ts:20" */
  at: string;
}

/** Every `.query(` / `.query<` call of one file, found with TypeScript's parser, as file:line. */
function sqlCallsOf(file: string, text = readFileSync(path.join(root, file), "utf8")): SqlCall[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const found: SqlCall[] = [];
  const visit = (node: ts.Node) => {
    if (
      ts.isCallExpression(node) &&
      (ts.isPropertyAccessExpression(node.expression) || ts.isPropertyAccessChain(node.expression)) &&
      node.expression.name.text === "query"
    ) {
      const { line } = source.getLineAndCharacterOfPosition(node.expression.name.getStart(source));
      found.push({ at: `${file}:${line + 1}` });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const show = (i: Import) => `${i.file} → ${i.spec}${i.typeOnly ? " (type)" : ""}`;
const under = (file: string, dirs: readonly string[]) => dirs.some((d) => file === d || file.startsWith(`${d}/`));

/** An allowed breach of a rule: which file imports what, why, and what will remove it. */
interface Exception {
  file: string;
  spec: string;
  reason: string;
  removedBy: string;
}

/** Violations minus known exceptions; plus exceptions that no longer match anything (stale). */
function judge(violations: Import[], exceptions: readonly Exception[]) {
  const matches = (i: Import, e: Exception) => i.file === e.file && i.spec === e.spec;
  return {
    violations: violations.filter((i) => !exceptions.some((e) => matches(i, e))).map(show),
    stale: exceptions.filter((e) => !violations.some((i) => matches(i, e))).map((e) => `${e.file} → ${e.spec}`),
  };
}

const files = ["src", "cards", "jobs", "scripts", "bin"].flatMap(sourceFiles);
const imports = files.flatMap((f) => importsOf(f));

// ─── The KPI core ────────────────────────────────────────────────────────────────────────────────
// Plain TypeScript: its own modules, the error base (src/errors.ts imports nothing), and its
// math/time/validation libraries. Type-only imports count too — a type still couples the code.
const CORE = ["src/kpi", "src/calendar", "src/recruit"];
const CORE_PACKAGES = new Set(["decimal.js", "luxon", "zod", "chinese-days"]);

// ─── Cards ───────────────────────────────────────────────────────────────────────────────────────
// The card model and builders take plain data; they may name src/ types, not run src/ code. No
// exceptions: formatted values, labels, sorted offers and intents come in with the data.

// ─── Platform SDKs, pg ───────────────────────────────────────────────────────────────────────────
const SDKS: readonly { pattern: RegExp; home: string }[] = [
  { pattern: /^@slack\//, home: "src/slack" },
  { pattern: /^@larksuiteoapi\//, home: "src/lark" },
];
// Run-time pg (pools, COPY) only in the store and db layers. Type-only `import type pg` is fine
// outside the core and cards: it names the pool a function is handed (a dependency passed in).
const PG = /^pg(?:-|$)/;
const PG_HOME = ["src/store", "src/db"];
// None left: the demo COPY loader moved to src/store/demo-load.ts.
const PG_EXCEPTIONS: Exception[] = [];

// ─── SQL ─────────────────────────────────────────────────────────────────────────────────────────
// Data access lives in the store (issue 12 item 3): a module elsewhere calls a store function, it
// does not issue SQL itself. Same homes as run-time pg.
const SQL_HOME = PG_HOME;

// ─── Adapters and transports, kept out of the inner layers (the rule this test started with) ───
const INNER = [
  "src/kpi",
  "src/calendar",
  "src/recruit",
  "src/chat",
  "src/services",
  "src/store",
  "src/scenario",
  "cards",
];
const TRANSPORT = [/^@slack\//, /^@larksuiteoapi\//, /^fastify/, /^bullmq/, /^ioredis/, /^ws$/];
const ADAPTER_DIRS = ["src/slack", "src/lark", "src/http", "jobs"];

/** Cycles in the graph of run-time imports between repository files (one line per cycle). */
function cycles(edges: readonly Import[]): string[] {
  const next = new Map<string, string[]>();
  for (const e of edges) if (e.target && !e.typeOnly) next.set(e.file, [...(next.get(e.file) ?? []), e.target].sort());
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const found: string[] = [];
  const walk = (node: string) => {
    state.set(node, "open");
    stack.push(node);
    for (const to of next.get(node) ?? []) {
      if (state.get(to) === "open") found.push([...stack.slice(stack.indexOf(to)), to].join(" → "));
      else if (!state.has(to)) walk(to);
    }
    stack.pop();
    state.set(node, "done");
  };
  for (const node of [...next.keys()].sort()) if (!state.has(node)) walk(node);
  return found;
}

describe("dependency rules", () => {
  it("reads the import graph", () => {
    expect(files.length).toBeGreaterThan(150);
    expect(imports.filter((i) => i.file === "src/kpi/period.ts").map((i) => i.spec)).toContain("luxon");
  });

  it("the KPI core imports only itself, src/errors.ts and its math/time libraries", () => {
    const bad = imports.filter(
      (i) =>
        under(i.file, CORE) &&
        !(i.target ? under(i.target, CORE) || i.target === "src/errors.ts" : CORE_PACKAGES.has(i.spec)),
    );
    expect(bad.map(show)).toEqual([]);
  });

  it("cards import no run-time code from src/ (types only)", () => {
    const bad = imports.filter((i) => i.file.startsWith("cards/") && !i.typeOnly && i.target?.startsWith("src/"));
    expect(bad.map(show)).toEqual([]);
  });

  it("platform SDKs are imported only in their adapter folder", () => {
    const bad = imports.filter((i) => SDKS.some((s) => s.pattern.test(i.spec) && !under(i.file, [s.home])));
    expect(bad.map(show)).toEqual([]);
  });

  it("pg runs only in the store and db layers; nowhere in the core or cards, not even as a type", () => {
    const bad = imports.filter(
      (i) => PG.test(i.spec) && (under(i.file, [...CORE, "cards"]) || (!i.typeOnly && !under(i.file, PG_HOME))),
    );
    expect(judge(bad, PG_EXCEPTIONS)).toEqual({ violations: [], stale: [] });
  });

  it("SQL is issued only in the store and db layers (no .query( call elsewhere)", () => {
    const bad = files.filter((f) => !under(f, SQL_HOME)).flatMap((f) => sqlCallsOf(f).map((c) => c.at));
    expect(bad).toEqual([]);
  });

  it("the inner layers import no platform SDK, HTTP framework, queue, Redis or adapter", () => {
    const bad = imports.filter(
      (i) =>
        under(i.file, INNER) &&
        (TRANSPORT.some((re) => re.test(i.spec)) || (i.target !== null && under(i.target, ADAPTER_DIRS))),
    );
    expect(bad.map(show)).toEqual([]);
  });

  it("has no import cycles in src/, cards/ or jobs/", () => {
    expect(cycles(imports.filter((i) => under(i.file, ["src", "cards", "jobs"])))).toEqual([]);
  });
});

describe("the checks themselves", () => {
  const sample = [
    'import { App } from "@slack/bolt";',
    'import type { X } from "../slack/bot.ts";',
    'import { type Y, type Z } from "./y.ts";',
    'export { w } from "./w.ts";',
    'const m = await import("./lazy.ts");',
    'let t: import("./t.ts").T;',
  ].join("\n");

  it("reads every kind of import, and which ones are types only", () => {
    expect(importsOf("src/chat/x.ts", sample).map((i) => [i.spec, i.target, i.typeOnly])).toEqual([
      ["@slack/bolt", null, false],
      ["../slack/bot.ts", "src/slack/bot.ts", true],
      ["./y.ts", "src/chat/y.ts", true],
      ["./w.ts", "src/chat/w.ts", false],
      ["./lazy.ts", "src/chat/lazy.ts", false],
      ["./t.ts", "src/chat/t.ts", true],
    ]);
  });

  it("finds a cycle through run-time imports, and ignores one closed only by a type", () => {
    const edge = (file: string, target: string, typeOnly = false): Import => ({ file, spec: target, target, typeOnly });
    expect(cycles([edge("a", "b"), edge("b", "c"), edge("c", "a"), edge("c", "d")])).toEqual(["a → b → c → a"]);
    expect(cycles([edge("a", "b"), edge("b", "a", true)])).toEqual([]);
  });

  it("finds every .query( and .query< call, on any receiver, as file:line", () => {
    const text = [
      'await pool.query("SELECT 1");',
      "const r = await sql.query<{ k: string }>(`SELECT k FROM t`, [x]);",
      "client?.query(text);",
      "query(text); // a bare function is not a method call on a connection",
      "const q = { query: 1 }.query;",
    ].join("\n");
    expect(sqlCallsOf("src/x.ts", text).map((c) => c.at)).toEqual(["src/x.ts:1", "src/x.ts:2", "src/x.ts:3"]);
  });

  it("reports a known exception that is no longer needed", () => {
    const exception = { file: "src/x.ts", spec: "pg", reason: "", removedBy: "" };
    expect(judge([], [exception])).toEqual({ violations: [], stale: ["src/x.ts → pg"] });
  });
});
