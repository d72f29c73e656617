// A probation-milestone alert about one new hire, for the manager and HR.
// Pure: service data in, Card out; every time is shown in the organization's zone passed as an option.
import type { MilestoneAlert } from "../../../src/services/onboarding.ts";
import { formatDateTime, formatLocalDate, formatPoints, metricLabelText } from "../../format.ts";
import { same, text, type Card, type CardElement, type FieldsElement } from "../../model.ts";
import { both, button, joinText } from "../common.ts";
import { percentText, threshold } from "./shared.ts";
import { MILESTONE_NAMES, kpiVerdict, overdueText, reasonText, weakestText } from "./onboarding.ts";

export interface MilestoneAlertCardOptions {
  timezone: string;
}

/**
 * One probation alert, for HR and the manager: who, which milestone, why (training and/or KPI below
 * its threshold, with the figures), the recommended course for the weakest metric and what is
 * overdue on the checklist.
 */
export function milestoneAlertCard(alert: MilestoneAlert, options: MilestoneAlertCardOptions): Card {
  const { employee, milestone, reasons, thresholds, checklist, kpi } = alert;
  const name = MILESTONE_NAMES[milestone.key];
  const date = formatLocalDate(milestone.date);
  const hired = formatLocalDate(employee.hiredAt);
  const why = reasons.map((r) => reasonText(r, checklist, kpi, thresholds));
  const elements: CardElement[] = [
    {
      type: "text",
      text: both((l) =>
        l === "zh-CN"
          ? `${employee.name}已到${name[l]}（${date[l]}，入职第 ${milestone.day} 天），以下方面低于阈值，请人事和经理跟进：\n${why.map((w) => `• ${w[l]}`).join("\n")}`
          : `${employee.name} reached the ${name[l]} (${date[l]}, day ${milestone.day}) below threshold; HR and the manager should follow up:\n${why.map((w) => `• ${w[l]}`).join("\n")}`,
      ),
    },
  ];
  if (checklist.training.total > 0) {
    const pct = percentText(checklist.training.percent);
    elements.push({
      type: "progress",
      label: text("培训完成率", "Training progress"),
      ratio: (checklist.training.percent ?? 0) / 100,
      caption: text(
        `${checklist.training.done}/${checklist.training.total} 门 · ${pct["zh-CN"]} · 阈值 ${thresholds.training}%`,
        `${checklist.training.done} of ${checklist.training.total} courses · ${pct.en} · threshold ${thresholds.training}%`,
      ),
      tone: reasons.includes("training_below_threshold") ? "bad" : "good",
    });
  }
  const fields: FieldsElement["fields"] = [
    { label: text("KPI 评估分", "KPI (judged)"), value: kpiVerdict(kpi, reasons, thresholds) },
  ];
  if (kpi && kpi.judgedScore !== null) {
    const asOf = formatDateTime(kpi.asOf, options.timezone);
    fields.push({
      label: text("KPI 至今得分", "KPI score to date"),
      value: both((l) =>
        l === "zh-CN"
          ? `${formatPoints(kpi.score)[l]}（截至 ${asOf[l]}）`
          : `${formatPoints(kpi.score)[l]} (as of ${asOf[l]})`,
      ),
    });
  }
  const weakest = weakestText(kpi);
  if (weakest) fields.push({ label: text("最弱指标", "Weakest metric"), value: weakest });
  if (checklist.overdue.length > 0)
    fields.push({ label: text("逾期事项", "Overdue items"), value: overdueText(checklist.overdue) });
  if (employee.manager) fields.push({ label: text("经理", "Manager"), value: same(employee.manager.name) });
  elements.push({ type: "fields", fields });

  const rec = alert.recommendedCourse;
  if (rec) {
    const metric = metricLabelText(rec.metric);
    const lost = rec.pointsLost ? formatPoints(rec.pointsLost) : null;
    const url = rec.course.url;
    elements.push({
      type: "text",
      text: both((l) =>
        l === "zh-CN"
          ? `推荐课程（针对最弱指标「${metric[l]}」${lost ? `，少得 ${lost[l]}` : ""}）：《${rec.course.titleZh}》\n${url ?? "（暂无链接，请在培训系统中查找）"}`
          : `Recommended course (for the weakest metric, ${metric[l]}${lost ? `, ${lost[l]} lost` : ""}): “${rec.course.titleEn}”\n${url ?? "(no link yet: find it in the training system)"}`,
      ),
    });
  } else if (reasons.includes("kpi_below_threshold")) {
    elements.push({
      type: "text",
      text: text(
        "最弱指标暂无对应的培训课程，请经理直接辅导。",
        "No course is mapped to the weakest metric; the manager can coach directly.",
      ),
    });
  }
  elements.push({
    type: "context",
    text: text(
      `按节点当天 0 点前的数据评估 · 阈值：培训 ${thresholds.training}%、KPI ${threshold(thresholds.kpi)["zh-CN"]}（${options.timezone}）`,
      `Judged on the data before the milestone day · thresholds: training ${thresholds.training}%, KPI ${threshold(thresholds.kpi).en} (${options.timezone})`,
    ),
  });
  elements.push({
    type: "actions",
    buttons: [button("onboarding", text("入职进度", "Onboarding"), { kind: "onboarding" }, { style: "primary" })],
  });

  const short = joinText(why, text("；", "; "));
  return {
    header: {
      title: both((l) =>
        l === "zh-CN" ? `试用期提醒：${employee.name} · ${name[l]}` : `Probation alert: ${employee.name} · ${name[l]}`,
      ),
      subtitle: both((l) => {
        const manager = employee.manager
          ? l === "zh-CN"
            ? ` · 经理 ${employee.manager.name}`
            : ` · manager ${employee.manager.name}`
          : "";
        return l === "zh-CN" ? `入职 ${hired[l]}${manager}` : `Hired ${hired[l]}${manager}`;
      }),
      tone: reasons.length > 1 ? "bad" : "warning",
    },
    elements,
    summary: both((l) =>
      l === "zh-CN"
        ? `试用期提醒：${employee.name} ${name[l]}，${short[l]}`
        : `Probation alert: ${employee.name} at the ${name[l]}: ${short[l]}`,
    ),
  };
}
