// The month-end workbook says exactly what the month close froze: every employee's actuals,
// points, base, bonus, total and rank are the close's values, as numbers with number formats; the
// summary's figures follow from them; the charts are embedded as valid PNG images.
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { reportCard } from "../../cards/builders/report.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/client.ts";
import type { CloseJson } from "../../src/kpi/evaluate.ts";
import { METRIC_DEFINITIONS, METRICS } from "../../src/kpi/metrics.ts";
import { SHEETS } from "../../src/report/workbook.ts";
import { importScenario } from "../../src/scenario/import.ts";
import { closeMonth, InvalidPeriodError } from "../../src/services/month-close.ts";
import { monthReport, monthReportFile, UnknownReportTeamError } from "../../src/services/report.ts";
import { pacer } from "../helpers/cli.ts";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";
import { readFixture } from "../helpers/fixtures.ts";
import { readPng } from "./png.ts";

const SCENARIO = "golden-east-2026-10.scenario.json";
let fresh: FreshDatabase;
let database: Database;
let close: CloseJson;
let september: CloseJson;

beforeAll(async () => {
  fresh = await freshDatabase();
  database = openDatabase(fresh.url, { max: 2 });
  await importScenario(database.pool, readFixture(SCENARIO));
  const course = await database.pool.query<{ id: number }>(
    `INSERT INTO training_courses (external_id, title_zh, title_en) VALUES ('C-REP', '老客户复购技巧', 'Winning repeat business') RETURNING id`,
  );
  await database.pool.query(`INSERT INTO metric_courses (metric, course_id) VALUES ('repurchase_rate', $1)`, [
    course.rows[0]!.id,
  ]);
  // September closes too (the golden data is in October), so there is a month to compare with.
  september = (await closeMonth(database.pool, "2026-09")).result;
  close = (await closeMonth(database.pool, "2026-10")).result;
});
afterAll(async () => {
  await database.close();
  await fresh.drop();
});

async function open(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  return wb;
}

/** The sheet's rows as arrays of cell values (index 0 = column A). */
function rowsOf(sheet: ExcelJS.Worksheet): { values: unknown[]; row: ExcelJS.Row }[] {
  const out: { values: unknown[]; row: ExcelJS.Row }[] = [];
  sheet.eachRow((row) => out.push({ values: (row.values as unknown[]).slice(1), row }));
  return out;
}

const asNumber = (s: string | null | undefined) => (s === null || s === undefined ? null : Number(s));

