// Reads what a platform received as the month-end workbook: each employee's total on the
// employee sheet (as written, a number), and what the close froze, to compare them.
import ExcelJS from "exceljs";
import type { CloseJson } from "../../src/kpi/evaluate.ts";
import { METRICS } from "../../src/kpi/metrics.ts";
import { SHEETS } from "../../src/report/workbook.ts";

/** Employee id → total, from the workbook's employee sheet (either language). */
export async function workbookTotals(buffer: Buffer): Promise<Map<string, number>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  const sheet = wb.getWorksheet(SHEETS.employees["zh-CN"]) ?? wb.getWorksheet(SHEETS.employees.en);
  if (!sheet) throw new Error("the workbook has no employee sheet");
  // Employee ID, name, team, plan, four columns per metric, then base, team bonus, total, rank.
  const totalColumn = 4 + METRICS.length * 4 + 3;
  const totals = new Map<string, number>();
  sheet.eachRow((row, n) => {
    if (n > 2) totals.set(String(row.getCell(1).value), row.getCell(totalColumn).value as number);
  });
  return totals;
}

/** The close's totals, for everyone or one team (by its external id). */
export function closeTotals(close: CloseJson, team?: string): Map<string, number> {
  return new Map(
    close.employees
      .filter((e) => team === undefined || e.teamExternalId === team)
      .map((e) => [e.externalId, Number(e.total)]),
  );
}
