// The team leaderboard, in three views:
// - member (a salesperson, privately): names, scores and ranks only;
// - channel (posted where the team can read it): the same columns, but only the top N and the
//   asker's own row — never the bottom of the ranking for anyone but the asker (motivating, not
//   shaming);
// - manager: the full detail — headline-metric completion, trend against last week, who is at
//   risk — with a chart of totals and a button to open each at-risk rep's card.
// Every view shows the team goal's progress, the bonus tier reached and the next one.
import type { Leaderboard, LeaderboardRow, TeamGoalLine } from "../../src/services/leaderboard.ts";
import { decimalSign } from "../decimal.ts";
import {
  formatDateTime,
  formatMetric,
  formatPeriod,
  formatPoints,
  metricLabelText,
  NONE,
  percentString,
  previousPeriod,
  signedDecimal,
} from "../format.ts";
import {
  same,
  text,
  type Button,
  type Card,
  type CardElement,
  type ChartElement,
  type TableColumn,
  type TableElement,
  type Text,
  type Tone,
} from "../model.ts";
import { both, button, freshnessContext, joinText } from "./common.ts";
import { type Page, PAGE_SIZE, pageButtons, pageLine, paginate } from "../paginate.ts";

export type LeaderboardAudience = "manager" | "member" | "channel";

export interface LeaderboardCardOptions {
  audience: LeaderboardAudience;
  /** The person asking: their row is highlighted, and in a channel always shown. */
  askerExternalId?: string;
  /** Rows shown in a channel before the asker's own (settings "top N"); default 5. */
  topN?: number;
  /** For a money team goal (the leaderboard does not carry the organization's currency). */
  currency?: string;
  /** Which page of a long team (manager and member views; default 1). */
  page?: number;
  /** Rows per page (default PAGE_SIZE: a page always fits a chat message). */
  pageSize?: number;
}

export const DEFAULT_TOP_N = 5;
/** Bars in the manager's chart; a longer team is still complete in the table. */
const MAX_CHART_BARS = 30;
/** Buttons opening at-risk reps' cards. */
const MAX_REP_BUTTONS = 5;
/** Names in the at-risk line; the table's "pace" column has every one. */
const MAX_AT_RISK_NAMES = 30;

/**
 * The rows an audience may see, in rank order. Ranks are the team's, so a gap between shown rows
 * is visible from the numbers themselves.
 */
export function visibleRows(board: Leaderboard, options: LeaderboardCardOptions): LeaderboardRow[] {
  if (options.audience !== "channel") return board.rows;
  const topN = Math.max(0, Math.floor(options.topN ?? DEFAULT_TOP_N));
  const worst = board.rows.reduce((max, r) => Math.max(max, r.rank), 0);
  const isAsker = (r: LeaderboardRow) =>
    options.askerExternalId !== undefined && r.externalId === options.askerExternalId;
  // Others at the bottom rank are never named in a channel, even inside the top N of a small team.
  return board.rows.filter((row, index) => isAsker(row) || (index < topN && row.rank !== worst));
}

function columns(audience: LeaderboardAudience): TableColumn[] {
  const base: TableColumn[] = [
    { key: "rank", label: text("排名", "Rank"), align: "right" },
    { key: "name", label: text("姓名", "Name") },
    { key: "total", label: text("总分", "Score"), align: "right" },
  ];
  if (audience !== "manager") return base;
  return [
    ...base,
    { key: "completion", label: text("主指标完成", "Headline metric"), align: "right" },
    { key: "trend", label: text("较上周", "vs last week"), align: "right" },
    { key: "pace", label: text("进度", "Pace") },
  ];
}

