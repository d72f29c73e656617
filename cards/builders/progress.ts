// "How far from target?": the salesperson's progress card: every plan
// metric with actual / target, achievement and points; total score and team rank; working days
// left; the gap on the headline metric and the pace it needs per remaining working day; the
// projected finish; the team goal and bonus; the weakest metric with a training suggestion; data
// freshness; buttons for details, unpaid receivables, the team leaderboard and the previous period.
import type { Intent } from "../../src/chat/intents.ts";
import type { Progress, ProgressItem } from "../../src/services/progress.ts";
import type { CourseRecommendation } from "../../src/services/recommend.ts";
import { decimalSign } from "../decimal.ts";
import {
  formatMetric,
  formatPeriod,
  formatPoints,
  metricLabelText,
  NONE,
  percentString,
  previousPeriod,
} from "../format.ts";
import {
  same,
  text,
  type Button,
  type Card,
  type CardElement,
  type ChartElement,
  type FieldsElement,
  type ProgressElement,
  type Text,
  type Tone,
} from "../model.ts";
import { achievementTone, both, button, freshnessContext, joinText } from "./common.ts";

export interface ProgressCardOptions {
  /** The course for the weakest metric (recommendCourse), when one is mapped. */
  recommendation?: CourseRecommendation | null;
  /** "manager": someone looking at a rep's card — buttons then name the rep as the subject. */
  viewer: "self" | "manager";
  /** Off for read-only surfaces (e.g. a digest) where buttons would have nothing to act on. */
  showButtons: boolean;
  /** Where the targets came from: "target set by … on …" or the data feed (cards/builders/targets.ts). */
  targetSource?: Text | null;
}

export function rankText(rank: number | null, size: number): Text {
  return rank === null ? text("未排名", "not ranked") : text(`第${rank}名 / ${size}`, `#${rank} of ${size}`);
}

/** Header tone from the score that matters: the projection while the month runs, else the base. */
function scoreTone(p: Progress): Tone {
  const score = Number(p.projectedBase ?? p.base); // colour only
  if (score >= 100) return "good";
  if (score >= 80) return "info";
  if (score >= 60) return "warning";
  return "bad";
}

function itemCaption(item: ProgressItem, currency: string): Text {
  const actual = formatMetric(item.metric, item.actual, currency);
  const target =
    item.target === null ? text("未设目标", "no target") : formatMetric(item.metric, item.target, currency);
  const pct = item.actual === null || item.target === null ? null : percentString(item.achievement);
  const points = formatPoints(item.points);
  const note = statusNote(item);
  return both((l) =>
    [`${actual[l]} / ${target[l]}`, ...(pct ? [pct] : []), points[l], ...(note ? [note[l]] : [])].join(" · "),
  );
}

function statusNote(item: ProgressItem): Text | null {
  if (item.gateFailed) return text("未达门槛，不计分", "gate not met: no points");
  switch (item.status) {
    case "capped":
      return text("已封顶", "capped");
    case "below_floor":
      return text("低于下限，不计分", "below the floor: no points");
    case "negative":
      return text("为负，不计分", "negative: no points");
    case "target_not_positive":
      return text("目标无效", "invalid target");
    default:
      return null;
  }
}

function progressElement(item: ProgressItem, currency: string): ProgressElement {
  const label = metricLabelText(item.metric);
  return {
    type: "progress",
    label: both((l) => (l === "zh-CN" ? `${label[l]}（权重 ${item.weight}）` : `${label[l]} (weight ${item.weight})`)),
    ratio: Number(item.achievement), // drawing only; the caption holds the exact figures
    caption: itemCaption(item, currency),
    tone: achievementTone(item.achievement, {
      onTrack: item.onTrack,
      noData: item.actual === null || item.target === null,
    }),
  };
}

function achievementChart(p: Progress): ChartElement {
  const bars = p.items.map((item) => ({
    label: metricLabelText(item.metric),
    // Percent rounded for drawing; the exact figures are in the progress captions.
    value: Math.round(Number(item.achievement) * 1000) / 10,
    tone: achievementTone(item.achievement, {
      onTrack: item.onTrack,
      noData: item.actual === null || item.target === null,
    }),
  }));
  const parts = p.items.map((item) => {
    const label = metricLabelText(item.metric);
    const pct = item.actual === null || item.target === null ? NONE : same(percentString(item.achievement));
    return both((l) => `${label[l]} ${pct[l]}`);
  });
  return {
    type: "chart",
    title: text("各指标达成率", "Achievement by metric"),
    bars,
    reference: { value: 100, label: text("目标 100%", "Target 100%") },
    fallback: both(
      (l) => `${joinText(parts, l === "zh-CN" ? "，" : ", ")[l]}${l === "zh-CN" ? "（目标 100%）" : " (target 100%)"}`,
    ),
  };
}

