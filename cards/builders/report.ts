// HR's month-end team analysis (from the frozen month close): per team the headcount, average /
// highest / lowest total, the team goal and bonus, and the metric to train. The full table goes out
// as an XLSX workbook with charts (`pacer report … --format xlsx`) or CSV; the card is the summary.
import type { MonthReport } from "../../src/services/report.ts";
import { formatPercent, formatPeriod, metricLabelText, previousPeriod } from "../format.ts";
import { same, text, type Card, type CardElement } from "../model.ts";
import { both, button } from "./common.ts";

export function reportCard(report: MonthReport): Card {
  const period = formatPeriod(report.period);
  const elements: CardElement[] = [
    {
      type: "fields",
      fields: [
        { label: text("参与考核", "Scored"), value: text(`${report.employees} 人`, `${report.employees} people`) },
        { label: text("平均总分", "Average total"), value: same(report.averageTotal) },
        { label: text("结算版本", "Close version"), value: same(`v${report.version}`) },
        ...(report.previous
          ? [
              {
                label: text("环比上月", "vs previous month"),
                value: same(
                  `${report.previous.averageTotalChange.startsWith("-") ? "" : "+"}${report.previous.averageTotalChange}`,
                ),
              },
            ]
          : []),
      ],
    },
    {
      type: "table",
      columns: [
        { key: "team", label: text("团队", "Team") },
        { key: "n", label: text("人数", "People"), align: "right" },
        { key: "avg", label: text("平均", "Average"), align: "right" },
        { key: "range", label: text("最高/最低", "High/low"), align: "right" },
        { key: "goal", label: text("团队目标", "Team goal"), align: "right" },
        { key: "train", label: text("建议培训", "Train on") },
      ],
      rows: report.teams.map((t) => {
        const goal = t.goals[0];
        return {
          team: same(t.name),
          n: same(String(t.members)),
          avg: same(t.averageTotal),
          range: same(`${t.highestTotal} / ${t.lowestTotal}`),
          goal: goal
            ? both(
                (l) =>
                  `${formatPercent(goal.completion).en}${goal.bonus !== "0.00" ? (l === "en" ? ` +${goal.bonus} pts` : ` +${goal.bonus} 分`) : ""}`,
              )
            : same("-"),
          train: t.weakest ? metricLabelText(t.weakest.metric) : same("-"),
        };
      }),
    },
    {
      type: "context",
      text: text(
        `数据来自 ${report.period} 月结（v${report.version}，冻结于 ${report.closedAt.slice(0, 10)}）。完整报告（含图表）：pacer report ${report.period} --format xlsx`,
        `From the ${report.period} month close (v${report.version}, frozen ${report.closedAt.slice(0, 10)}). Full workbook with charts: pacer report ${report.period} --format xlsx`,
      ),
    },
    {
      type: "actions",
      buttons: [
        button("report_prev", text("上个月", "Previous month"), {
          kind: "report",
          period: previousPeriod(report.period),
        }),
      ],
    },
  ];
  return {
    header: { title: text(`${period["zh-CN"]}团队分析`, `Team analysis, ${period.en}`), tone: "info" },
    elements,
    summary: text(
      `${report.period} 月度团队分析：${report.employees} 人，平均 ${report.averageTotal} 分`,
      `${report.period} team analysis: ${report.employees} people, average ${report.averageTotal}`,
    ),
  };
}