function cells(row: LeaderboardRow, audience: LeaderboardAudience): Record<string, Text> {
  const out: Record<string, Text> = { rank: same(String(row.rank)), name: same(row.name), total: same(row.total) };
  if (audience === "manager") {
    const label = metricLabelText(row.headline);
    const pct = percentString(row.headlineAchievement);
    out.completion = both((l) => `${label[l]} ${pct}`);
    out.trend = row.trend === null ? same("—") : same(signedDecimal(row.trend));
    out.pace =
      row.status === "on_leave"
        ? text("休假中", "on leave")
        : row.atRisk
          ? text("落后", "behind pace")
          : text("正常", "on pace");
  }
  return out;
}

/**
 * The rows of this card: a page of the team for managers and members; in a channel the top N (at
 * most a page) and the asker's row, never paged (a button there would change the channel's card).
 */
function pageOf(board: Leaderboard, options: LeaderboardCardOptions): Page<LeaderboardRow> {
  const pageSize = options.pageSize ?? PAGE_SIZE;
  if (options.audience === "channel") {
    const topN = Math.min(options.topN ?? DEFAULT_TOP_N, pageSize);
    return paginate(visibleRows(board, { ...options, topN }), 1, pageSize + 1);
  }
  return paginate(board.rows, options.page, pageSize);
}

function table(rows: LeaderboardRow[], options: LeaderboardCardOptions): TableElement {
  const cols = columns(options.audience);
  const highlight = rows.findIndex((r) => r.externalId === options.askerExternalId);
  return {
    type: "table",
    columns: cols,
    rows: rows.map((r) => cells(r, options.audience)),
    ...(highlight >= 0 ? { highlightRow: highlight } : {}),
  };
}

function totalsChart(board: Leaderboard): ChartElement {
  const shown = board.rows.slice(0, MAX_CHART_BARS);
  const parts = shown.map((r) => same(`${r.name} ${r.total}`));
  return {
    type: "chart",
    title:
      board.rows.length > MAX_CHART_BARS
        ? text(`总分（前 ${MAX_CHART_BARS} 名）`, `Total score (top ${MAX_CHART_BARS})`)
        : text("总分", "Total score"),
    bars: shown.map((r) => ({
      label: same(r.name),
      value: Number(r.total),
      tone: r.atRisk ? ("warning" as Tone) : ("good" as Tone),
    })),
    reference: { value: 100, label: text("100 分", "100 points") },
    fallback: joinText(parts, text("，", ", ")),
  };
}

function goalElements(goal: TeamGoalLine, currency: string): CardElement[] {
  const label = metricLabelText(goal.metric);
  const actual = formatMetric(goal.metric, goal.actual, currency);
  const target = formatMetric(goal.metric, goal.goal, currency);
  const completion = goal.completion === null ? NONE : same(percentString(goal.completion));
  const ratio = goal.completion === null ? 0 : Number(goal.completion); // drawing only
  const tone: Tone = ratio >= 1 ? "good" : ratio >= 0.8 ? "warning" : "bad";
  const next = goal.nextTier;
  return [
    {
      type: "progress",
      label: both((l) => (l === "zh-CN" ? `团队目标：${label[l]}` : `Team goal: ${label[l]}`)),
      ratio,
      caption: both((l) => `${actual[l]} / ${target[l]} · ${completion[l]}`),
      tone,
    },
    {
      type: "fields",
      fields: [
        {
          label: text("当前团队奖励", "Team bonus now"),
          value: both((l) =>
            decimalSign(goal.bonus) === 0
              ? l === "zh-CN"
                ? "暂未达到奖励档"
                : "no tier reached yet"
              : `${formatPoints(goal.bonus, { signed: true })[l]}${l === "zh-CN" ? "（每人）" : " each"}`,
          ),
        },
        {
          label: text("下一档", "Next tier"),
          value:
            next === null
              ? text("已达最高档", "top tier reached")
              : both((l) => {
                  const pct = percentString(next.minCompletion);
                  const pts = formatPoints(next.points, { signed: true })[l];
                  return l === "zh-CN" ? `完成 ${pct} 每人 ${pts}` : `reach ${pct}: ${pts} each`;
                }),
        },
      ],
    },
  ];
}

