// The daily HR digest: today's interviews, urgent offers and new hires behind.
// Pure: service data in, Card out; every time is shown in the organization's zone passed as an option.
import type { Thresholds } from "../../../src/recruit/onboarding.ts";
import type { DigestInterview, HrDigest } from "../../../src/services/recruitment.ts";
import { formatDateTime, formatLocalDate } from "../../format.ts";
import { same, text, type Card, type CardElement, type Text } from "../../model.ts";
import { both, button } from "../common.ts";
import { STALLED_CAUSE_LABELS, type StalledCardItem } from "../stalled.ts";
import { DIGEST_LINES, EN_LIST, ZH_LIST, clockTime, plural } from "./shared.ts";
import { offerDeadlineText, statusLabel } from "./offers.ts";
import { compareNewHires, reasonsText } from "./onboarding.ts";

export interface HrDigestCardOptions {
  timezone: string;
  /** The onboarding thresholds, to write "training 50.0% below 80%" (else "below the threshold"). */
  thresholds?: Thresholds;
  /** The candidates newly stalled (claimed for this digest): listed in their own section. */
  stalled?: readonly StalledCardItem[];
}

function section(title: Text, lines: readonly Text[], total: number, empty: Text): Text {
  if (lines.length === 0) return both((l) => `${title[l]}\n${empty[l]}`);
  const more = total - lines.length;
  return both((l) => {
    const body = lines.map((x) => `• ${x[l]}`);
    if (more > 0) body.push(l === "zh-CN" ? `… 另有 ${more} 项` : `… ${more} more`);
    return `${title[l]}\n${body.join("\n")}`;
  });
}

function interviewLine(i: DigestInterview, timezone: string): Text {
  const time = clockTime(i.scheduledAt, timezone);
  const who = i.interviewers.join(ZH_LIST);
  return text(
    `${time} ${i.candidate.name} · ${i.opening.title}${who ? ` · 面试官：${who}` : ""}`,
    `${time} ${i.candidate.name} · ${i.opening.title}${who ? ` · interviewers: ${i.interviewers.join(EN_LIST)}` : ""}`,
  );
}

/**
 * HR's daily digest (sent at 09:30 local): offers overdue or due within 3 days, today's interviews
 * and new hires behind — compact lines — with buttons to the offers and onboarding cards.
 */
