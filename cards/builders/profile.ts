// The employee profile card ("profile 王磊", "员工画像", "趋势"): each metric over the last closed
// months as a chart (Lark draws it; Slack shows the chart's text line and gets the picture as a
// file), the rank in the team each month, the training record, the stated motivation and a
// high-potential flag. Also a manager's choice of whose profile to open, and the quarterly
// motivation survey with its answer. Data in, Card out: every figure arrives formatted.
import type { Motivation } from "../../src/kpi/motivation.ts";
import { type Card, type CardElement, same, type Text, text, type Tone } from "../model.ts";
import { both, button, joinText } from "./common.ts";

export const MOTIVATION_LABELS: Readonly<Record<Motivation, Text>> = {
  bonus: text("奖金", "Bonus"),
  promotion: text("晋升", "Promotion"),
  training: text("培训", "Training"),
  flexibility: text("弹性工作", "Flexibility"),
};

export interface ProfileMetricView {
  label: Text;
  /** One per month shown, formatted ("¥12,000", "35.0%", "无数据"). */
  values: Text[];
  /** The same values for drawing only (null: none that month). */
  plot: (number | null)[];
}

export interface ProfileView {
  name: string;
  externalId: string;
  /** The asker's own profile. */
  self: boolean;
  /** The months shown, oldest first, formatted ("2026年9月"). */
  months: Text[];
  metrics: ProfileMetricView[];
  /** Per month, oldest first: the rank in the team ("2 / 5") and the total score. */
  ranks: { rank: Text; total: Text }[];
  training: { title: Text; date: Text; score: Text | null }[];
  /** The latest answer ("晋升（2026-Q4）"), null: not answered; absent: not shown to this viewer. */
  motivation?: Text | null;
  /** "新客户数：连续 3 个月团队第一", one per metric; empty when not flagged. */
  potential: Text[];
}

const shortMonth = (month: Text): Text => both((l) => month[l].replace(/^\d{4}年/, "").replace(/ \d{4}$/, ""));

export function profileCard(view: ProfileView): Card {
  const title = both((l) => (l === "zh-CN" ? `${view.name} · 员工画像` : `${view.name} · profile`));
  const n = view.months.length;
  const elements: CardElement[] = [];
  if (view.potential.length)
    elements.push({
      type: "text",
      markdown: true,
      text: both((l) =>
        l === "zh-CN"
          ? `*高潜力* · ${view.potential.map((p) => p[l]).join("；")}`
          : `*High potential* · ${view.potential.map((p) => p[l]).join("; ")}`,
      ),
    });
  if (n === 0)
    elements.push({
      type: "text",
      text: text(
        "还没有已结账的月份：月结后这里会显示每月的趋势和排名。",
        "No closed months yet: after a month close the monthly trend and ranks show here.",
      ),
    });
  for (const metric of view.metrics) {
    const bars = metric.plot.flatMap((value, i) =>
      value === null ? [] : [{ label: shortMonth(view.months[i]!), value, tone: "info" as Tone }],
    );
    if (n === 0) continue;
    elements.push({
      type: "chart",
      title: metric.label,
      kind: "line",
      bars,
      fallback: joinText(
        metric.values.map((v, i) => joinText([shortMonth(view.months[i]!), v], " ")),
        " → ",
      ),
    });
  }
  if (n > 0)
    elements.push({
      type: "table",
      columns: [
        { key: "month", label: text("月份", "Month") },
        { key: "rank", label: text("团队排名", "Team rank"), align: "right" },
        { key: "total", label: text("总分", "Total"), align: "right" },
      ],
      rows: view.ranks.map((r, i) => ({ month: view.months[i]!, rank: r.rank, total: r.total })),
    });
  elements.push({ type: "divider" });
  elements.push({
    type: "fields",
    fields: [
      {
        label: text("培训记录", "Training"),
        value: view.training.length
          ? joinText(
              view.training.map((c) =>
                both((l) => {
                  const when = c.score ? `${c.date[l]} · ${c.score[l]}` : c.date[l];
                  return l === "zh-CN" ? `${c.title[l]}（${when}）` : `${c.title[l]} (${when})`;
                }),
              ),
              "\n",
            )
          : text("暂无完成的课程", "No courses completed yet"),
      },
      ...(view.motivation === undefined
        ? []
        : [
            {
              label: text("最看重", "Motivated most by"),
              value: view.motivation ?? text("本季度问卷未回答", "Survey not answered"),
            },
          ]),
    ],
  });
  elements.push({
    type: "context",
    text: both((l) =>
      l === "zh-CN"
        ? `最近 ${n} 个已结账月份 · 数据取自月结快照 · ${view.externalId}`
        : `Last ${n} closed ${n === 1 ? "month" : "months"} · figures from the month-close snapshots · ${view.externalId}`,
    ),
  });
  return {
    header: { title, subtitle: text("趋势、排名、培训与动力", "Trend, ranks, training and motivation"), tone: "info" },
    elements,
    summary: title,
  };
}

