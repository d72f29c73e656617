// The month-end report as an XLSX workbook: a summary sheet (per team: totals' average and spread,
// goal, bonus tier, high performers, areas to improve with the course, month-over-month change;
// then every metric's statistics per team), one row per employee with every metric's actual,
// target, achievement and points, and a sheet of charts. Numbers are written as numbers — each
// decimal string of the close converted once — with number formats (money 2 decimals, rates %).
import ExcelJS from "exceljs";
import { metricLabelText } from "../../cards/metrics.ts";
import { METRIC_DEFINITIONS, METRICS, type MetricKey } from "../kpi/metrics.ts";
import type { MonthReport } from "../services/report.ts";
import { type ChartImage, type ReportLocale, reportCharts } from "./charts.ts";

export const XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export interface ReportFile {
  fileName: string;
  contentType: string;
  buffer: Buffer;
}

export interface WorkbookOptions {
  locale: ReportLocale;
  /** Render and embed the charts (default true). */
  charts?: boolean;
  /** Charts already rendered for this report (e.g. to send beside the file): embedded, not drawn again. */
  chartImages?: ChartImage[];
}

export const SHEETS = {
  summary: { "zh-CN": "汇总", en: "Summary" },
  employees: { "zh-CN": "员工明细", en: "Employees" },
  charts: { "zh-CN": "图表", en: "Charts" },
} as const;

const FMT = {
  money: "#,##0.00",
  decimal: "0.00",
  count: "0",
  rate: "0.00%",
  points: "0.00",
  int: "0",
} as const;

/** The number format of a metric's values (or of its statistics, which have 2 decimals for counts). */
function metricFormat(metric: MetricKey, stat = false): string {
  const kind = METRIC_DEFINITIONS[metric].kind;
  if (kind === "count") return stat ? FMT.decimal : FMT.count;
  return FMT[kind];
}

/** A decimal string of the close as a number (converted once), null stays empty. */
const num = (s: string | null | undefined): number | null => (s === null || s === undefined ? null : Number(s));
/** The same for the employee rows, where an empty cell is not created at all (112k cells at 2,000 people). */
const cellNum = (s: string | null | undefined): number | undefined =>
  s === null || s === undefined ? undefined : Number(s);

const fileSafe = (s: string) => s.replace(/[^A-Za-z0-9_-]+/g, "_");

/** The report's file name: pacer-report-2026-10.xlsx, or …-2026-10-T-EAST.xlsx for one team. */
export function reportFileName(report: Pick<MonthReport, "period" | "scope">, extension: "xlsx" | "csv"): string {
  return `pacer-report-${report.period}${report.scope ? `-${fileSafe(report.scope.externalId)}` : ""}.${extension}`;
}

