// The month's report as a chat file message: the XLSX workbook (monthReportFile) with the line that
// goes with it, and its charts as PNG pictures for a platform whose cards cannot draw them (Slack).
// What the month-end job (jobs/month-end-files.ts) and the "report" answer in chat both send.
import { text } from "../../cards/model.ts";
import type { Sql } from "../db/client.ts";
import type { FileMessage } from "../outgoing-file.ts";
import { type ReportLocale, reportCharts } from "../report/charts.ts";
import { reportWorkbookFile } from "../report/workbook.ts";
import { monthReport } from "./report.ts";

export async function reportFileMessage(
  sql: Sql,
  period: string,
  options: { locale: ReportLocale; team?: string },
): Promise<FileMessage> {
  const report = await monthReport(sql, period, options.team === undefined ? {} : { team: options.team });
  // Drawn once: embedded in the workbook and sent beside it as pictures.
  const charts = await reportCharts(report, options.locale);
  const file = await reportWorkbookFile(report, { locale: options.locale, chartImages: charts });
  const scope = report.scope;
  return {
    file: { fileName: file.fileName, contentType: file.contentType, buffer: file.buffer },
    comment: text(
      `${period} 月度团队分析${scope ? `（${scope.name}）` : "（全公司）"}：月结第 ${report.version} 版，${report.employees} 人，平均 ${report.averageTotal} 分`,
      `Team analysis ${period}${scope ? ` (${scope.name})` : " (company)"}: close version ${report.version}, ${report.employees} people, average ${report.averageTotal}`,
    ),
    images: charts.map((c) => ({ fileName: `${c.name}.png`, contentType: "image/png", buffer: c.png })),
  };
}
