// Every error class in the code is part of one hierarchy (src/errors.ts): it extends PacerError and
// states its own stable code and what to tell the person in zh-CN and en. The classes are found by
// reading the source (TypeScript's parser), so a new error class without a code fails here.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { PacerError, type PacerErrorClass } from "../src/errors.ts";

const root = path.resolve(import.meta.dirname, "..");
const ROOTS = ["src", "cards", "jobs"];

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir)).flatMap((name) => {
    const rel = path.join(dir, name);
    if (rel === path.join("src", "generated")) return [];
    if (statSync(path.join(root, rel)).isDirectory()) return sourceFiles(rel);
    return name.endsWith(".ts") && !name.endsWith(".d.ts") ? [rel] : [];
  });
}

interface Declared {
  file: string;
  name: string;
  parent: string;
  exported: boolean;
}

/** Every class declaration with an `extends` clause, as written. */
function classesIn(file: string, text = readFileSync(path.join(root, file), "utf8")): Declared[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  return source.statements.flatMap((node) => {
    if (!ts.isClassDeclaration(node) || !node.name) return [];
    const heritage = node.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword);
    const parent = heritage?.types[0]?.expression.getText(source);
    if (!parent) return [];
    const exported = ts.getCombinedModifierFlags(node) & ts.ModifierFlags.Export;
    return [{ file, name: node.name.text, parent, exported: exported !== 0 }];
  });
}

/** Classes that extend Error, PacerError or (transitively) one of those. */
function errorClasses(all: Declared[]): Declared[] {
  const names = new Set(["Error", "PacerError"]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const c of all)
      if (names.has(c.parent) && !names.has(c.name)) {
        names.add(c.name);
        grew = true;
      }
  }
  return all.filter((c) => names.has(c.parent) && c.name !== "PacerError");
}

const declared = errorClasses(ROOTS.flatMap(sourceFiles).flatMap((file) => classesIn(file)));

async function load(c: Declared): Promise<PacerErrorClass & (abstract new (...args: never[]) => unknown)> {
  const module = (await import(pathToFileURL(path.join(root, c.file)).href)) as Record<string, unknown>;
  return module[c.name] as PacerErrorClass & (abstract new (...args: never[]) => unknown);
}

describe("the error hierarchy", () => {
  it("finds the error classes in the source", () => {
    expect(declared.length).toBeGreaterThan(20);
    expect(declared.map((c) => c.name)).toEqual(expect.arrayContaining(["IngestError", "PlatformError"]));
  });

  it("has no error class outside it: none extends Error directly, and each is exported", () => {
    const outside = declared.filter((c) => c.parent === "Error").map((c) => `${c.file} → ${c.name}`);
    expect(outside).toEqual([]);
    expect(declared.filter((c) => !c.exported).map((c) => `${c.file} → ${c.name}`)).toEqual([]);
  });

  it.each(declared.map((c) => [`${c.file} ${c.name}`, c] as const))(
    "%s extends PacerError with its own code and both messages",
    async (_, c) => {
      const cls = await load(c);
      expect(cls.prototype).toBeInstanceOf(PacerError);
      expect(Object.hasOwn(cls, "code")).toBe(true);
      expect(cls.code).toMatch(/^[a-z]+(?:\.[a-z_]+)+$/);
      expect(Object.hasOwn(cls, "userMessage")).toBe(true);
      expect(cls.userMessage.en.trim()).not.toBe("");
      // The Chinese message is Chinese (a CJK character), not the English one copied.
      expect(cls.userMessage["zh-CN"]).toMatch(/[\u4e00-\u9fff]/);
      if (cls.httpStatus !== undefined) {
        expect(cls.httpStatus).toBeGreaterThanOrEqual(400);
        expect(cls.httpStatus).toBeLessThan(500);
      }
    },
  );

  it("gives every class a different code", async () => {
    const codes = new Map<string, string[]>();
    for (const c of declared) {
      const { code } = await load(c);
      codes.set(code, [...(codes.get(code) ?? []), c.name]);
    }
    expect([...codes].filter(([, owners]) => owners.length > 1)).toEqual([]);
  });

  it("tells an instance's code, status and messages, finer where the class knows more", async () => {
    const { IngestError } = await import("../src/ingest/batch.ts");
    const ingest = new IngestError("deals", []);
    expect(ingest).toMatchObject({ errorCode: "ingest.invalid_rows", httpStatus: 422 });
    expect(ingest.userMessage["zh-CN"]).toContain("未写入");

    const { KpiValidationError } = await import("../src/kpi/validation-error.ts");
    const kpi = new KpiValidationError("decimal.invalid", { value: "12,5" });
    expect(kpi.code).toBe("decimal.invalid");
    expect(kpi.errorCode).toBe("kpi.invalid_input");
    expect(kpi.userMessage).toEqual({ "zh-CN": kpi.messageFor("zh-CN"), en: kpi.messageFor("en") });
    expect(kpi.userMessage.en).toContain('"12,5"');

    const { PlatformError } = await import("../src/events/errors.ts");
    const platform = new PlatformError("slack", "channel_not_found", false, "channel_not_found", "not_in_channel");
    expect(platform.code).toBe("channel_not_found");
    expect(platform.errorCode).toBe("platform.failed");
    expect(platform.userMessage.en).toContain("not in that channel");
  });

  it("the scan itself notices an error class that bypasses the hierarchy, directly or through another", () => {
    const text = "export class Stray extends Error {}\nclass Quiet extends Stray {}\nclass Other extends Map {}";
    const found = errorClasses(classesIn("x.ts", text));
    expect(found.map((c) => [c.name, c.parent, c.exported])).toEqual([
      ["Stray", "Error", true],
      ["Quiet", "Stray", false],
    ]);
  });
});
