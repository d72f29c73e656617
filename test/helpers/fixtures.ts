// The fixtures (test/fixtures): scenario bundles and their expected month-close results, kept in the
// repository so that a fresh clone tests itself.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const FIXTURES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures");

export function readFixture(name: string): any {
  return JSON.parse(readFileSync(path.join(FIXTURES_DIR, name), "utf8"));
}

/** Every expected result with its scenario: `<name>-<YYYY-MM>.expected.json` ↔ `<name>.scenario.json`. */
export function expectedResults(): { scenario: string; expected: string; period: string }[] {
  return readdirSync(FIXTURES_DIR)
    .filter((f) => f.endsWith(".expected.json"))
    .sort()
    .map((expected) => {
      const m = /^(.*)-(\d{4}-\d{2})\.expected\.json$/.exec(expected)!;
      const base = m[1]!;
      const period = m[2]!;
      const scenario = [`${base}.scenario.json`, `${base}-${period}.scenario.json`].find((s) =>
        readdirSync(FIXTURES_DIR).includes(s),
      );
      if (!scenario) throw new Error(`no scenario for ${expected}`);
      return { scenario, expected, period };
    });
}