function fields(p: Progress): FieldsElement {
  const out: FieldsElement["fields"] = [];
  const days = p.workingDays;
  out.push({
    label: text("剩余工作日", "Working days left"),
    value: text(`${days.remaining} 个（共 ${days.total} 个）`, `${days.remaining} of ${days.total}`),
  });
  out.push({
    label: text("得分", "Score"),
    value: text(
      `基础 ${p.base} + 团队奖励 ${p.teamBonus} = ${p.total}`,
      `base ${p.base} + team bonus ${p.teamBonus} = ${p.total}`,
    ),
  });

  const headline = p.items.find((i) => i.metric === p.headline);
  const label = metricLabelText(p.headline);
  if (headline) {
    const gap =
      headline.gap === null
        ? headline.target === null
          ? text("未设目标", "no target")
          : NONE
        : decimalSign(headline.gap) === 0
          ? text("已达成", "target reached")
          : formatMetric(p.headline, headline.gap, p.currency, { compact: true });
    out.push({ label: both((l) => (l === "zh-CN" ? `差距（${label[l]}）` : `Gap (${label[l]})`)), value: gap });
    if (
      headline.requiredPerDay !== null &&
      headline.gap !== null &&
      decimalSign(headline.gap) !== 0 &&
      days.remaining > 0
    ) {
      out.push({
        label: text("每个剩余工作日需完成", "Needed per working day left"),
        value: formatMetric(p.headline, headline.requiredPerDay, p.currency),
      });
    }
  }
  // Once the period's working days are over, the projection is just the result: leave it out.
  if (p.projectedBase !== null && days.remaining > 0) {
    const projection = headline?.projection ?? null;
    const projected = projection === null ? null : formatMetric(p.headline, projection, p.currency);
    out.push({
      label: text("按当前进度，月底预计", "Projected finish at this pace"),
      value: both((l) =>
        l === "zh-CN"
          ? `${projected ? `${label[l]} ${projected[l]}，` : ""}基础分 ${p.projectedBase}`
          : `${projected ? `${label[l]} ${projected[l]}, ` : ""}base score ${p.projectedBase}`,
      ),
    });
  }
  for (const goal of p.team) {
    const goalLabel = metricLabelText(goal.metric);
    const actual = formatMetric(goal.metric, goal.actual, p.currency);
    const target = formatMetric(goal.metric, goal.goal, p.currency);
    const completion = goal.completion === null ? NONE : same(percentString(goal.completion));
    out.push({
      label: both((l) => (l === "zh-CN" ? `团队目标（${goalLabel[l]}）` : `Team goal (${goalLabel[l]})`)),
      value: both((l) => `${actual[l]} / ${target[l]} · ${completion[l]}`),
    });
    out.push({ label: text("团队奖励", "Team bonus"), value: formatPoints(goal.bonus, { signed: true }) });
  }
  return { type: "fields", fields: out };
}

function suggestion(p: Progress, options: ProgressCardOptions): CardElement {
  if (p.weakest === null) {
    return { type: "text", text: text("所有指标都已达标，继续保持！", "Every metric is on target — keep it up!") };
  }
  const weakest = metricLabelText(p.weakest.metric);
  const lines: Text[] = [
    text(
      `最需加强：${weakest["zh-CN"]}（失分 ${p.weakest.pointsLost}）`,
      `To work on next: ${weakest.en} (${p.weakest.pointsLost} points lost)`,
    ),
  ];
  const rec = options.recommendation;
  if (rec) {
    const course = rec.course;
    const url = course.url ? ` ${course.url}` : "";
    lines.push(
      options.viewer === "manager"
        ? text(`建议安排培训：《${course.titleZh}》${url}`, `Suggested training for them: "${course.titleEn}"${url}`)
        : text(`推荐课程：《${course.titleZh}》${url}`, `Suggested course: "${course.titleEn}"${url}`),
    );
  }
  return { type: "text", text: joinText(lines, "\n") };
}

function buttons(p: Progress, options: ProgressCardOptions): Button[] {
  const subject = options.viewer === "manager" ? p.employee.externalId : undefined;
  const details: Intent = { kind: "details", period: p.period, subject, metric: p.headline, page: 1 };
  const unpaid: Intent = { kind: "unpaid", subject, page: 1 };
  const leaderboard: Intent = { kind: "leaderboard", period: p.period, team: p.employee.teamExternalId ?? undefined };
  const previous: Intent = { kind: "progress", period: previousPeriod(p.period), subject };
  return [
    button("details", text("明细", "Details"), details, { style: "primary" }),
    button("unpaid", text("未回款", "Unpaid"), unpaid),
    button("leaderboard", text("团队排名", "Team ranking"), leaderboard),
    button("prev_period", text("上个月", "Last month"), previous),
  ];
}

export function progressCard(p: Progress, options: ProgressCardOptions): Card {
  const period = formatPeriod(p.period);
  const rank = rankText(p.teamRank, p.teamSize);
  const elements: CardElement[] = [
    ...p.items.map((item) => progressElement(item, p.currency)),
    achievementChart(p),
    { type: "divider" },
    fields(p),
    suggestion(p, options),
    ...(options.targetSource ? [{ type: "context" as const, text: options.targetSource }] : []),
    freshnessContext(p.dataFreshness, p.asOf, p.timezone),
  ];
  if (options.showButtons) elements.push({ type: "actions", buttons: buttons(p, options) });

  const headline = p.items.find((i) => i.metric === p.headline);
  const headlineLabel = metricLabelText(p.headline);
  const headlineFigures =
    headline === undefined
      ? null
      : both((l) => {
          const actual = formatMetric(p.headline, headline.actual, p.currency)[l];
          const target = headline.target === null ? "—" : formatMetric(p.headline, headline.target, p.currency)[l];
          return `${headlineLabel[l]} ${actual} / ${target}`;
        });
  return {
    header: {
      title: both((l) =>
        l === "zh-CN" ? `${p.employee.name} · ${period[l]}业绩` : `${p.employee.name} · ${period[l]} progress`,
      ),
      subtitle: both((l) => (l === "zh-CN" ? `总分 ${p.total} · ${rank[l]}` : `Total ${p.total} · ${rank[l]}`)),
      tone: scoreTone(p),
    },
    elements,
    summary: both((l) =>
      l === "zh-CN"
        ? `${p.employee.name} ${period[l]}：总分 ${p.total}，${rank[l]}${headlineFigures ? `；${headlineFigures[l]}` : ""}`
        : `${p.employee.name}, ${period[l]}: total ${p.total}, ${rank[l]}${headlineFigures ? `; ${headlineFigures[l]}` : ""}`,
    ),
  };
}
