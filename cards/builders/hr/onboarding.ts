// The onboarding card: new hires' progress through their checklist, milestones and first KPI.
// Pure: service data in, Card out; every time is shown in the organization's zone passed as an option.
import { compareDecimal } from "../../decimal.ts";
import type {
  AlertReason,
  Checklist,
  ChecklistItem,
  Milestone,
  MilestoneKey,
  Thresholds,
} from "../../../src/recruit/onboarding.ts";
import type { KpiSnapshot, NewHireStatus, OnboardingStatus } from "../../../src/services/onboarding.ts";
import { formatDateTime, formatPeriod, formatPoints, metricLabelText } from "../../format.ts";
import { same, text, type Card, type CardElement, type FieldsElement, type Text, type Tone } from "../../model.ts";
import { both, button, joinText } from "../common.ts";
import { checklistTickButtons } from "../onboarding-checklist.ts";
import {
  EN_LIST,
  MAX_NEW_HIRES_SHOWN,
  ZH_LIST,
  daysBetween,
  localDay,
  percentText,
  plural,
  threshold,
} from "./shared.ts";

export const MILESTONE_NAMES: Readonly<Record<MilestoneKey, Text>> = {
  d30: text("第 30 天节点", "day-30 milestone"),
  d60: text("第 60 天节点", "day-60 milestone"),
  d90: text("第 90 天节点", "day-90 milestone"),
  confirmation: text("转正节点", "confirmation"),
};

export function milestoneName(key: MilestoneKey): Text {
  return MILESTONE_NAMES[key];
}

function nextMilestoneText(m: Milestone | null, today: string): Text {
  if (m === null) return text("试用期节点已全部过去", "all probation milestones passed");
  const name = MILESTONE_NAMES[m.key];
  const date = localDay(m.date, today);
  const days = daysBetween(today, m.date);
  const when =
    days === 0
      ? text("今天", "today")
      : days === 1
        ? text("明天", "tomorrow")
        : text(`还有 ${days} 天`, `in ${days} days`);
  return both((l) =>
    l === "zh-CN" ? `${name[l]} · ${date[l]}（${when[l]}）` : `${name[l]} · ${date[l]} (${when[l]})`,
  );
}

function trainingText(c: Checklist, thresholds: Thresholds | null): Text {
  const t = c.training;
  if (t.total === 0) return text("暂无到期的培训课程", "no courses due yet");
  const pct = percentText(t.percent);
  return both((l) =>
    l === "zh-CN"
      ? `${t.done}/${t.total} 门 · ${pct[l]}${thresholds ? `（阈值 ${thresholds.training}%）` : ""}`
      : `${t.done} of ${t.total} courses · ${pct[l]}${thresholds ? ` (threshold ${thresholds.training}%)` : ""}`,
  );
}

function below(score: string, limit: number): boolean {
  return compareDecimal(score, String(limit)) < 0;
}

/** "预计 52.40 分（2026年10月月末预测）" / "52.40 pts projected (October 2026, month-end)". */
function kpiScoreText(kpi: KpiSnapshot | null): Text {
  if (kpi === null) return text("不参与 KPI 考核", "not scored on a KPI plan");
  if (kpi.judgedScore === null)
    return text(
      `本月没有目标，不评估（至今 ${formatPoints(kpi.score)["zh-CN"]}）`,
      `no targets this month, not judged (${formatPoints(kpi.score).en} to date)`,
    );
  const points = formatPoints(kpi.judgedScore);
  const period = formatPeriod(kpi.period);
  const basis =
    kpi.basis === "previous_month"
      ? text("上月最终", "last month's final")
      : kpi.judgedOn === "projected"
        ? text("月末预测", "month-end projection")
        : text("至今", "to date");
  return both((l) =>
    l === "zh-CN" ? `${points[l]}（${period[l]}${basis[l]}）` : `${points[l]} (${period[l]}, ${basis[l]})`,
  );
}