function buttons(board: Leaderboard, options: LeaderboardCardOptions, page: Page<LeaderboardRow>): Button[] {
  const out: Button[] = pageButtons(page, (p) => ({
    kind: "leaderboard",
    period: board.period,
    team: board.team.externalId,
    page: p,
  }));
  if (options.audience === "manager") {
    board.rows
      .filter((r) => r.atRisk)
      .slice(0, MAX_REP_BUTTONS)
      .forEach((r, i) =>
        out.push(
          button(
            `rep_${i + 1}`,
            both((l) => (l === "zh-CN" ? `查看 ${r.name}` : `View ${r.name}`)),
            { kind: "progress", period: board.period, subject: r.externalId },
          ),
        ),
      );
  } else {
    out.push(
      button(
        "my_progress",
        text("我的进度", "My progress"),
        { kind: "progress", period: board.period },
        { style: "primary" },
      ),
    );
  }
  out.push(
    button("prev_period", text("上个月排名", "Last month's ranking"), {
      kind: "leaderboard",
      period: previousPeriod(board.period),
      team: board.team.externalId,
    }),
  );
  return out;
}

export function leaderboardCard(board: Leaderboard, options: LeaderboardCardOptions): Card {
  const currency = options.currency ?? "CNY";
  const period = formatPeriod(board.period);
  const elements: CardElement[] = [];
  const page = pageOf(board, options);
  if (board.rows.length === 0) {
    elements.push({
      type: "text",
      text: text("这个团队还没有参与考核的成员。", "This team has no scored members yet."),
    });
  } else {
    elements.push(table(page.items, options));
    const line = pageLine(page);
    if (line) elements.push({ type: "context", text: line });
    if (options.audience === "manager") {
      elements.push(totalsChart(board));
      const atRiskAll = board.rows.filter((r) => r.atRisk).map((r) => r.name);
      const more = atRiskAll.length - MAX_AT_RISK_NAMES;
      const atRisk = more > 0 ? [...atRiskAll.slice(0, MAX_AT_RISK_NAMES), `… +${more}`] : atRiskAll;
      elements.push({
        type: "text",
        text:
          atRisk.length === 0
            ? text("没有主指标进度落后的成员。", "Nobody is behind pace on their headline metric.")
            : text(
                `需关注（主指标进度落后）：${atRisk.join("、")}`,
                `At risk (headline metric behind pace): ${atRisk.join(", ")}`,
              ),
      });
    }
  }
  for (const goal of board.goals) elements.push({ type: "divider" }, ...goalElements(goal, currency));
  elements.push(freshnessContext(board.dataFreshness, board.asOf, board.timezone));
  elements.push({ type: "actions", buttons: buttons(board, options, page) });

  const top = visibleRows(board, options).slice(0, 3);
  const asOf = formatDateTime(board.asOf, board.timezone);
  const days = board.workingDays.remaining;
  return {
    header: {
      title: both((l) =>
        l === "zh-CN" ? `${board.team.name} · ${period[l]}排名` : `${board.team.name} · ${period[l]} ranking`,
      ),
      subtitle: text(
        `${board.rows.length} 人 · 剩余 ${days} 个工作日 · ${asOf["zh-CN"]}`,
        `${board.rows.length} ${board.rows.length === 1 ? "person" : "people"} · ${days} working ${days === 1 ? "day" : "days"} left · ${asOf.en}`,
      ),
      tone: "info",
    },
    elements,
    summary: both((l) => {
      const list = top
        .map((r) => (l === "zh-CN" ? `第${r.rank} ${r.name} ${r.total}` : `#${r.rank} ${r.name} ${r.total}`))
        .join(l === "zh-CN" ? "，" : ", ");
      const head = l === "zh-CN" ? `${board.team.name} ${period[l]}排名` : `${board.team.name} ${period[l]} ranking`;
      if (!list) return head;
      return l === "zh-CN" ? `${head}：${list}` : `${head}: ${list}`;
    }),
  };
}
