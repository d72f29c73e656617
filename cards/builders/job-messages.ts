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
  /** One of several messages when the lists are too long for one (splitAdminNotice). */
  part?: { index: number; count: number };
}

/** People listed per admin-notice message: with long error texts still far under Slack's ~12,000 characters. */
export const NOTICE_PEOPLE_PER_MESSAGE = 25;
/** An error text in the notice (a platform's error message can be long). */
const ERROR_CHARS = 200;

/**
 * A notice as one or several messages of at most `perMessage` people each — never cut: each
 * unlinked person is listed once ever, so a name left out would never reach an admin.
 */
export function splitAdminNotice(notice: AdminNotice, perMessage = NOTICE_PEOPLE_PER_MESSAGE): AdminNotice[] {
  const people = notice.failed.length + notice.unlinked.length;
  const count = Math.max(1, Math.ceil(people / perMessage));
  if (count === 1) return [notice];
  return Array.from({ length: count }, (_, i) => {
    const from = i * perMessage;
    const to = from + perMessage;
    const failed = notice.failed.slice(from, to);
    const unlinked = notice.unlinked.slice(
      Math.max(0, from - notice.failed.length),
      Math.max(0, to - notice.failed.length),
    );
    return { ...notice, failed, unlinked, notes: i === 0 ? notice.notes : [], part: { index: i + 1, count } };
  });
}

const shortError = (error: string) => (error.length > ERROR_CHARS ? `${error.slice(0, ERROR_CHARS - 1)}…` : error);

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
    n > 0 && notice.part
      ? text(
          `${notice.run}：未送达名单（第 ${notice.part.index}/${notice.part.count} 条）`,
          `${notice.run}: not delivered (message ${notice.part.index} of ${notice.part.count})`,
        )
      : n > 0
        ? text(`${notice.run}：${n} 条未送达`, `${notice.run}: ${n} not delivered`)
        : text(`${notice.run}：需要处理`, `${notice.run}: needs attention`);
  if (notice.failed.length)
    elements.push({
      type: "text",
      markdown: true,
      text: text(
        `*发送失败（已放弃重试）：*\n${notice.failed.map((f) => `• ${f.name}${f.externalId ? ` (${f.externalId})` : ""} — ${shortError(f.error)}`).join("\n")}`,
        `*Not delivered (gave up retrying):*\n${notice.failed.map((f) => `• ${f.name}${f.externalId ? ` (${f.externalId})` : ""} — ${shortError(f.error)}`).join("\n")}`,
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
  const part = notice.part ? ` (${notice.part.index}/${notice.part.count})` : "";
  return {
    header: {
      title: text(`Pacer 推送报告：${notice.run}${part}`, `Pacer delivery report: ${notice.run}${part}`),
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
