/**
 * Regenerates src/calendar/data/cn-official.json — China's official holidays and adjusted
 * workdays — from the `chinese-days` package.
 *
 *   npx tsx scripts/generate-china-data.ts [fromYear] [toYear]     (default 2025 2026)
 *
 * Why shipped data rather than calling `chinese-days` at runtime:
 *   - its date functions mix UTC parsing with local-time getters, so their answers depend on the
 *     process TZ (with TZ=America/Los_Angeles, `getDayDetail('2026-10-10')` reports 2026-10-09 and
 *     `isWorkday('2026-10-12')`, a Monday, is false) — the data maps themselves are exact;
 *   - the working-day count behind closed months must not change silently with a dependency
 *     upgrade: the data is reviewed in a diff when regenerated;
 *   - the runtime needs a dozen dates a year, not the package's lunar/solar-term tables.
 * The script reads the package's own date → "English,中文,n" maps (dist/chinese-days.json), so no
 * date arithmetic of the package is involved. test/calendar checks the shipped file against the
 * package's `isWorkday` for every day of the covered years.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { parseCalendarFile, type CalendarEntry, type CalendarFile } from "../src/calendar/file.ts";

const require = createRequire(import.meta.url);

interface ChineseDaysJson {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

function entries(map: Record<string, string>, from: number, to: number): CalendarEntry[] {
  return Object.entries(map)
    .filter(([date]) => {
      const y = Number(date.slice(0, 4));
      return y >= from && y <= to;
    })
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([date, label]) => {
      const [en, zh] = label.split(",");
      return { date, name: zh ?? label, nameEn: en ?? label };
    });
}

export function buildChinaCalendar(from: number, to: number): CalendarFile {
  const pkgJson = require.resolve("chinese-days/package.json");
  const version = (JSON.parse(readFileSync(pkgJson, "utf8")) as { version: string }).version;
  const data = JSON.parse(
    readFileSync(require.resolve("chinese-days/dist/chinese-days.json"), "utf8"),
  ) as ChineseDaysJson;
  const years = Array.from({ length: to - from + 1 }, (_, i) => from + i);
  return parseCalendarFile({
    name: "China official holidays and adjusted workdays (国务院办公厅节假日安排)",
    source: `chinese-days@${version}`,
    years,
    holidays: entries(data.holidays, from, to),
    workdays: entries(data.workdays, from, to),
  });
}

/** Pretty JSON with one calendar entry per line (reviewable diffs). */
function toJsonText(cal: CalendarFile): string {
  const list = (xs: readonly CalendarEntry[]) => xs.map((x) => `  ${JSON.stringify(x)}`).join(",\n");
  return [
    "{",
    ` "name": ${JSON.stringify(cal.name)},`,
    ` "source": ${JSON.stringify(cal.source)},`,
    ` "years": ${JSON.stringify(cal.years)},`,
    ' "holidays": [',
    list(cal.holidays),
    " ],",
    ' "workdays": [',
    list(cal.workdays),
    " ]",
    "}",
    "",
  ].join("\n");
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const from = Number(process.argv[2] ?? 2025);
  const to = Number(process.argv[3] ?? 2026);
  const out = fileURLToPath(new URL("../src/calendar/data/cn-official.json", import.meta.url));
  const cal = buildChinaCalendar(from, to);
  writeFileSync(out, toJsonText(cal));
  console.log(
    `wrote ${out}: ${cal.holidays.length} holidays, ${cal.workdays.length} adjusted workdays, years ${from}–${to}`,
  );
}
