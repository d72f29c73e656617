// The stalled-pipeline alert card for HR and hiring managers: the candidates stuck at each cause
// (passed interview without an offer, accepted offer without a start date, unscreened), with their
// opening, hiring manager, since when and the working days elapsed. Data in, Card out.
import type { StalledCause } from "../../src/recruit/stalled.ts";
import { formatDate, formatDateTime, formatWorkingDays } from "../format.ts";
import { same, text, type Card, type CardElement, type Text } from "../model.ts";
import { both } from "./common.ts";

/** What the card needs of an item (src/services/stalled.ts StalledAlert has all of it). */
export interface StalledCardItem {
  cause: StalledCause;
  applicationExternalId: string;
  candidate: { externalId: string; name: string };
  opening: { externalId: string; title: string };
  hiringManager: { externalId: string; name: string } | null;
  since: Date;
  workingDaysElapsed: number;
  thresholdDays: number;
}

export interface StalledCardOptions {
  timezone: string;
  generatedAt: Date;
  /** Rows shown per cause; the rest are counted (a chat card must stay readable). */
  maxRowsPerCause?: number;
}

/** Causes in the order the card shows them (closest to losing the candidate first). */
const CAUSES: readonly StalledCause[] = ["interview_passed_no_offer", "accepted_no_start_date", "unscreened"];

export const STALLED_CAUSE_LABELS: Readonly<Record<StalledCause, { title: Text; since: Text; action: Text }>> = {
  interview_passed_no_offer: {
    title: text("面试已通过、尚未发 offer", "Interview passed, no offer yet"),
    since: text("面试时间", "Interviewed"),
    action: text("请尽快发出 offer 或告知候选人结果。", "Send the offer or tell the candidate the outcome."),
  },
  accepted_no_start_date: {
    title: text("已接受 offer、未定入职日期", "Offer accepted, no start date"),
    since: text("接受时间", "Accepted"),
    action: text("请与候选人确认入职日期。", "Agree a start date with the candidate."),
  },
  unscreened: {
    title: text("投递后尚未初筛", "Applied, not screened"),
    since: text("投递时间", "Applied"),
    action: text("请完成初筛（通过或不通过）。", "Screen the application (advance or reject)."),
  },
};

export function stalledCard(items: readonly StalledCardItem[], options: StalledCardOptions): Card {
  const max = options.maxRowsPerCause ?? 10;
  const asOf = formatDateTime(options.generatedAt, options.timezone);
  const footer: CardElement = {
    type: "context",
    text: both((l) =>
      l === "zh-CN"
        ? `截至 ${asOf[l]}（${options.timezone}）· 按工作日计算 · 每位候选人每种情况只提醒一次`
        : `As of ${asOf[l]} (${options.timezone}) · counted in working days · each candidate is flagged once per cause`,
    ),
  };
  if (items.length === 0)
    return {
      header: { title: text("招聘流程无卡点", "No stalled candidates"), tone: "good" },
      elements: [
        { type: "text", text: text("没有候选人卡在流程中。", "No candidate is stuck in the pipeline.") },
        footer,
      ],
      summary: text("没有卡住的候选人", "No stalled candidates"),
    };

  const elements: CardElement[] = [];
  const counts: Text[] = [];
  for (const cause of CAUSES) {
    const group = items.filter((i) => i.cause === cause);
    if (group.length === 0) continue;
    const label = STALLED_CAUSE_LABELS[cause];
    counts.push(both((l) => `${label.title[l]} ${group.length}`));
    if (elements.length) elements.push({ type: "divider" });
    elements.push({
      type: "text",
      markdown: true,
      text: both((l) => `*${label.title[l]}* (${group.length}) — ${label.action[l]}`),
    });
    elements.push({
      type: "table",
      columns: [
        { key: "candidate", label: text("候选人", "Candidate") },
        { key: "opening", label: text("职位", "Opening") },
        { key: "manager", label: text("用人经理", "Hiring manager") },
        { key: "since", label: label.since },
        { key: "waiting", label: text("已等待", "Waiting"), align: "right" },
      ],
      rows: group.slice(0, max).map((i) => ({
        candidate: same(i.candidate.name),
        opening: same(i.opening.title),
        manager: i.hiringManager ? same(i.hiringManager.name) : text("未指定", "none"),
        since: formatDate(i.since, options.timezone, options.generatedAt),
        waiting: formatWorkingDays(i.workingDaysElapsed),
      })),
    });
    if (group.length > max)
      elements.push({
        type: "context",
        text: text(`另有 ${group.length - max} 位未列出`, `and ${group.length - max} more not listed`),
      });
  }
  elements.push(footer);
  const total = items.length;
  return {
    header: {
      title: text(
        `${total} 位候选人卡在招聘流程中`,
        `${total} ${total === 1 ? "candidate is" : "candidates are"} stalled`,
      ),
      tone: "warning",
    },
    elements,
    summary: both(
      (l) => `${l === "zh-CN" ? "招聘卡点：" : "Stalled pipeline: "}${counts.map((c) => c[l]).join(" · ")}`,
    ),
  };
}