export function kpiVerdict(kpi: KpiSnapshot | null, reasons: readonly AlertReason[], thresholds: Thresholds): Text {
  const score = kpiScoreText(kpi);
  if (kpi === null || kpi.judgedScore === null) return score;
  const limit = threshold(thresholds.kpi);
  const verdict = reasons.includes("kpi_below_threshold")
    ? text(`低于阈值 ${limit["zh-CN"]}`, `below the ${limit.en} threshold`)
    : below(kpi.judgedScore, thresholds.kpi)
      ? text(`低于 ${limit["zh-CN"]}，首个节点前暂不评估`, `under ${limit.en}, not judged before the first milestone`)
      : text(`达到阈值 ${limit["zh-CN"]}`, `meets the ${limit.en} threshold`);
  return both((l) => `${score[l]} · ${verdict[l]}`);
}

export function reasonText(
  reason: AlertReason,
  checklist: Checklist,
  kpi: KpiSnapshot | null,
  thresholds: Thresholds | null,
): Text {
  if (reason === "training_below_threshold") {
    const pct = percentText(checklist.training.percent);
    return thresholds
      ? text(
          `培训完成率 ${pct["zh-CN"]} 低于 ${thresholds.training}%`,
          `training ${pct.en} below ${thresholds.training}%`,
        )
      : text(`培训完成率 ${pct["zh-CN"]} 低于阈值`, `training ${pct.en} below the threshold`);
  }
  const score = kpi?.judgedScore ? formatPoints(kpi.judgedScore) : text("无", "none");
  return thresholds
    ? text(
        `KPI ${score["zh-CN"]}低于 ${threshold(thresholds.kpi)["zh-CN"]}`,
        `KPI ${score.en} below ${threshold(thresholds.kpi).en}`,
      )
    : text(`KPI ${score["zh-CN"]}低于阈值`, `KPI ${score.en} below the threshold`);
}

export function reasonsText(
  reasons: readonly AlertReason[],
  checklist: Checklist,
  kpi: KpiSnapshot | null,
  thresholds: Thresholds | null,
): Text {
  if (reasons.length === 0) return text("进度正常", "on track");
  return joinText(
    reasons.map((r) => reasonText(r, checklist, kpi, thresholds)),
    text("；", "; "),
  );
}

export function weakestText(kpi: KpiSnapshot | null): Text | null {
  if (!kpi?.weakest) return null;
  const label = metricLabelText(kpi.weakest.metric);
  const lost = formatPoints(kpi.weakest.pointsLost);
  return both((l) => (l === "zh-CN" ? `${label[l]}（少得 ${lost[l]}）` : `${label[l]} (${lost[l]} lost)`));
}

/** Titles of overdue checklist items (data, as written), at most 5 and a count of the rest. */
export function overdueText(items: readonly ChecklistItem[]): Text {
  const shown = items.slice(0, 5).map((i) => i.title);
  const more = items.length - shown.length;
  return text(
    `${shown.join(ZH_LIST)}${more > 0 ? ` 等 ${items.length} 项` : ""}`,
    `${shown.join(EN_LIST)}${more > 0 ? ` and ${more} more` : ""}`,
  );
}

/** Behind first (more reasons first), then the soonest next milestone, then by name. */
export function compareNewHires(a: NewHireStatus, b: NewHireStatus): number {
  const next = (h: NewHireStatus) => h.nextMilestone?.date ?? "9999-12-31";
  return (
    Number(b.behind) - Number(a.behind) ||
    b.reasons.length - a.reasons.length ||
    (next(a) < next(b) ? -1 : next(a) > next(b) ? 1 : 0) ||
    (a.employee.externalId < b.employee.externalId ? -1 : a.employee.externalId > b.employee.externalId ? 1 : 0)
  );
}

