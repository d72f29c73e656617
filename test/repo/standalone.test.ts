// A newcomer's clone is the whole product. The workspace this repository was written in keeps
// input material in a folder beside the checkout; nothing in the repository may read or link it,
// and every relative link in the Markdown docs must land on a file that is committed here. CI
// (.ci/run) runs the suite in a fresh clone with no such folder beside it; this test names the
// exact file and line when a reference slips in, before CI does.
//
// The patterns are assembled from pieces so that this file does not match its own scan.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES_DIR } from "../helpers/fixtures.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SIBLING = ["sh", "ared"].join("");
const UP = "..";

/** Every way a path to the sibling folder has been (or could plausibly be) written. */
const SIBLING_REFERENCES: { what: string; pattern: RegExp }[] = [
  { what: "a relative path up into it", pattern: new RegExp(String.raw`\.\.[\\/]+${SIBLING}(?![\w-])`) },
  { what: "a path string starting with it", pattern: new RegExp(String.raw`["'\x60]${SIBLING}[\\/]`) },
  {
    what: "path segments: a '..' segment, then the folder's name",
    pattern: new RegExp(String.raw`["'\x60](?:[^"'\x60\n]*[\\/])?\.\.["'\x60].*["'\x60]${SIBLING}["'\x60]`),
  },
  { what: "the workspace's absolute path", pattern: new RegExp(String.raw`[\\/]work[\\/]${SIBLING}(?![\w-])`) },
];

/** Data, not code or prose: the lock file and the fixtures (copied verbatim from the product's input). */
const SKIPPED = (file: string) => file === "package-lock.json" || file.startsWith("test/fixtures/");

function trackedFiles(): string[] {
  return execFileSync("git", ["ls-files", "-z"], { cwd: ROOT, encoding: "utf8" }).split("\0").filter(Boolean);
}

function isBinary(content: Buffer): boolean {
  return content.subarray(0, 8000).includes(0);
}

/** `line: reason` for each line of `text` that reads or links the sibling folder. */
function siblingReferences(text: string): string[] {
  return text
    .split("\n")
    .flatMap((line, index) =>
      SIBLING_REFERENCES.filter(({ pattern }) => pattern.test(line)).map(
        ({ what }) => `${index + 1}: ${what}: ${line.trim()}`,
      ),
    );
}

interface Link {
  line: number;
  target: string;
  kind: "link" | "code";
}

