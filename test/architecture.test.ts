// Dependencies point inward: the domain core and the card model know nothing of Slack, Lark,
// HTTP, queues or Redis. This test reads every import of the core's files and fails on any
// platform or transport module — including type-only imports, which still couple the code.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
const CORE = [
  "src/kpi",
  "src/calendar",
  "src/recruit",
  "src/chat",
  "src/services",
  "src/store",
  "src/scenario",
  "cards",
];
const FORBIDDEN = [
  /^@slack\//,
  /^@larksuiteoapi\//,
  /^fastify/,
  /^bullmq/,
  /^ioredis/,
  /^ws$/,
  /\/slack\//,
  /\/lark\//,
  /\/http\//,
  /\/jobs\//,
  /^\.\.?\/(?:\.\.\/)*jobs\//,
];

function files(dir: string): string[] {
  const abs = path.join(root, dir);
  return readdirSync(abs).flatMap((name) => {
    const full = path.join(abs, name);
    if (statSync(full).isDirectory()) return files(path.join(dir, name));
    return name.endsWith(".ts") ? [path.join(dir, name)] : [];
  });
}

function importsOf(file: string): string[] {
  const source = readFileSync(path.join(root, file), "utf8");
  return [
    ...source.matchAll(
      /^\s*(?:import|export)\s[^'"]*?from\s+["']([^"']+)["']|^\s*import\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/gm,
    ),
  ].map((m) => (m[1] ?? m[2] ?? m[3])!);
}

describe("architecture", () => {
  const coreFiles = CORE.flatMap(files);

  it("finds the core's files", () => {
    expect(coreFiles.length).toBeGreaterThan(30);
  });

  it.each(CORE)("%s imports no platform SDK, HTTP framework, queue or adapter", (dir) => {
    const offenders = coreFiles
      .filter((f) => f.startsWith(`${dir}/`))
      .flatMap((f) =>
        importsOf(f)
          .filter((spec) => FORBIDDEN.some((re) => re.test(spec)))
          .map((spec) => `${f} → ${spec}`),
      );
    expect(offenders).toEqual([]);
  });

  it("the check itself catches a platform import", () => {
    const fake = `import { App } from "@slack/bolt";\nimport type { X } from "../slack/bot.ts";`;
    const specs = [...fake.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+["']([^"']+)["']/gm)].map((m) => m[1]!);
    expect(specs.filter((spec) => FORBIDDEN.some((re) => re.test(spec)))).toEqual(["@slack/bolt", "../slack/bot.ts"]);
  });
});