function newHireElements(h: NewHireStatus, status: OnboardingStatus): CardElement[] {
  const overall = h.checklist.overall;
  const pct = percentText(overall.percent);
  const tone: Tone = h.behind ? "bad" : h.checklist.overdue.length > 0 ? "warning" : "good";
  const fields: FieldsElement["fields"] = [
    { label: text("状态", "Status"), value: reasonsText(h.reasons, h.checklist, h.kpi, status.thresholds) },
    { label: text("下一节点", "Next milestone"), value: nextMilestoneText(h.nextMilestone, status.date) },
    { label: text("培训", "Training"), value: trainingText(h.checklist, status.thresholds) },
    { label: text("KPI 评估分", "KPI (judged)"), value: kpiVerdict(h.kpi, h.reasons, status.thresholds) },
  ];
  const weakest = weakestText(h.kpi);
  if (weakest) fields.push({ label: text("最弱指标", "Weakest metric"), value: weakest });
  if (h.checklist.overdue.length > 0)
    fields.push({ label: text("逾期事项", "Overdue items"), value: overdueText(h.checklist.overdue) });
  if (h.employee.manager) fields.push({ label: text("经理", "Manager"), value: same(h.employee.manager.name) });
  return [
    {
      type: "progress",
      label: text(`${h.employee.name} · 试用期第 ${h.day} 天`, `${h.employee.name} · probation day ${h.day}`),
      ratio: (overall.percent ?? 0) / 100,
      caption:
        overall.total === 0
          ? text("没有入职清单", "no onboarding checklist")
          : text(
              `入职清单 ${overall.done}/${overall.total} · ${pct["zh-CN"]}`,
              `Checklist ${overall.done} of ${overall.total} · ${pct.en}`,
            ),
      tone,
    },
    { type: "fields", fields },
  ];
}

export interface OnboardingCardOptions {
  timezone: string;
  /** Whether the viewer may tick this new hire's checklist (adds a button per open item). */
  canTick?: (hire: NewHireStatus) => boolean;
}

/**
 * New hires in probation, behind ones first: day N, checklist progress (a progress bar), training
 * against its threshold, next milestone, the KPI score judged against its threshold, why they are
 * behind, the weakest metric and overdue checklist items.
 */
export function onboardingCard(status: OnboardingStatus, options: OnboardingCardOptions): Card {
  const { timezone } = options;
  const hires = [...status.newHires].sort(compareNewHires);
  const behind = hires.filter((h) => h.behind);
  const asOf = formatDateTime(status.asOf, timezone);
  const elements: CardElement[] = [];
  if (hires.length === 0) {
    elements.push({
      type: "text",
      text: text("目前没有试用期内的新员工。", "There are no new hires in probation right now."),
    });
  } else {
    const shown = hires.slice(0, MAX_NEW_HIRES_SHOWN);
    shown.forEach((h, i) => {
      if (i > 0) elements.push({ type: "divider" });
      elements.push(...newHireElements(h, status));
      const ticks = options.canTick?.(h) ? checklistTickButtons(h, i) : null;
      if (ticks) elements.push(ticks);
    });
    const more = hires.length - shown.length;
    if (more > 0) {
      const moreBehind = hires.slice(shown.length).filter((h) => h.behind).length;
      elements.push({
        type: "text",
        text: text(
          `… 另有 ${more} 位新员工未列出（其中 ${moreBehind} 位落后）`,
          `… ${more} more new ${more === 1 ? "hire" : "hires"} not listed (${moreBehind} behind)`,
        ),
      });
    }
  }
  const th = status.thresholds;
  elements.push({
    type: "context",
    text: text(
      `阈值：培训 ${th.training}% · KPI ${threshold(th.kpi)["zh-CN"]} · 截至 ${asOf["zh-CN"]}（${timezone}）`,
      `Thresholds: training ${th.training}% · KPI ${threshold(th.kpi).en} · as of ${asOf.en} (${timezone})`,
    ),
  });
  elements.push({
    type: "actions",
    buttons: [button("onboarding_refresh", text("刷新", "Refresh"), { kind: "onboarding" })],
  });

  const counts = text(
    `${hires.length} 位新员工 · ${behind.length} 位落后`,
    `${plural(hires.length, "new hire")} · ${behind.length} behind`,
  );
  return {
    header: {
      title: text("入职进度", "Onboarding"),
      subtitle: counts,
      tone: hires.length === 0 ? "neutral" : behind.length > 0 ? "warning" : "good",
    },
    elements,
    summary: both((l) => {
      const names = behind
        .slice(0, 3)
        .map((h) => h.employee.name)
        .join(l === "zh-CN" ? ZH_LIST : EN_LIST);
      if (l === "zh-CN") return `入职进度：${counts[l]}${names ? `（${names}）` : ""}`;
      return `Onboarding: ${counts[l]}${names ? ` (${names})` : ""}`;
    }),
  };
}
