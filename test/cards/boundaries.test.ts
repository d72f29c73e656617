// The card layer is platform-neutral: nothing under cards/ may depend on a chat platform's SDK
// (renderers for a platform live with its adapter, e.g. src/slack/render.ts).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const CARDS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../cards");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : [],
  );
}

/** Module specifiers of static imports, re-exports and dynamic imports. */
function specifiers(source: string): string[] {
  return [...source.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+)["']/g)].map((m) => m[1]!);
}

describe("cards/", () => {
  const files = sources(CARDS);

  it("has the model, formatting, builders and the text renderer", () => {
    expect(files.map((f) => path.relative(CARDS, f)).sort()).toEqual(
      expect.arrayContaining([
        "model.ts",
        "format.ts",
        "index.ts",
        "render-text.ts",
        path.join("builders", "progress.ts"),
      ]),
    );
  });

  it.each(files.map((f) => [path.relative(CARDS, f), f]))("%s imports no platform SDK", (_name, file) => {
    const imports = specifiers(readFileSync(file, "utf8"));
    for (const spec of imports) expect(spec, spec).not.toMatch(/^@slack\/|^@larksuiteoapi\/|^@lark|slack|lark/i);
  });

  it("recognises a platform import when there is one", () => {
    expect(
      specifiers(
        `import type { types } from "@slack/bolt";\nexport * from './x.ts';\nconst m = await import("@larksuiteoapi/node-sdk");`,
      ),
    ).toEqual(["@slack/bolt", "./x.ts", "@larksuiteoapi/node-sdk"]);
  });
});