/** Buttons per actions row. */
const PER_ROW = 5;
/** People a picker lists as buttons; beyond it, by name. */
export const MAX_PROFILE_BUTTONS = 25;

/** A manager's "员工画像" without a name: whose profile to open, one button per team member. */
export function profilePickerCard(people: readonly { externalId: string; name: string }[]): Card {
  const elements: CardElement[] = [
    {
      type: "text",
      text: people.length
        ? text("要看谁的员工画像？也可以直接问“profile 姓名”。", "Whose profile? You can also ask “profile <name>”.")
        : text("你的团队里还没有销售。", "Your team has no salespeople yet."),
    },
  ];
  const shown = people.slice(0, MAX_PROFILE_BUTTONS);
  for (let i = 0; i < shown.length; i += PER_ROW)
    elements.push({
      type: "actions",
      buttons: shown
        .slice(i, i + PER_ROW)
        .map((p, j) => button(`profile_${i + j + 1}`, same(p.name), { kind: "profile", subject: p.externalId })),
    });
  if (people.length > shown.length)
    elements.push({
      type: "context",
      text: text(
        `另有 ${people.length - shown.length} 人，请按姓名询问。`,
        `${people.length - shown.length} more: ask by name.`,
      ),
    });
  const title = text("员工画像", "Profiles");
  return { header: { title, tone: "info" }, elements, summary: title };
}

/** HR and admins without a name: whom to ask about. */
export function profileAskCard(): Card {
  const title = text("员工画像", "Profiles");
  return {
    header: { title, tone: "info" },
    elements: [
      {
        type: "text",
        text: text(
          "请说明要看谁，例如“profile 王磊”或“王磊的画像”。",
          "Say whose, e.g. “profile Wang Lei” or “王磊的画像”.",
        ),
      },
    ],
    summary: title,
  };
}

/**
 * The quarterly survey: one question, four buttons. `chosen`: the answer just recorded (the card
 * says so and keeps the buttons, so the person can change it).
 */
export function motivationSurveyCard(quarter: string, chosen?: Motivation): Card {
  const title = text("一个问题：什么最能激励你？", "One question: what motivates you most?");
  const elements: CardElement[] = [
    {
      type: "text",
      text: text(
        `${quarter} 季度问卷。你的回答只有你、你的经理和人事能看到，用于安排激励和发展。`,
        `Survey for ${quarter}. Only you, your manager and HR see your answer; it guides rewards and development.`,
      ),
    },
  ];
  if (chosen)
    elements.push({
      type: "text",
      markdown: true,
      text: both((l) =>
        l === "zh-CN"
          ? `已记录：*${MOTIVATION_LABELS[chosen][l]}*。随时可以改选。`
          : `Recorded: *${MOTIVATION_LABELS[chosen][l]}*. You can change it any time.`,
      ),
    });
  elements.push({
    type: "actions",
    buttons: (Object.keys(MOTIVATION_LABELS) as Motivation[]).map((answer) =>
      button(
        `motive_${answer}`,
        MOTIVATION_LABELS[answer],
        { kind: "motivation", quarter, answer },
        {
          style: answer === chosen ? "primary" : "default",
        },
      ),
    ),
  });
  return { header: { title, tone: chosen ? "good" : "info" }, elements, summary: title };
}

export interface HighPotentialView {
  /** "2026年10月". */
  period: Text;
  version: number;
  people: {
    name: string;
    /** The team at the close. */
    team: Text | null;
    /** Why: "新客户数：8月—10月连续 3 个月团队第一". */
    reasons: Text[];
    /** The suggested development courses (titles). */
    courses: Text[];
  }[];
}

/** After a month close: who is high potential, why, and the suggested development course. */
export function highPotentialCard(view: HighPotentialView): Card {
  const title = both((l) => (l === "zh-CN" ? `高潜力员工 · ${view.period[l]}` : `High potential · ${view.period[l]}`));
  const elements: CardElement[] = [
    {
      type: "text",
      text: text(
        "以下员工连续三个已结账月份在团队中某项指标排名第一。建议安排相应的发展课程。",
        "These people led their team on a metric in each of the last three closed months. A development course is suggested for each.",
      ),
    },
  ];
  for (const p of view.people) {
    elements.push({ type: "divider" });
    elements.push({
      type: "fields",
      fields: [
        { label: text("员工", "Person"), value: p.team ? joinText([same(p.name), p.team], " · ") : same(p.name) },
        { label: text("原因", "Why"), value: joinText(p.reasons, "\n") },
        {
          label: text("建议发展课程", "Suggested development course"),
          value: p.courses.length ? joinText(p.courses, "\n") : text("未配置发展课程", "No development course set up"),
        },
      ],
    });
  }
  elements.push({
    type: "context",
    text: both((l) =>
      l === "zh-CN"
        ? `依据 ${view.period[l]} 月结（第 ${view.version} 版）`
        : `From the ${view.period[l]} close (version ${view.version})`,
    ),
  });
  return { header: { title, tone: "good" }, elements, summary: title };
}