/** Markdown links (inline and reference definitions) and backticked repository paths, outside fenced code. */
function markdownLinks(text: string, topLevel: ReadonlySet<string>): Link[] {
  const links: Link[] = [];
  let fenced = false;
  text.split("\n").forEach((line, index) => {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) return;
    for (const m of line.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      links.push({ line: index + 1, target: m[1]!, kind: "link" });
    }
    const definition = /^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?/.exec(line);
    if (definition) links.push({ line: index + 1, target: definition[1]!, kind: "link" });
    for (const m of line.matchAll(/`([^`\s]+)`/g)) {
      const token = m[1]!.replace(/:\d+(?:-\d+)?$/, "");
      if (/[*<>{}$…|]/.test(token) || !token.includes("/")) continue;
      const first = token.split("/")[0]!;
      // (A backticked `/name` is a URL path or a system path, not a link into the repository.)
      if (token.startsWith("./") || token.startsWith(`${UP}/`) || topLevel.has(first)) {
        links.push({ line: index + 1, target: token, kind: "code" });
      }
    }
  });
  return links;
}

/** Whether git ignores a path: generated output (e.g. the Prisma client), which prose may name in backticks. */
function gitIgnored(file: string): boolean {
  try {
    execFileSync("git", ["check-ignore", "-q", "--no-index", file], { cwd: ROOT });
    return true;
  } catch {
    return false;
  }
}

/**
 * Why a link from `file` does not resolve to a committed file or folder inside the repository; null
 * when it does. A backticked path may also name something git ignores (generated output).
 */
function brokenLink(
  file: string,
  link: Link,
  tracked: ReadonlySet<string>,
  ignored: (file: string) => boolean,
): string | null {
  const target = link.target;
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("#")) return null; // a URL or an anchor
  if (target.startsWith("/")) return "an absolute path (outside the repository)";
  const bare = decodeURI(target.replace(/[#?].*$/, ""));
  // Markdown links are relative to the document; backticked paths are written from the repository root.
  const base = link.kind === "link" ? path.posix.dirname(file) : ".";
  const resolved = path.posix.normalize(path.posix.join(base, bare)).replace(/\/$/, "");
  if (resolved === UP || resolved.startsWith(`${UP}/`)) return "leaves the repository";
  if (resolved === "." || tracked.has(resolved)) return null;
  for (const f of tracked) {
    // A folder, or (in backticks) a file named without its extension, e.g. a fixture's stem.
    if (f.startsWith(`${resolved}/`) || (link.kind === "code" && f.startsWith(`${resolved}.`))) return null;
  }
  if (link.kind === "code" && ignored(resolved)) return null;
  return "no such file is committed";
}

function brokenLinks(
  file: string,
  text: string,
  tracked: ReadonlySet<string>,
  ignored: (file: string) => boolean = gitIgnored,
): string[] {
  const topLevel = new Set([...tracked].filter((f) => f.includes("/")).map((f) => f.split("/")[0]!));
  return markdownLinks(text, topLevel).flatMap((link) => {
    const why = brokenLink(file, link, tracked, ignored);
    return why ? [`${file}:${link.line}: ${link.target} — ${why}`] : [];
  });
}

describe("the repository stands alone", () => {
  const tracked = trackedFiles();
  const trackedSet = new Set(tracked);

  it("recognises every way of pointing at the sibling folder, and not the word in prose", () => {
    const planted = [
      `const dir = path.resolve(here, "${UP}/${UP}/${UP}/${SIBLING}/fixtures");`,
      `The rules are in [PRODUCT.md](${UP}/${SIBLING}/PRODUCT.md).`,
      `readFileSync("${SIBLING}/fixtures/golden.json")`,
      `path.join(import.meta.dirname, "${UP}", "${UP}", "${SIBLING}", "fixtures")`,
      `cat /work/${SIBLING}/PRODUCT.md`,
      `windows: ${UP}\\${SIBLING}\\fixtures`,
    ];
    for (const line of planted) expect(siblingReferences(line), line).not.toEqual([]);

    const innocent = [
      `// Outbound rate limits ${SIBLING} by every worker process`,
      `  Buffers: ${SIBLING} hit=1488`,
      `const ${SIBLING}Secret = "x";`,
      `path.join(root, "${UP}", "${SIBLING}Cache")`,
    ];
    for (const line of innocent) expect(siblingReferences(line), line).toEqual([]);
  });

  it("no committed file reads or links the sibling folder (each offence named as file:line)", () => {
    const offences = tracked
      .filter((file) => !SKIPPED(file))
      .flatMap((file) => {
        const content = readFileSync(path.join(ROOT, file));
        if (isBinary(content)) return [];
        return siblingReferences(content.toString("utf8")).map((hit) => `${file}:${hit}`);
      });
    expect(offences).toEqual([]);
  });

  it("the fixtures the tests read are committed inside the repository", () => {
    const dir = path.relative(ROOT, FIXTURES_DIR).split(path.sep).join("/");
    expect(dir).toBe("test/fixtures");
    const fixtures = tracked.filter((f) => f.startsWith(`${dir}/`));
    expect(fixtures).toEqual(
      expect.arrayContaining([
        "test/fixtures/golden-east-2026-10.scenario.json",
        "test/fixtures/golden-east-2026-10.expected.json",
        "test/fixtures/generated-s1.scenario.json",
        "test/fixtures/generated-s1-2026-10.expected.json",
      ]),
    );
  });

  it("finds links that leave the repository or point at nothing committed", () => {
    const doc = [
      `See [the rules](${UP}/${UP}/${SIBLING}/PRODUCT.md), [design](ARCHITECTURE.md), [up](${UP}/x.md).`,
      "[missing](NOPE.md#top), [web](https://example.com), [anchor](#develop)",
      `Fixture \`test/fixtures/golden-east-2026-10\`, script \`.ci/run\`, outside \`${UP}/elsewhere/x.md\`.`,
      "[ref]: /etc/passwd",
      "Served at `/metrics`; the client is generated into `src/generated/prisma`; [no](src/generated/prisma).",
      "```sh",
      `cat ${UP}/${SIBLING}/x](${UP}/y)`,
      "```",
    ].join("\n");
    const files = new Set([
      "docs/ARCHITECTURE.md",
      "test/fixtures/golden-east-2026-10.scenario.json",
      ".ci/run",
      "src/main.ts",
    ]);
    const ignored = (f: string) => f.startsWith("src/generated/");
    expect(brokenLinks("docs/GUIDE.md", doc, files, ignored)).toEqual([
      `docs/GUIDE.md:1: ${UP}/${UP}/${SIBLING}/PRODUCT.md — leaves the repository`,
      `docs/GUIDE.md:1: ${UP}/x.md — no such file is committed`,
      "docs/GUIDE.md:2: NOPE.md#top — no such file is committed",
      `docs/GUIDE.md:3: ${UP}/elsewhere/x.md — leaves the repository`,
      "docs/GUIDE.md:4: /etc/passwd — an absolute path (outside the repository)",
      "docs/GUIDE.md:5: src/generated/prisma — no such file is committed",
    ]);
  });

  it("every relative link in README.md and docs/*.md resolves to a committed file in the repository", () => {
    const docs = tracked.filter((f) => f === "README.md" || /^docs\/.+\.md$/.test(f));
    expect(docs).toContain("README.md");
    expect(docs).toContain("docs/KPI-RULES.md");
    const broken = docs.flatMap((file) => brokenLinks(file, readFileSync(path.join(ROOT, file), "utf8"), trackedSet));
    expect(broken).toEqual([]);
  });
});
