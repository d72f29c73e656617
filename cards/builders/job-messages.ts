// The cards of the scheduled messages that are not answers too: the channel's goal-only view of a
// leaderboard, the month's final version of a card, the offer nudges' notices and the admins'
// delivery report. Pure: data in, Card out (the worker loads the data when a message is sent).
import { formatDateTime, formatPeriod } from "../format.ts";
import { text, type Card, type CardElement, type Text } from "../model.ts";

/** What a run could not deliver (and other things it needs an admin for). */
export interface AdminNotice {
  run: string;
  /** ISO instant. */
  asOf: string;
  failed: { name: string; externalId: string | null; error: string }[];
  unlinked: { name: string; externalId: string; email: string | null }[];
  notes: string[];
}

/** The channel card without anyone's row: only the team goal, bonus tier and how to ask. */
export function goalOnlyCard(card: Card): Card {
  const elements: CardElement[] = card.elements.filter((e) => e.type !== "table");
  elements.unshift({
    type: "text",
    text: text(
      "本频道只显示团队目标进度。想知道自己的排名？私信我“团队排名”。",
      'This channel shows the team goal only. Want your own rank? DM me "team".',
    ),
  });
  return { ...card, elements, summary: card.header.title };
}

/** Marks a card as the month's final result, with the snapshot version it matches. */
export function finalCard(card: Card, period: string, version: number): Card {
  const month = formatPeriod(period);
  const note: CardElement = {
    type: "context",
    text: text(
      `${month["zh-CN"]}已结算（第 ${version} 版），以上为最终成绩。`,
      `${month.en} is closed (version ${version}); these are the final figures.`,
    ),
  };
  return {
    ...card,
    header: {
      ...card.header,
      title: { "zh-CN": `最终成绩 · ${card.header.title["zh-CN"]}`, en: `Final · ${card.header.title.en}` },
    },
    elements: [...card.elements, note],
    summary: { "zh-CN": `最终成绩 · ${card.summary["zh-CN"]}`, en: `Final · ${card.summary.en}` },
  };
}

export function adminNoticeCard(notice: AdminNotice, timezone: string): Card {
  const elements: CardElement[] = [];
  const n = notice.failed.length + notice.unlinked.length;
  const summary =
    n > 0
      ? text(`${notice.run}：${n} 条未送达`, `${notice.run}: ${n} not delivered`)
      : text(`${notice.run}：需要处理`, `${notice.run}: needs attention`);
  if (notice.failed.length)
    elements.push({
      type: "text",
      markdown: true,
      text: text(
        `*发送失败（已放弃重试）：*\n${notice.failed.map((f) => `• ${f.name}${f.externalId ? ` (${f.externalId})` : ""} — ${f.error}`).join("\n")}`,
        `*Not delivered (gave up retrying):*\n${notice.failed.map((f) => `• ${f.name}${f.externalId ? ` (${f.externalId})` : ""} — ${f.error}`).join("\n")}`,
      ),
    });
  if (notice.unlinked.length)
    elements.push({
      type: "text",
      markdown: true,
      text: text(
        `*未关联聊天账号（邮箱也未匹配），已跳过：*\n${notice.unlinked.map((u) => `• ${u.name} (${u.externalId})${u.email ? ` ${u.email}` : ""}`).join("\n")}\n用 \`pacer link <工号> --slack U… | --lark ou_…\` 关联。每人只提醒一次。`,
        `*Not linked to a chat account (no email match), skipped:*\n${notice.unlinked.map((u) => `• ${u.name} (${u.externalId})${u.email ? ` ${u.email}` : ""}`).join("\n")}\nLink them with \`pacer link <employee> --slack U… | --lark ou_…\`. Each person is listed once.`,
      ),
    });
  for (const note of notice.notes) elements.push({ type: "text", text: text(note, note) });
  const when = formatDateTime(notice.asOf, timezone);
  elements.push({
    type: "context",
    text: text(`截至 ${when["zh-CN"]}（${timezone}）`, `as of ${when.en} (${timezone})`),
  });
  return {
    header: {
      title: text(`Pacer 推送报告：${notice.run}`, `Pacer delivery report: ${notice.run}`),
      subtitle: when,
      tone: notice.failed.length ? "bad" : "warning",
    },
    elements,
    summary,
  };
}

export const NUDGE_NOTICE: Record<"t48" | "t24" | "overdue", Text> = {
  t48: text("提醒：这个 offer 还有约 48 小时到期。", "Reminder: this offer's deadline is about 48 hours away."),
  t24: text("提醒：这个 offer 还有约 24 小时到期。", "Reminder: this offer's deadline is about 24 hours away."),
  overdue: text(
    "升级：这个 offer 已过答复期限，请跟进。",
    "Escalation: this offer is past its deadline; please follow up.",
  ),
};