describe("the employee sheet", () => {
  it("has one row per employee with the close's values, the targets, and achievements consistent with points", async () => {
    const file = await monthReportFile(database.pool, "2026-10", { locale: "en" });
    expect(file.fileName).toBe("pacer-report-2026-10.xlsx");
    const wb = await open(file.buffer);
    const sheet = wb.getWorksheet(SHEETS.employees.en)!;
    const header = rowsOf(sheet)[1]!.values;
    expect(header.slice(0, 8)).toEqual([
      "Employee ID",
      "Name",
      "Team",
      "Plan",
      "Actual",
      "Target",
      "Achievement",
      "Points",
    ]);
    const rows = rowsOf(sheet).slice(2);
    expect(rows.map((r) => r.values[0])).toEqual(close.employees.map((e) => e.externalId));

    const scenario = readFixture(SCENARIO);
    const plans = new Map<string, { metric: string; weight: number }[]>(
      scenario.plans.map((p: { key: string; items: { metric: string; weight: number }[] }) => [p.key, p.items]),
    );
    for (const [i, e] of close.employees.entries()) {
      const { values, row } = rows[i]!;
      expect(values[3]).toBe(e.plan);
      for (const [k, m] of METRICS.entries()) {
        const at = 4 + k * 4;
        expect(values[at] ?? null).toBe(asNumber(e.metrics[m]));
        const target = scenario.targets.find(
          (t: { employeeExternalId: string; metric: string; period: string }) =>
            t.employeeExternalId === e.externalId && t.metric === m && t.period === "2026-10",
        );
        expect(values[at + 1] ?? null).toBe(target ? Number(target.value) : null);
        expect(values[at + 3] ?? null).toBe(asNumber(e.points[m]));
        const weight = plans.get(e.plan)!.find((item) => item.metric === m)?.weight;
        if (weight === undefined) {
          expect(values[at + 2] ?? null).toBeNull();
        } else if (Number(e.points[m]) > 0) {
          // The close stores points (2 decimals), the sheet achievement (4 decimals): weight × it
          // must give the points within the two roundings.
          expect(Math.abs((values[at + 2] as number) * weight - Number(e.points[m]))).toBeLessThanOrEqual(
            0.005 + weight * 0.00005,
          );
        }
        const kind = METRIC_DEFINITIONS[m].kind;
        if (e.metrics[m] !== null)
          expect(row.getCell(at + 1).numFmt).toBe(
            { money: "#,##0.00", rate: "0.00%", count: "0", decimal: "0.00" }[kind],
          );
        if (weight !== undefined) expect(row.getCell(at + 3).numFmt).toBe("0.00%");
      }
      const tail = 4 + METRICS.length * 4;
      expect(values.slice(tail, tail + 4)).toEqual([Number(e.base), Number(e.teamBonus), Number(e.total), e.teamRank]);
      expect(row.getCell(tail + 3).numFmt).toBe("0.00");
    }
    // A value checked by hand: E-A's repurchase rate 0.5 against 0.6 → 0.8333, 25 × that = 20.83.
    const a = rows.find((r) => r.values[0] === "E-A")!.values;
    const repurchase = 4 + METRICS.indexOf("repurchase_rate") * 4;
    expect(a.slice(repurchase, repurchase + 4)).toEqual([0.5, 0.6, 0.8333, 20.83]);
  });
});

describe("the summary sheet", () => {
  it("gives each team's totals, spread, goal, tier, high performers, areas to improve and the change since September", async () => {
    const wb = await open((await monthReportFile(database.pool, "2026-10", { locale: "en" })).buffer);
    const rows = rowsOf(wb.getWorksheet(SHEETS.summary.en)!).map((r) => r.values);
    const fact = (label: string) => rows.find((r) => r[0] === label)?.[1];
    const totals = close.employees.map((e) => Number(e.total));
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(fact("People scored")).toBe(close.employees.length);
    expect(fact("Average total")).toBe(104.89);
    const septemberAverage = mean(september.employees.map((e) => Number(e.total)));
    expect(fact("Previous month's average")).toBe(Number(septemberAverage.toFixed(2)));
    expect(fact("Change vs previous month")).toBeCloseTo(104.89 - septemberAverage, 2);

    const headerAt = rows.findIndex((r) => r[0] === "Team ID" && r[1] === "Team");
    const header = rows[headerAt]!;
    const team = Object.fromEntries(header.map((h, i) => [h as string, rows[headerAt + 1]![i]]));
    const sd = Math.sqrt(mean(totals.map((t) => (t - mean(totals)) ** 2)));
    expect(team).toMatchObject({
      "Team ID": "T-EAST",
      Team: "华东销售组",
      People: 3,
      "Average total": 104.89,
      Lowest: 97.83,
      Highest: 109,
      "Std dev": Number(sd.toFixed(2)),
      "Goal actual": 8,
      Goal: 6,
      Completion: 1.3333,
      // 8/6 = 133 % reaches the 120 % tier: +10.
      "Tier reached": 1.2,
      "Team bonus": 10,
    });
    // Ranks 1 of 3: the top fifth is the first (E-C, 109.00).
    const top = close.employees.find((e) => e.teamRank === 1)!;
    expect(team["High performers"]).toMatch(new RegExp(`\\(${top.total}\\)$`));
    expect(team["Areas to improve (suggested course)"]).toMatch(/^Repurchase rate −4\.17 → Winning repeat business/);
    expect(team["Previous average"]).toBe(Number(septemberAverage.toFixed(2)));

    const statsAt = rows.findIndex((r) => r[1] === "Metric");
    const stats = rows.slice(statsAt + 1).map((r) => Object.fromEntries(rows[statsAt]!.map((h, i) => [h, r[i]])));
    const collected = stats.find((s) => s.Metric === "Collected revenue")!;
    const values = close.employees.map((e) => Number(e.metrics.collected_revenue));
    expect(collected).toMatchObject({
      "Team ID": "T-EAST",
      "People with data": 3,
      Mean: Number(mean(values).toFixed(2)),
      Min: Math.min(...values),
      Max: Math.max(...values),
      "Std dev": Number(Math.sqrt(mean(values.map((v) => (v - mean(values)) ** 2))).toFixed(2)),
    });
  });
});

