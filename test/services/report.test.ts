// HR's month-end report comes from the frozen month close, never from live data.
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/client.ts";
import { importScenario } from "../../src/scenario/import.ts";
import { closeMonth } from "../../src/services/month-close.ts";
import { csvCell, monthReport, NoCloseError, reportCsv } from "../../src/services/report.ts";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";
import { readFixture } from "../helpers/fixtures.ts";
import { pacer } from "../helpers/cli.ts";

let fresh: FreshDatabase;
let database: Database;
beforeAll(async () => {
  fresh = await freshDatabase();
  database = openDatabase(fresh.url, { max: 2 });
  await importScenario(database.pool, readFixture("golden-east-2026-10.scenario.json"));
});
afterAll(async () => {
  await database.close();
  await fresh.drop();
});

describe("monthReport", () => {
  it("refuses a month that is not closed", async () => {
    await expect(monthReport(database.pool, "2026-10")).rejects.toThrow(NoCloseError);
  });

  it("summarises each team from the snapshot: headcount, average, range, goal, what to train", async () => {
    await closeMonth(database.pool, "2026-10");
    const report = await monthReport(database.pool, "2026-10");
    // Totals 107.83, 97.83 and 109.00 (the golden fixture).
    expect(report.teams).toMatchObject([
      {
        externalId: "T-EAST",
        name: "华东销售组",
        members: 3,
        averageTotal: "104.89",
        highestTotal: "109.00",
        lowestTotal: "97.83",
        goals: [{ metric: "shipments", actual: "8", goal: "6", completion: "1.3333", bonus: "10.00" }],
        // Points lost (weight − points), averaged over the members whose plan has the metric:
        // repurchase_rate (25 − 20.83) for both veterans = 4.17 beats collected_revenue (0, 2, 9 → 3.67).
        weakest: { metric: "repurchase_rate", averagePointsLost: "4.17" },
      },
    ]);
    expect(report.averageTotal).toBe("104.89");
  });

  it("writes every employee's row as CSV with a BOM, and the CLI saves it", async () => {
    const report = await monthReport(database.pool, "2026-10");
    const csv = reportCsv(report);
    expect(csv.startsWith("\uFEFFperiod,employee,name,team,plan,booked_revenue")).toBe(true);
    expect(csv).toContain("2026-10,E-A,王磊,T-EAST,veteran,45000.00,45000.00,2,");
    const file = path.join(tmpdir(), `report-${process.pid}.csv`);
    const out = await pacer(["report", "2026-10", "--out", file, "--locale", "en"], { DATABASE_URL: fresh.url });
    expect(out.code).toBe(0);
    expect(out.stdout).toContain("Team analysis, October 2026");
    expect(await readFile(file, "utf8")).toBe(csv);
  });
});

describe("CSV safe to open in a spreadsheet", () => {
  it("neutralises text that a spreadsheet would run as a formula, and keeps plain numbers numbers", () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell("+86 21 5555")).toBe("'+86 21 5555");
    expect(csvCell("-x")).toBe("'-x");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\tname")).toBe("'\tname");
    expect(csvCell("\rname")).toBe(`"'\rname"`);
    expect(csvCell("-12.50")).toBe("-12.50");
    expect(csvCell("-3")).toBe("-3");
    expect(csvCell("王磊")).toBe("王磊");
  });

  it("applies it to names coming from the data", async () => {
    const report = await monthReport(database.pool, "2026-10");
    const csv = reportCsv({ ...report, names: { ...report.names, "E-A": "=1+2" } });
    expect(csv).toContain("2026-10,E-A,'=1+2,T-EAST,veteran,");
  });
});

describe("the report in chat", () => {
  it("HR gets the report card; a salesperson is refused", async () => {
    const { answer } = await import("../../src/chat/answer.ts");
    const ids = await database.pool.query<{ external_id: string; id: number }>(
      `SELECT external_id, id FROM employees WHERE external_id IN ('E-H1', 'E-A')`,
    );
    const id = Object.fromEntries(ids.rows.map((r) => [r.external_id, r.id]));
    const deps = { pool: database.pool, now: () => new Date("2026-11-03T02:00:00Z") };
    const hr = await answer(
      deps,
      { employeeId: id["E-H1"]!, platform: "console", inGroup: false },
      { kind: "report", period: "previous" },
    );
    expect(hr.card.header.title.en).toBe("Team analysis, October 2026");
    const rep = await answer(
      deps,
      { employeeId: id["E-A"]!, platform: "console", inGroup: false },
      { kind: "report", period: "previous" },
    );
    expect(rep.card.header.title.en).not.toMatch(/Team analysis/);
    expect(JSON.stringify(rep.card)).toMatch(/HR and admins/);
  });
});