export function hrDigestCard(digest: HrDigest, options: HrDigestCardOptions): Card {
  const { timezone } = options;
  const now = digest.generatedAt;
  const c = digest.counts;
  const date = formatLocalDate(digest.date, { year: false });
  const thresholds = options.thresholds ?? null;

  const offers = digest.offers; // most urgent first, as the service lists them
  const offerLines = offers.slice(0, DIGEST_LINES).map((o) => {
    const when = o.status === "pending" ? offerDeadlineText(o.deadlineAt, now) : statusLabel(o);
    const manager = o.hiringManager
      ? text(`（经理 ${o.hiringManager.name}）`, ` (manager ${o.hiringManager.name})`)
      : text("", "");
    return both((l) => `${o.candidate.name} · ${o.opening.title} · ${when[l]}${manager[l]}`);
  });
  const interviews = [...digest.interviewsToday].sort((a, b) => a.scheduledAt.getTime() - b.scheduledAt.getTime());
  const interviewLines = interviews.slice(0, DIGEST_LINES).map((i) => interviewLine(i, timezone));
  const behind = [...digest.newHiresBehind].sort(compareNewHires);
  const behindLines = behind.slice(0, DIGEST_LINES).map((h) => {
    const why = reasonsText(h.reasons, h.checklist, h.kpi, thresholds);
    return both((l) =>
      l === "zh-CN"
        ? `${h.employee.name} · 第 ${h.day} 天 · ${why[l]}`
        : `${h.employee.name} · day ${h.day} · ${why[l]}`,
    );
  });

  const stalled = options.stalled ?? [];
  const stalledLines = stalled.slice(0, DIGEST_LINES).map((i) => {
    const cause = STALLED_CAUSE_LABELS[i.cause].title;
    const manager = i.hiringManager
      ? text(`（经理 ${i.hiringManager.name}）`, ` (manager ${i.hiringManager.name})`)
      : text("", "");
    return both((l) =>
      l === "zh-CN"
        ? `${i.candidate.name} · ${i.opening.title} · ${cause[l]}，已 ${i.workingDaysElapsed} 个工作日${manager[l]}`
        : `${i.candidate.name} · ${i.opening.title} · ${cause[l]}, ${plural(i.workingDaysElapsed, "working day")}${manager[l]}`,
    );
  });

  const elements: CardElement[] = [
    {
      type: "fields",
      fields: [
        { label: text("已逾期 offer", "Offers overdue"), value: same(String(c.offersOverdue)) },
        { label: text("3 天内到期 offer", "Offers due within 3 days"), value: same(String(c.offersDueSoon)) },
        { label: text("今日面试", "Interviews today"), value: same(String(c.interviewsToday)) },
        {
          label: text("落后的新员工", "New hires behind"),
          value: text(`${c.newHiresBehind} / ${c.newHires}`, `${c.newHiresBehind} of ${c.newHires}`),
        },
      ],
    },
    {
      type: "text",
      text: section(
        text("需要跟进的 offer", "Offers to chase"),
        offerLines,
        offers.length,
        text("没有已逾期或 3 天内到期的 offer。", "No offer is overdue or due within 3 days."),
      ),
    },
    {
      type: "text",
      text: section(
        text("今日面试", "Interviews today"),
        interviewLines,
        interviews.length,
        text("今天没有面试。", "No interviews today."),
      ),
    },
    {
      type: "text",
      text: section(
        text("落后的新员工", "New hires behind"),
        behindLines,
        behind.length,
        text("没有落后的新员工。", "No new hire is behind."),
      ),
    },
    {
      type: "text",
      text: section(
        text("新卡住的候选人", "Newly stalled candidates"),
        stalledLines,
        stalled.length,
        text("没有新卡住的候选人。", "No candidate newly stalled."),
      ),
    },
  ];
  const asOf = formatDateTime(now, timezone);
  elements.push({
    type: "context",
    text: text(`截至 ${asOf["zh-CN"]}（${timezone}）`, `As of ${asOf.en} (${timezone})`),
  });
  elements.push({
    type: "actions",
    buttons: [
      button(
        "open_offers",
        text("处理 offer", "Open offers"),
        { kind: "offers" },
        { style: c.offersOverdue + c.offersDueSoon > 0 ? "primary" : "default" },
      ),
      button("open_onboarding", text("入职进度", "Onboarding"), { kind: "onboarding" }),
    ],
  });
  const attention = c.offersOverdue + c.offersDueSoon + c.newHiresBehind;
  return {
    header: {
      title: both((l) => (l === "zh-CN" ? `人事日报 · ${date[l]}` : `HR digest · ${date[l]}`)),
      subtitle: text(
        `${c.offersOverdue} 个 offer 已逾期 · ${c.offersDueSoon} 个 3 天内到期 · 今日 ${c.interviewsToday} 场面试 · ${c.newHiresBehind} 位新员工落后`,
        `${plural(c.offersOverdue, "offer")} overdue · ${c.offersDueSoon} due within 3 days · ${plural(c.interviewsToday, "interview")} today · ${c.newHiresBehind} new ${c.newHiresBehind === 1 ? "hire" : "hires"} behind`,
      ),
      tone: c.offersOverdue > 0 ? "bad" : attention > 0 ? "warning" : "good",
    },
    elements,
    summary: both((l) =>
      l === "zh-CN"
        ? `人事日报 ${date[l]}：offer 逾期 ${c.offersOverdue} 个、3 天内到期 ${c.offersDueSoon} 个，今日面试 ${c.interviewsToday} 场，落后新员工 ${c.newHiresBehind} 位`
        : `HR digest ${date[l]}: ${c.offersOverdue} offers overdue, ${c.offersDueSoon} due within 3 days, ${plural(c.interviewsToday, "interview")} today, ${c.newHiresBehind} new ${c.newHiresBehind === 1 ? "hire" : "hires"} behind`,
    ),
  };
}