describe("the report card", () => {
  it("shows the change of the average total since the previous closed month", async () => {
    const report = await monthReport(database.pool, "2026-10");
    const fields = reportCard(report).elements.find((e) => e.type === "fields");
    const change =
      fields?.type === "fields" ? fields.fields.find((f) => f.label.en === "vs previous month") : undefined;
    const septemberAverage = september.employees.reduce((s, e) => s + Number(e.total), 0) / september.employees.length;
    expect(Number(change?.value.en)).toBeCloseTo(104.89 - septemberAverage, 2);
  });
});

describe("the charts", () => {
  it("are embedded as valid PNG images on the charts sheet", async () => {
    const wb = await open((await monthReportFile(database.pool, "2026-10", { locale: "zh-CN" })).buffer);
    const images = wb.getWorksheet(SHEETS.charts["zh-CN"])!.getImages();
    expect(images).toHaveLength(2);
    for (const image of images) {
      const media = wb.getImage(Number(image.imageId));
      expect(media.extension).toBe("png");
      const png = readPng(media.buffer as unknown as Buffer);
      expect(png.width).toBeGreaterThan(300);
      expect(png.height).toBeGreaterThan(200);
    }
  });

  it("can be left out (the same workbook without images)", async () => {
    const wb = await open((await monthReportFile(database.pool, "2026-10", { locale: "en", charts: false })).buffer);
    expect(wb.getWorksheet(SHEETS.charts.en)).toBeUndefined();
    expect(wb.model.media).toHaveLength(0);
  });
});

describe("scope", () => {
  it("narrows to one team for its manager, and refuses an unknown team", async () => {
    const file = await monthReportFile(database.pool, "2026-10", { team: "T-EAST", locale: "en" });
    expect(file.fileName).toBe("pacer-report-2026-10-T-EAST.xlsx");
    expect(file.report.scope).toEqual({ externalId: "T-EAST", name: "华东销售组" });
    expect(file.report.rows.every((r) => r.teamExternalId === "T-EAST")).toBe(true);
    await expect(monthReportFile(database.pool, "2026-10", { team: "T-NOPE" })).rejects.toThrow(UnknownReportTeamError);
    await expect(monthReportFile(database.pool, "2026-13")).rejects.toThrow(InvalidPeriodError);
  });
});

describe("pacer report --format xlsx", () => {
  it("writes the workbook the service builds", async () => {
    const out = path.join(tmpdir(), `report-${process.pid}.xlsx`);
    const res = await pacer(["report", "2026-10", "--format", "xlsx", "--out", out, "--team", "T-EAST"], {
      DATABASE_URL: fresh.url,
    });
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(`wrote ${close.employees.length} rows to ${out}`);
    const wb = await open(await readFile(out));
    expect(wb.worksheets.map((s) => s.name)).toEqual([
      SHEETS.summary["zh-CN"],
      SHEETS.employees["zh-CN"],
      SHEETS.charts["zh-CN"],
    ]);
  });

  it("refuses an unknown format or team with a clear message", async () => {
    const env = { DATABASE_URL: fresh.url };
    const bad = await pacer(["report", "2026-10", "--format", "pdf"], env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("--format must be csv or xlsx");
    const team = await pacer(["report", "2026-10", "--format", "xlsx", "--team", "T-NOPE"], env);
    expect(team.code).not.toBe(0);
    expect(team.stderr).toContain('No team "T-NOPE"');
  });
});