export async function buildWorkbook(report: MonthReport, options: WorkbookOptions): Promise<ExcelJS.Workbook> {
  // The charts rasterise on the thread pool while the sheets are built here.
  const charts =
    options.charts === false
      ? Promise.resolve([])
      : options.chartImages
        ? Promise.resolve(options.chartImages)
        : reportCharts(report, options.locale);
  charts.catch(() => {}); // awaited below; this only keeps a failure during the sheets from going unhandled
  const l = options.locale;
  const tr = (zh: string, en: string) => (l === "zh-CN" ? zh : en);
  const metricLabel = (m: MetricKey) => metricLabelText(m)[l];
  const wb = new ExcelJS.Workbook();
  wb.creator = "Pacer";
  // From the close, not the wall clock: the same close gives the same workbook.
  wb.created = new Date(report.closedAt);
  wb.modified = new Date(report.closedAt);

  // ── Summary ──
  const summary = wb.addWorksheet(SHEETS.summary[l]);
  const title = summary.addRow([
    tr(`${report.period} 月度团队分析`, `Team analysis, ${report.period}`) +
      (report.scope ? ` — ${report.scope.name || report.scope.externalId}` : ""),
  ]);
  title.font = { bold: true, size: 14 };
  const fact = (label: string, value: string | number | null, numFmt?: string) => {
    const row = summary.addRow([label, value]);
    if (numFmt) row.getCell(2).numFmt = numFmt;
  };
  fact(tr("结算版本", "Close version"), report.version, FMT.int);
  fact(tr("冻结时间", "Frozen at"), report.closedAt);
  fact(tr("范围", "Scope"), report.scope ? report.scope.externalId : tr("全公司", "Whole company"));
  fact(tr("参与考核人数", "People scored"), report.employees, FMT.int);
  fact(tr("平均总分", "Average total"), num(report.averageTotal), FMT.points);
  fact(
    tr("上月平均总分", "Previous month's average"),
    report.previous ? num(report.previous.averageTotal) : tr("上月未结算", "previous month not closed"),
    FMT.points,
  );
  fact(tr("环比变化", "Change vs previous month"), num(report.previous?.averageTotalChange), FMT.points);
  summary.addRow([]);

  const teamHeader = summary.addRow([
    tr("团队编号", "Team ID"),
    tr("团队", "Team"),
    tr("人数", "People"),
    tr("平均总分", "Average total"),
    tr("最低", "Lowest"),
    tr("最高", "Highest"),
    tr("标准差", "Std dev"),
    tr("上月平均", "Previous average"),
    tr("环比变化", "Change"),
    tr("团队目标指标", "Goal metric"),
    tr("目标实际", "Goal actual"),
    tr("目标值", "Goal"),
    tr("完成率", "Completion"),
    tr("达成档位", "Tier reached"),
    tr("团队奖励分", "Team bonus"),
    tr("优秀员工", "High performers"),
    tr("高潜力", "High potential"),
    tr("待提升方向（建议课程）", "Areas to improve (suggested course)"),
  ]);
  teamHeader.font = { bold: true };
  for (const team of report.teams) {
    const goal = team.goals[0];
    const row = summary.addRow([
      team.externalId,
      team.name,
      team.members,
      num(team.averageTotal),
      num(team.lowestTotal),
      num(team.highestTotal),
      num(team.stddevTotal),
      num(team.previous?.averageTotal),
      num(team.previous?.averageTotalChange),
      goal ? metricLabel(goal.metric) : null,
      num(goal?.actual),
      num(goal?.goal),
      num(goal?.completion),
      goal?.tier ? Number(goal.tier) : null,
      num(goal?.bonus),
      team.highPerformers.map((p) => `${p.name} (${p.total})`).join(tr("、", ", ")),
      team.highPotential.map((p) => `${p.name}: ${metricLabel(p.metric)}`).join(tr("、", ", ")),
      team.areasToImprove
        .map(
          (a) =>
            `${metricLabel(a.metric)} −${a.averagePointsLost}` +
            (a.course ? ` → ${l === "zh-CN" ? a.course.titleZh : a.course.titleEn}` : ""),
        )
        .join(tr("；", "; ")),
    ]);
    row.getCell(3).numFmt = FMT.int;
    for (const c of [4, 5, 6, 7, 8, 9, 15]) row.getCell(c).numFmt = FMT.points;
    if (goal) {
      row.getCell(11).numFmt = metricFormat(goal.metric);
      row.getCell(12).numFmt = metricFormat(goal.metric);
    }
    row.getCell(13).numFmt = FMT.rate;
    row.getCell(14).numFmt = "0%";
  }
  summary.addRow([]);

  const statsHeader = summary.addRow([
    tr("团队编号", "Team ID"),
    tr("指标", "Metric"),
    tr("有数据人数", "People with data"),
    tr("平均", "Mean"),
    tr("最低", "Min"),
    tr("最高", "Max"),
    tr("标准差", "Std dev"),
    tr("平均达成率", "Mean achievement"),
    tr("上月平均", "Previous mean"),
    tr("环比变化", "Change"),
  ]);
  statsHeader.font = { bold: true };
  for (const team of report.teams) {
    for (const s of team.metricStats) {
      const row = summary.addRow([
        team.externalId,
        metricLabel(s.metric),
        s.count,
        num(s.mean),
        num(s.min),
        num(s.max),
        num(s.stddev),
        num(s.meanAchievement),
        num(s.previousMean),
        num(s.change),
      ]);
      row.getCell(3).numFmt = FMT.int;
      for (const c of [4, 5, 6, 7, 9, 10]) row.getCell(c).numFmt = metricFormat(s.metric, true);
      row.getCell(8).numFmt = FMT.rate;
    }
  }
  summary.columns.forEach((col, i) => {
    col.width = i === 1 ? 18 : i >= 15 ? 40 : 13;
  });
  summary.getColumn(1).width = 16;

  // ── Employees ──
  const sheet = wb.addWorksheet(SHEETS.employees[l], { views: [{ state: "frozen", xSplit: 2, ySplit: 2 }] });
  const fixed = [tr("员工编号", "Employee ID"), tr("姓名", "Name"), tr("团队", "Team"), tr("考核方案", "Plan")];
  const perMetric = [tr("实际", "Actual"), tr("目标", "Target"), tr("达成率", "Achievement"), tr("得分", "Points")];
  const tail = [tr("基础分", "Base"), tr("团队奖励分", "Team bonus"), tr("总分", "Total"), tr("团队排名", "Team rank")];
  const group = sheet.addRow([...fixed.map(() => null), ...METRICS.flatMap((m) => [metricLabel(m), null, null, null])]);
  const header = sheet.addRow([...fixed, ...METRICS.flatMap(() => perMetric), ...tail]);
  group.font = { bold: true };
  header.font = { bold: true };
  METRICS.forEach((_, i) => {
    const first = fixed.length + 1 + i * 4;
    sheet.mergeCells(1, first, 1, first + 3);
  });
  for (const line of report.lines) {
    const e = line.employee;
    const row = sheet.addRow([
      e.externalId,
      line.name,
      line.teamName ?? "",
      e.plan,
      ...METRICS.flatMap((m) => {
        const c = line.cells[m];
        return [cellNum(c.actual), cellNum(c.target), cellNum(c.achievement), cellNum(c.points)];
      }),
      num(e.base),
      num(e.teamBonus),
      num(e.total),
      e.teamRank ?? undefined,
    ]);
    METRICS.forEach((m, i) => {
      const first = fixed.length + 1 + i * 4;
      const c = line.cells[m];
      if (c.actual !== null) row.getCell(first).numFmt = metricFormat(m);
      if (c.target !== null) row.getCell(first + 1).numFmt = metricFormat(m);
      if (c.achievement !== null) row.getCell(first + 2).numFmt = FMT.rate;
      if (c.points !== null) row.getCell(first + 3).numFmt = FMT.points;
    });
    const base = fixed.length + METRICS.length * 4 + 1;
    for (const c of [base, base + 1, base + 2]) row.getCell(c).numFmt = FMT.points;
    row.getCell(base + 3).numFmt = FMT.int;
  }
  sheet.columns.forEach((col, i) => {
    col.width = i === 1 || i === 2 ? 14 : 12;
  });

  // ── Charts ──
  const images = await charts;
  if (images.length) addCharts(wb, wb.addWorksheet(SHEETS.charts[l]), images);
  return wb;
}

/** Stacks the images down the sheet (default rows are 20 px high). */
function addCharts(wb: ExcelJS.Workbook, sheet: ExcelJS.Worksheet, images: ChartImage[]): void {
  let row = 0;
  for (const image of images) {
    const id = wb.addImage({ buffer: image.png as unknown as ExcelJS.Buffer, extension: "png" });
    sheet.addImage(id, { tl: { col: 0, row }, ext: { width: image.width, height: image.height } });
    row += Math.ceil(image.height / 20) + 2;
  }
}

/** The report as an XLSX file in memory, for the CLI, a chat upload or the month-end job. */
export async function reportWorkbookFile(report: MonthReport, options: WorkbookOptions): Promise<ReportFile> {
  const buffer = Buffer.from(await (await buildWorkbook(report, options)).xlsx.writeBuffer());
  return { fileName: reportFileName(report, "xlsx"), contentType: XLSX_CONTENT_TYPE, buffer };
}
