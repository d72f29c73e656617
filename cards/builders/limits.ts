// Honest limits: the answer to a request Pacer recognises but does not (yet) serve. It names what
// was asked, says where that is done instead when there is such a place, and lists what can be
// asked — never another intent's card, never a bare "didn't understand".
import type { UnsupportedTopic } from "../../src/chat/intents.ts";
import { truncateWidth } from "../format.ts";
import { text, type Card, type Text } from "../model.ts";
import { both } from "./common.ts";
import { type HelpCardOptions, whatCanBeAsked } from "./messages.ts";

/** What was asked, as the header names it, and what to do instead. */
const TOPICS: Record<UnsupportedTopic, { asked: Text; instead: Text }> = {
  receivables_followup: {
    asked: text("催收回款", "following up on payments"),
    instead: text(
      "Pacer 不会联系客户；“未回款”会列出还没收回的款项。",
      "Pacer doesn't contact customers; “unpaid” lists the payments still outstanding.",
    ),
  },
  single_order: {
    asked: text("查询单个订单", "looking up a single order"),
    instead: text(
      "“明细”会列出本月计入你业绩的订单，“未回款”列出待回款的订单。",
      "“details” lists this month's orders that count for you, “unpaid” the orders still to be paid.",
    ),
  },
  change_data: {
    asked: text("修改数据", "changing data"),
    instead: text(
      "数据来自公司的业务系统，请在那里修改，Pacer 会自动同步。",
      "The numbers come from your company's systems; change them there and Pacer picks the change up.",
    ),
  },
  settings: {
    asked: text("修改推送时间等设置", "changing settings such as the daily message time"),
    instead: text(
      "你可以“停止每日推送”或“恢复每日推送”；推送时间由管理员设置。",
      "You can “stop daily” or “resume daily”; the time is set by an admin.",
    ),
  },
  export: {
    asked: text("导出数据", "exporting data"),
    instead: text(
      "“明细”会在聊天里列出订单；月度分析报告（人事、管理员）可以问“report 2026-10”。",
      "“details” lists the orders in chat; HR and admins can get the monthly analysis with “report 2026-10”.",
    ),
  },
  pay: {
    asked: text("提成、奖金和工资", "commission, bonuses and pay"),
    instead: text(
      "Pacer 只计算 KPI 得分，提成和工资请咨询人事或财务；想看得分可以问“离目标还差多少”。",
      "Pacer computes KPI scores only; for commission and pay please ask HR or finance. For your score, ask “how far from target?”.",
    ),
  },
  off_topic: {
    asked: text("与业绩和招聘无关的问题", "questions outside KPIs and hiring"),
    instead: text("Pacer 只回答业绩和招聘相关的问题。", "Pacer only answers questions about KPIs and hiring."),
  },
};

export interface UnsupportedCardOptions {
  topic: UnsupportedTopic;
  /** What was typed, quoted back (shortened). */
  asked?: string;
  /** The asker's role: the list of what can be asked fits it (as on the help card). */
  role?: HelpCardOptions["role"];
}

export function unsupportedCard(options: UnsupportedCardOptions): Card {
  const { asked, instead } = TOPICS[options.topic];
  const heardRaw = options.asked?.replace(/\s+/g, " ").trim() ?? "";
  const heard = heardRaw === "" ? null : truncateWidth(heardRaw, 80);
  const title = both((l) => (l === "zh-CN" ? `暂时做不到：${asked[l]}` : `I can't do that (yet): ${asked[l]}`));
  return {
    header: { title, tone: "neutral" },
    elements: [
      {
        type: "text",
        text: both((l) => {
          if (l === "zh-CN")
            return `${heard ? `你问的是“${heard}”——` : ""}Pacer 在聊天里还不能${asked[l]}。${instead[l]}`;
          return `${heard ? `You asked “${heard}”: ` : ""}Pacer can't help with ${asked[l]} in chat yet. ${instead[l]}`;
        }),
      },
      { type: "text", text: text("你可以这样问：", "Here is what you can ask:") },
      ...whatCanBeAsked(options.role),
    ],
    summary: both((l) =>
      l === "zh-CN"
        ? `暂时做不到：${asked[l]}。你可以问：离目标还差多少、明细、团队排名`
        : `I can't do that (yet): ${asked[l]}. You can ask: how far from target?, details, team`,
    ),
  };
}
