// HR's cards: the offers card (by urgency, with the buttons that answer, extend or chase an offer),
// onboarding progress of new hires, a probation-milestone alert, an opening's screening ranking, one
// candidate's screening explanation, and the daily HR digest. Pure: service data in, Card out; every
// time is shown in the organization's zone passed as an option.
//
// Platform limits shape the offers card: one actions row per offer (4 buttons, far below Slack's
// 25 per row; 3 Slack blocks per offer, far below 50 per message) and at most MAX_OFFERS_SHOWN
// offers. The tighter limit is Lark's 30 KB card with both languages: an offer with its four
// buttons (two with a confirm dialog) takes ~4 KB there, so six fit with room for long names and
// titles (test/cards/hr.test.ts renders 40). The rest are counted in an "… N more" line, and
// come up as the listed ones are answered.
import type { Intent } from "../../src/chat/intents.ts";
import { toRational } from "../../src/kpi/decimal.ts";
import type { IgnoreReason, KeywordResult, MatchLocation } from "../../src/recruit/screening.ts";
import { compareByUrgency, offerUrgency, type OfferActionKind, type Urgency } from "../../src/recruit/offers.ts";
import { OFFER_STATUS_LABELS, STAGE_LABELS, type OfferStatus, type Stage } from "../../src/recruit/errors.ts";
import type {
  AlertReason,
  Checklist,
  ChecklistItem,
  Milestone,
  MilestoneKey,
  Thresholds,
} from "../../src/recruit/onboarding.ts";
import type { KpiSnapshot, MilestoneAlert, NewHireStatus, OnboardingStatus } from "../../src/services/onboarding.ts";
import type {
  DigestInterview,
  HrDigest,
  OfferView,
  OpeningScreening,
  RankedCandidate,
} from "../../src/services/recruitment.ts";
import { formatDate, formatDateTime, formatLocalDate, formatPeriod, formatPoints, metricLabelText } from "../format.ts";
import {
  same,
  text,
  type Button,
  type Card,
  type CardElement,
  type FieldsElement,
  type Text,
  type Tone,
} from "../model.ts";
import { checklistTickButtons } from "./onboarding-checklist.ts";
import { both, button, joinText } from "./common.ts";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Offers listed on the offers card (Lark's 30 KB bilingual card decides; see above); the rest are counted. */
export const MAX_OFFERS_SHOWN = 6;
/** New hires listed on the onboarding card. */
export const MAX_NEW_HIRES_SHOWN = 12;
/** Candidates an opening's ranking lists by default, and at most. */
export const DEFAULT_SCREENING_LIMIT = 10;
export const MAX_SCREENING_LIMIT = 20;
/** Lines per section of the HR digest. */
export const DIGEST_LINES = 8;
/** Days the offers card's "extend" button adds (the service allows 1–14). */
export const EXTEND_DAYS = 3;
/** Snippets shown per keyword on the candidate card (counted and not counted, each). */
const SNIPPETS_SHOWN = 2;

const ZH_LIST = "、";
const EN_LIST = ", ";

/** "、" between Chinese list items, ", " between English ones. */
const list = (items: readonly Text[]): Text => joinText(items, text(ZH_LIST, EN_LIST));
const plural = (n: number, one: string, many: string = `${one}s`) => `${n} ${n === 1 ? one : many}`;
/** A stored local date, with its year only when it is not `reference`'s year. */
const localDay = (date: string, reference: string) =>
  formatLocalDate(date, { year: date.slice(0, 4) !== reference.slice(0, 4) });
const percentText = (p: number | null): Text => (p === null ? text("无", "none") : same(`${p.toFixed(1)}%`));
const threshold = (n: number): Text => text(`${n} 分`, `${n} pts`);

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** The local clock time of an instant: "09:30" (the tail of formatDateTime's wording). */
function clockTime(instant: Date | string, timezone: string): string {
  const en = formatDateTime(instant, timezone).en;
  return /(\d{2}:\d{2})$/.exec(en)?.[1] ?? en;
}

// ─── Offers ─────────────────────────────────────────────────────────────────────────────────────

/**
 * How long until (or since) an offer's deadline: "还剩 13 小时" / "13 h left", "还剩 2 天 5 小时" /
 * "2 days 5 h left", "已逾期 5 小时" / "5 h overdue", "已逾期 2 天" / "2 days overdue". Whole hours
 * and days, rounded down — "13 h left" is never more time than there is.
 */
export function offerDeadlineText(deadlineAt: Date, now: Date): Text {
  const ms = deadlineAt.getTime() - now.getTime();
  if (ms > 0) {
    const hours = Math.floor(ms / HOUR_MS);
    if (hours < 1) return text("还剩不到 1 小时", "less than 1 h left");
    if (hours < 48) return text(`还剩 ${hours} 小时`, `${hours} h left`);
    const days = Math.floor(hours / 24);
    const rest = hours % 24;
    return rest === 0
      ? text(`还剩 ${days} 天`, `${days} days left`)
      : text(`还剩 ${days} 天 ${rest} 小时`, `${days} days ${rest} h left`);
  }
  const hours = Math.floor(-ms / HOUR_MS);
  if (hours < 1) return text("刚刚逾期", "just overdue");
  if (hours < 24) return text(`已逾期 ${hours} 小时`, `${hours} h overdue`);
  const days = Math.floor(hours / 24);
  return text(`已逾期 ${days} 天`, `${plural(days, "day")} overdue`);
}

const URGENCY_TONE: Readonly<Record<Urgency, Tone>> = {
  overdue: "bad",
  due_24h: "warning",
  due_48h: "warning",
  due_3d: "info",
  later: "neutral",
  answered: "neutral",
};

/** Red when overdue, orange within 48 hours, blue within 3 days; an accepted offer green. */
export function offerTone(urgency: Urgency, status: OfferStatus): Tone {
  return urgency === "answered" ? (status === "accepted" ? "good" : "neutral") : URGENCY_TONE[urgency];
}

const statusLabel = (status: OfferStatus): Text =>
  text(OFFER_STATUS_LABELS[status]["zh-CN"], OFFER_STATUS_LABELS[status].en);
const stageLabel = (stage: Stage): Text => text(STAGE_LABELS[stage]["zh-CN"], STAGE_LABELS[stage].en);

function offerTitle(o: OfferView): Text {
  return text(
    `${o.candidate.name} · ${o.opening.title}（${o.externalId}）`,
    `${o.candidate.name} · ${o.opening.title} (${o.externalId})`,
  );
}

function offerButtons(o: OfferView, index: number): Button[] {
  const name = o.candidate.name;
  const intent = (action: OfferActionKind, days?: number): Intent => ({
    kind: "offer_action",
    offer: o.externalId,
    action,
    ...(days === undefined ? {} : { days }),
  });
  const cancel = text("取消", "Cancel");
  // Answering is final (the application moves on), so both answers ask first — briefly: every
  // byte of a button counts against Lark's 30 KB card, once per offer.
  const make: Record<OfferActionKind, () => Button> = {
    accept: () =>
      button(`accept_${index}`, text("接受", "Accept"), intent("accept"), {
        style: "primary",
        confirm: {
          title: text(`${name} 已接受 offer（${o.externalId}）？`, `${name} accepted ${o.externalId}?`),
          text: text(
            "申请将进入「已接受 offer」，不能撤销。",
            'The application moves to "accepted"; this cannot be undone.',
          ),
          ok: text("确认接受", "Mark accepted"),
          cancel,
        },
      }),
    decline: () =>
      button(`decline_${index}`, text("拒绝", "Decline"), intent("decline"), {
        style: "danger",
        confirm: {
          title: text(`${name} 已拒绝 offer（${o.externalId}）？`, `${name} declined ${o.externalId}?`),
          text: text("申请将随之结束，不能撤销。", "The application closes; this cannot be undone."),
          ok: text("确认拒绝", "Mark declined"),
          cancel,
        },
      }),
    extend: () =>
      button(
        `extend_${index}`,
        text(`延期${EXTEND_DAYS}天`, `Extend ${EXTEND_DAYS} days`),
        intent("extend", EXTEND_DAYS),
      ),
    remind: () => button(`remind_${index}`, text("提醒候选人", "Remind candidate"), intent("remind")),
  };
  // In the card's fixed order, whatever order the service lists them in.
  return (["accept", "decline", "extend", "remind"] as const)
    .filter((a) => o.actions.includes(a))
    .map((a) => make[a]());
}

function offerElements(o: OfferView, index: number, options: OffersCardOptions): CardElement[] {
  const { timezone, now } = options;
  const u = offerUrgency(o, now);
  const tone = offerTone(u.urgency, o.status);
  const deadline = formatDateTime(o.deadlineAt, timezone, now);
  let caption: Text;
  let ratio: number;
  if (u.urgency === "answered") {
    const at = o.respondedAt ? formatDateTime(o.respondedAt, timezone, now) : null;
    const status = statusLabel(o.status);
    caption = both((l) => (at ? `${status[l]} · ${at[l]}` : status[l]));
    ratio = 1;
  } else {
    const left = offerDeadlineText(o.deadlineAt, now);
    caption = both((l) => (l === "zh-CN" ? `${left[l]} · 截止 ${deadline[l]}` : `${left[l]} · due ${deadline[l]}`));
    // The share of the response window used up (over 1 once overdue): drawing only.
    const window = o.deadlineAt.getTime() - o.sentAt.getTime();
    ratio = window > 0 ? Math.max(0, (now.getTime() - o.sentAt.getTime()) / window) : 1;
  }
  const manager = o.hiringManager
    ? text(`用人经理 ${o.hiringManager.name}`, `Hiring manager ${o.hiringManager.name}`)
    : text("未指定用人经理", "No hiring manager");
  const last = o.lastRemindedAt ? formatDateTime(o.lastRemindedAt, timezone, now) : null;
  const reminded =
    o.reminders === 0
      ? text("未提醒过候选人", "candidate not reminded yet")
      : both((l) =>
          l === "zh-CN"
            ? `已提醒 ${o.reminders} 次${last ? `（最近 ${last[l]}）` : ""}`
            : `reminded ${plural(o.reminders, "time")}${last ? ` (last ${last[l]})` : ""}`,
        );
  const out: CardElement[] = [
    { type: "progress", label: offerTitle(o), ratio, caption, tone },
    { type: "context", text: joinText([manager, reminded], " · ") },
  ];
  const buttons = options.canAct ? offerButtons(o, index) : [];
  if (buttons.length > 0) out.push({ type: "actions", buttons });
  return out;
}

export interface OffersCardOptions {
  timezone: string;
  /** The card's clock: urgency, "13 h left" and tones are computed at this instant. */
  now: Date;
  /** The viewer may act on offers (HR): the buttons are shown only then. */
  canAct: boolean;
  /** A line on top, e.g. after a button updated the card in place ("已将 OF-1 标记为接受"). */
  notice?: Text;
}

const URGENCY_COUNT: readonly { urgency: Urgency; label: (n: number) => Text }[] = [
  { urgency: "overdue", label: (n) => text(`${n} 个已逾期`, `${n} overdue`) },
  { urgency: "due_24h", label: (n) => text(`${n} 个 24 小时内到期`, `${n} due within 24 h`) },
  { urgency: "due_48h", label: (n) => text(`${n} 个 48 小时内到期`, `${n} due within 48 h`) },
  { urgency: "due_3d", label: (n) => text(`${n} 个 3 天内到期`, `${n} due within 3 days`) },
  { urgency: "later", label: (n) => text(`${n} 个 3 天后到期`, `${n} due later`) },
  { urgency: "answered", label: (n) => text(`${n} 个已答复`, `${n} answered`) },
];

function urgencyCounts(urgencies: readonly Urgency[]): Text[] {
  return URGENCY_COUNT.map(({ urgency, label }) => ({ n: urgencies.filter((u) => u === urgency).length, label }))
    .filter((c) => c.n > 0)
    .map((c) => c.label(c.n));
}

/**
 * HR's offers: most urgent first (overdue — most overdue first — then by deadline, answered last),
 * each with candidate, opening, hiring manager, the deadline relative and absolute, and reminders
 * sent; with `canAct`, the offer's available actions as buttons (accept and decline ask for
 * confirmation). At most MAX_OFFERS_SHOWN offers; an empty list is a friendly all-clear.
 */
export function offersCard(offers: readonly OfferView[], options: OffersCardOptions): Card {
  const { timezone, now } = options;
  const sorted = [...offers].sort(compareByUrgency);
  const urgencies = sorted.map((o) => offerUrgency(o, now).urgency);
  const shown = sorted.slice(0, MAX_OFFERS_SHOWN);
  const elements: CardElement[] = [];
  if (options.notice) elements.push({ type: "text", text: options.notice });
  const asOf = formatDateTime(now, timezone);
  const refresh = button("offers_refresh", text("刷新", "Refresh"), { kind: "offers" });

  if (sorted.length === 0) {
    elements.push({
      type: "text",
      text: text(
        "没有需要处理的 offer：没有已逾期或 3 天内到期的待确认 offer。",
        "No offers need attention: none is overdue or due within 3 days.",
      ),
    });
    elements.push({
      type: "context",
      text: text(`截至 ${asOf["zh-CN"]}（${timezone}）`, `As of ${asOf.en} (${timezone})`),
    });
    elements.push({ type: "actions", buttons: [refresh] });
    const all = text("没有需要处理的 offer", "No offers need attention");
    return {
      header: { title: all, tone: "good" },
      elements,
      summary: options.notice ? joinText([options.notice, all], " · ") : all,
    };
  }

  shown.forEach((o, i) => elements.push(...offerElements(o, i + 1, options)));
  const hidden = urgencies.slice(shown.length);
  if (hidden.length > 0) {
    const counts = list(urgencyCounts(hidden));
    elements.push({
      type: "text",
      text: both((l) =>
        l === "zh-CN"
          ? `… 另有 ${hidden.length} 个 offer 未列出（${counts[l]}）`
          : `… ${hidden.length} more ${hidden.length === 1 ? "offer" : "offers"} not listed (${counts[l]})`,
      ),
    });
  }
  const footer: Text = options.canAct
    ? text(
        `按截止时间排序，已逾期的在最前 · 截至 ${asOf["zh-CN"]}（${timezone}）`,
        `Sorted by deadline, overdue first · as of ${asOf.en} (${timezone})`,
      )
    : text(
        `按截止时间排序 · 截至 ${asOf["zh-CN"]}（${timezone}）· 只有人事可以处理 offer`,
        `Sorted by deadline · as of ${asOf.en} (${timezone}) · only HR can act on offers`,
      );
  elements.push({ type: "context", text: footer });
  elements.push({ type: "actions", buttons: [refresh] });

  const counts = list(urgencyCounts(urgencies));
  const overdue = urgencies.filter((u) => u === "overdue").length;
  const soon = urgencies.filter((u) => u === "due_24h" || u === "due_48h").length;
  const first = sorted[0]!;
  const firstWhen = urgencies[0] === "answered" ? statusLabel(first.status) : offerDeadlineText(first.deadlineAt, now);
  const summary = both((l) =>
    l === "zh-CN"
      ? `offer ${sorted.length} 个（${counts[l]}），最紧急：${first.candidate.name}（${firstWhen[l]}）`
      : `${plural(sorted.length, "offer")} (${counts[l]}); most urgent: ${first.candidate.name} (${firstWhen[l]})`,
  );
  return {
    header: {
      title: text("待确认的 offer", "Offers awaiting an answer"),
      subtitle: both((l) =>
        l === "zh-CN" ? `共 ${sorted.length} 个 · ${counts[l]}` : `${sorted.length} in all · ${counts[l]}`,
      ),
      tone: overdue > 0 ? "bad" : soon > 0 ? "warning" : "info",
    },
    elements,
    summary: options.notice ? joinText([options.notice, summary], " · ") : summary,
  };
}

// ─── Onboarding ─────────────────────────────────────────────────────────────────────────────────

const MILESTONE_NAMES: Readonly<Record<MilestoneKey, Text>> = {
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
  return toRational(score).lt(toRational(String(limit)));
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

function kpiVerdict(kpi: KpiSnapshot | null, reasons: readonly AlertReason[], thresholds: Thresholds): Text {
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

function reasonText(
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

function reasonsText(
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

function weakestText(kpi: KpiSnapshot | null): Text | null {
  if (!kpi?.weakest) return null;
  const label = metricLabelText(kpi.weakest.metric);
  const lost = formatPoints(kpi.weakest.pointsLost);
  return both((l) => (l === "zh-CN" ? `${label[l]}（少得 ${lost[l]}）` : `${label[l]} (${lost[l]} lost)`));
}

/** Titles of overdue checklist items (data, as written), at most 5 and a count of the rest. */
function overdueText(items: readonly ChecklistItem[]): Text {
  const shown = items.slice(0, 5).map((i) => i.title);
  const more = items.length - shown.length;
  return text(
    `${shown.join(ZH_LIST)}${more > 0 ? ` 等 ${items.length} 项` : ""}`,
    `${shown.join(EN_LIST)}${more > 0 ? ` and ${more} more` : ""}`,
  );
}

/** Behind first (more reasons first), then the soonest next milestone, then by name. */
function compareNewHires(a: NewHireStatus, b: NewHireStatus): number {
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

// ─── Milestone alert ────────────────────────────────────────────────────────────────────────────

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

// ─── Screening ──────────────────────────────────────────────────────────────────────────────────

const scoreText = (s: RankedCandidate["screening"]): Text => same(`${s.score.toFixed(1)}（${s.earned}/${s.possible}）`);
const scoreTextEn = (s: RankedCandidate["screening"]): string => `${s.score.toFixed(1)} (${s.earned}/${s.possible})`;

function verdictText(s: RankedCandidate["screening"]): Text {
  if (s.qualified) return text("✓ 必备项齐全", "✓ all required");
  return text(`✗ 缺：${s.missingRequired.join(ZH_LIST)}`, `✗ missing: ${s.missingRequired.join(EN_LIST)}`);
}

const SCORE_RULE: Text = text(
  "得分 = 命中关键词的权重之和 ÷ 全部关键词权重 × 100（括号内为 命中权重/总权重），同一关键词重复出现不加分；缺少必备关键词的候选人排在其他人之后，但不隐藏——关键词匹配可能漏掉换了说法的经历，由人事判断。",
  "Score = weights of the matched keywords ÷ all keyword weights × 100 (in brackets: matched weight / total); repeating a keyword earns nothing more. Candidates missing a required keyword rank after everyone else but are not hidden: keyword matching can miss a paraphrase, so HR decides.",
);

function profileText(profile: OpeningScreening["profile"]): Text {
  const kws = (specs: readonly { keyword: string; weight: number }[]) => specs.map((k) => `${k.keyword} ×${k.weight}`);
  const req = kws(profile.required);
  const pref = kws(profile.preferred);
  return text(
    `必备关键词：${req.length > 0 ? req.join(ZH_LIST) : "无"} · 加分关键词：${pref.length > 0 ? pref.join(ZH_LIST) : "无"}`,
    `Required: ${req.length > 0 ? req.join(EN_LIST) : "none"} · Preferred: ${pref.length > 0 ? pref.join(EN_LIST) : "none"}`,
  );
}

export interface ScreeningCardOptions {
  timezone: string;
  /** Candidates listed (default 10, at most 20), each with a button to their details. */
  limit?: number;
}

/**
 * An opening's ranking: rank, name, stage, score (earned/possible weight), qualified ✓ or the
 * missing required keywords; the profile and the scoring rule in small print; a button per listed
 * candidate opening their explanation.
 */
export function screeningCard(result: OpeningScreening, options: ScreeningCardOptions): Card {
  const { opening, candidates } = result;
  const limit = Math.min(MAX_SCREENING_LIMIT, Math.max(1, Math.floor(options.limit ?? DEFAULT_SCREENING_LIMIT)));
  const shown = candidates.slice(0, limit);
  const qualified = candidates.filter((c) => c.screening.qualified).length;
  const elements: CardElement[] = [];
  if (candidates.length === 0) {
    elements.push({
      type: "text",
      text: text("这个职位还没有候选人投递。", "No one has applied to this opening yet."),
    });
  } else {
    elements.push({
      type: "table",
      columns: [
        { key: "rank", label: text("排名", "Rank"), align: "right" },
        { key: "name", label: text("姓名", "Name") },
        { key: "stage", label: text("阶段", "Stage") },
        { key: "applied", label: text("投递", "Applied") },
        { key: "score", label: text("得分", "Score"), align: "right" },
        { key: "required", label: text("必备项", "Required") },
      ],
      rows: shown.map((c) => ({
        rank: same(String(c.rank)),
        name: same(c.name),
        stage: stageLabel(c.stage),
        applied: formatDate(c.appliedAt, options.timezone),
        score: text(scoreText(c.screening)["zh-CN"], scoreTextEn(c.screening)),
        required: verdictText(c.screening),
      })),
    });
    const more = candidates.length - shown.length;
    if (more > 0)
      elements.push({
        type: "text",
        text: text(
          `… 另有 ${more} 位候选人未列出`,
          `… ${more} more ${more === 1 ? "candidate" : "candidates"} not listed`,
        ),
      });
  }
  elements.push({ type: "context", text: profileText(result.profile) });
  elements.push({ type: "context", text: SCORE_RULE });
  const buttons = shown.map((c, i) =>
    button(`candidate_${i + 1}`, text(`${c.name} 详情`, `${c.name}: details`), {
      kind: "candidate",
      query: c.candidateExternalId,
    }),
  );
  if (buttons.length > 0) elements.push({ type: "actions", buttons });

  const closed = opening.status !== "open";
  const top = candidates[0];
  return {
    header: {
      title: text(`简历筛选：${opening.title}`, `Screening: ${opening.title}`),
      subtitle: text(
        `${opening.externalId}${closed ? "（已关闭）" : ""} · ${candidates.length} 位候选人 · ${qualified} 位必备项齐全`,
        `${opening.externalId}${closed ? " (closed)" : ""} · ${plural(candidates.length, "candidate")} · ${qualified} with every required keyword`,
      ),
      tone: candidates.length === 0 ? "neutral" : qualified === 0 ? "warning" : "info",
    },
    elements,
    summary: top
      ? text(
          `${opening.title}：${candidates.length} 位候选人，第 1 名 ${top.name} ${top.screening.score.toFixed(1)} 分`,
          `${opening.title}: ${plural(candidates.length, "candidate")}, #1 ${top.name} scoring ${top.screening.score.toFixed(1)}`,
        )
      : text(`${opening.title}：还没有候选人`, `${opening.title}: no candidates yet`),
  };
}

// ─── One candidate ──────────────────────────────────────────────────────────────────────────────

const IGNORE_REASONS: Readonly<Record<IgnoreReason, Text>> = {
  negated: text("前面有否定词", "negated"),
  inside_word: text("出现在另一个词中间", "inside another word"),
  objective: text("在求职意向行，只说明想应聘的职位", "on the objective line, which names the job wanted"),
};

/** The snippet with the match marked: zh “…国际【货代销售经验】，…”, en "…国际[货代销售经验]，…". */
function markedSnippet(m: MatchLocation): Text {
  const [a, b] = m.snippetMatch;
  const mark = (open: string, close: string) =>
    `${m.snippet.slice(0, a)}${open}${m.snippet.slice(a, b)}${close}${m.snippet.slice(b)}`;
  return text(`“${mark("【", "】")}”`, `"${mark("[", "]")}"`);
}

function keywordLines(k: KeywordResult): Text {
  const kind = k.kind === "required" ? text("必备", "required") : text("加分", "preferred");
  const lines: Text[] = [];
  if (k.matched) {
    const via = k.viaSynonym
      ? text(`，通过同义词「${k.via}」`, `, via the synonym “${k.via}”`)
      : text("，原词命中", ", as written");
    lines.push(
      text(
        `✓ ${k.keyword}（${kind["zh-CN"]} · 权重 ${k.weight}）：命中 ${k.occurrences} 处${via["zh-CN"]}`,
        `✓ ${k.keyword} (${kind.en} · weight ${k.weight}): found ${plural(k.occurrences, "time")}${via.en}`,
      ),
    );
    for (const m of k.matches.slice(0, SNIPPETS_SHOWN)) {
      const s = markedSnippet(m);
      // The header names the form of the first match; a snippet says so only when it differs.
      const other =
        m.form === k.via
          ? null
          : m.viaSynonym
            ? text(`（同义词「${m.form}」）`, ` (synonym “${m.form}”)`)
            : text("（原词）", " (as written)");
      lines.push(text(`   ${s["zh-CN"]}${other?.["zh-CN"] ?? ""}`, `   ${s.en}${other?.en ?? ""}`));
    }
    const more = k.occurrences - Math.min(k.matches.length, SNIPPETS_SHOWN);
    if (more > 0) lines.push(text(`   … 另有 ${more} 处`, `   … ${more} more`));
  } else {
    lines.push(
      text(
        `✗ ${k.keyword}（${kind["zh-CN"]} · 权重 ${k.weight}）：未找到${k.kind === "required" ? "，缺少必备项" : ""}`,
        `✗ ${k.keyword} (${kind.en} · weight ${k.weight}): not found${k.kind === "required" ? ", a required keyword is missing" : ""}`,
      ),
    );
  }
  for (const m of k.ignored.slice(0, SNIPPETS_SHOWN)) {
    const s = markedSnippet(m);
    const reason = IGNORE_REASONS[m.reason];
    lines.push(text(`   未计入：${s["zh-CN"]}（${reason["zh-CN"]}）`, `   not counted: ${s.en} (${reason.en})`));
  }
  return joinText(lines, "\n");
}

export interface CandidateCardOptions {
  /** The opening this screening is for. */
  opening: Pick<OpeningScreening["opening"], "externalId" | "title">;
  timezone: string;
  /** How many candidates the opening's ranking has ("#2 of 12"). */
  candidates?: number;
}

/**
 * One candidate's screening for one opening: score and rank, the missing required keywords
 * (flagged), and every keyword — matched or not, via which form (a synonym says so), the snippet
 * where it matched, and what was found but not counted and why.
 */
export function candidateCard(candidate: RankedCandidate, options: CandidateCardOptions): Card {
  const s = candidate.screening;
  const { opening } = options;
  const applied = formatDate(candidate.appliedAt, options.timezone);
  const rank = options.candidates
    ? text(`第 ${candidate.rank} 名（共 ${options.candidates} 位）`, `#${candidate.rank} of ${options.candidates}`)
    : text(`第 ${candidate.rank} 名`, `#${candidate.rank}`);
  const elements: CardElement[] = [];
  if (!s.qualified) {
    elements.push({
      type: "text",
      text: text(
        `⚠ 缺少必备关键词：${s.missingRequired.join(ZH_LIST)}。排在必备项齐全的候选人之后；关键词匹配可能漏掉换了说法的经历，请人工复核简历。`,
        `⚠ Missing required ${s.missingRequired.length === 1 ? "keyword" : "keywords"}: ${s.missingRequired.join(EN_LIST)}. Ranked after the candidates with every required keyword; keyword matching can miss a paraphrase, so please check the résumé.`,
      ),
    });
  }
  elements.push({
    type: "fields",
    fields: [
      {
        label: text("得分", "Score"),
        value: text(
          `${s.score.toFixed(1)} / 100（命中权重 ${s.earned}/${s.possible}）`,
          `${s.score.toFixed(1)} of 100 (weight ${s.earned} of ${s.possible})`,
        ),
      },
      { label: text("排名", "Rank"), value: rank },
      { label: text("阶段", "Stage"), value: stageLabel(candidate.stage) },
      { label: text("投递时间", "Applied"), value: applied },
      {
        label: text("必备项", "Required keywords"),
        value: s.qualified
          ? text("✓ 齐全", "✓ all found")
          : text(`✗ 缺 ${s.missingRequired.length} 项`, `✗ ${s.missingRequired.length} missing`),
      },
    ],
  });
  const required = s.keywords.filter((k) => k.kind === "required");
  const preferred = s.keywords.filter((k) => k.kind === "preferred");
  if (required.length > 0)
    elements.push({
      type: "text",
      text: joinText([text("必备关键词", "Required keywords"), ...required.map(keywordLines)], "\n"),
    });
  if (preferred.length > 0)
    elements.push({
      type: "text",
      text: joinText([text("加分关键词", "Preferred keywords"), ...preferred.map(keywordLines)], "\n"),
    });
  if (s.keywords.length === 0)
    elements.push({ type: "text", text: text("这个职位还没有设置关键词。", "This opening has no keywords set.") });
  elements.push({
    type: "context",
    text: text(
      "【】内为简历中命中的原文。否定（如“暂无客户资源”）、求职意向行和出现在其他词中间的匹配不计分。",
      "[ ] marks the résumé's own words. A negated match (“no client book”), one on the objective line or one inside another word does not count.",
    ),
  });
  elements.push({ type: "context", text: SCORE_RULE });
  elements.push({
    type: "actions",
    buttons: [
      button("back_screening", text("返回排名", "Back to ranking"), { kind: "screening", opening: opening.externalId }),
    ],
  });
  const matched = s.keywords.filter((k) => k.matched).length;
  return {
    header: {
      title: text(`候选人：${candidate.name}`, `Candidate: ${candidate.name}`),
      subtitle: both((l) =>
        l === "zh-CN"
          ? `${opening.title}（${opening.externalId}）· ${rank[l]} · ${stageLabel(candidate.stage)[l]}`
          : `${opening.title} (${opening.externalId}) · ${rank[l]} · ${stageLabel(candidate.stage)[l]}`,
      ),
      tone: s.qualified ? "good" : "warning",
    },
    elements,
    summary: text(
      `${candidate.name} · ${opening.title}：${s.score.toFixed(1)} 分，命中 ${matched}/${s.keywords.length} 个关键词${s.qualified ? "" : `，缺少必备项：${s.missingRequired.join(ZH_LIST)}`}`,
      `${candidate.name} · ${opening.title}: score ${s.score.toFixed(1)}, ${matched} of ${s.keywords.length} keywords found${s.qualified ? "" : `; missing required: ${s.missingRequired.join(EN_LIST)}`}`,
    ),
  };
}

// ─── HR digest ──────────────────────────────────────────────────────────────────────────────────

export interface HrDigestCardOptions {
  timezone: string;
  /** The onboarding thresholds, to write "training 50.0% below 80%" (else "below the threshold"). */
  thresholds?: Thresholds;
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

  const offers = [...digest.offers].sort(compareByUrgency);
  const offerLines = offers.slice(0, DIGEST_LINES).map((o) => {
    const when = o.status === "pending" ? offerDeadlineText(o.deadlineAt, now) : statusLabel(o.status);
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
