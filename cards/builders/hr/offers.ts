// The offers card: open offers by urgency, with the buttons that answer, extend or chase an offer.
//
// Platform limits shape the offers card: one actions row per offer (4 buttons, far below Slack's
// 25 per row; 3 Slack blocks per offer, far below 50 per message) and at most MAX_OFFERS_SHOWN
// offers. The tighter limit is Lark's 30 KB card with both languages: an offer with its four
// buttons (two with a confirm dialog) takes ~4 KB there, so six fit with room for long names and
// titles (test/cards/hr.test.ts renders 40). The rest are counted in an "… N more" line, and
// come up as the listed ones are answered.
// Pure: service data in, Card out; every time is shown in the organization's zone passed as an option.
import type { Intent } from "../../../src/chat/intents.ts";
import type { OfferStatus } from "../../../src/recruit/errors.ts";
import type { OfferActionKind, Urgency } from "../../../src/recruit/offers.ts";
import type { OfferView, RankedCandidate, StatusLabel } from "../../../src/services/recruitment.ts";
import { formatDateTime } from "../../format.ts";
import { text, type Button, type Card, type CardElement, type Text, type Tone } from "../../model.ts";
import { both, button, joinText } from "../common.ts";
import { EXTEND_DAYS, HOUR_MS, MAX_OFFERS_SHOWN, list, plural } from "./shared.ts";

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

// The services label stages and offer statuses with the recruiting rules' own words.
const labelText = (label: StatusLabel): Text => text(label["zh-CN"], label.en);
export const statusLabel = (offer: Pick<OfferView, "statusLabel">): Text => labelText(offer.statusLabel);
export const stageLabel = (candidate: Pick<RankedCandidate, "stageLabel">): Text => labelText(candidate.stageLabel);

function offerTitle(o: OfferView): Text {
  return text(
    `${o.candidate.name} · ${o.opening.title}（${o.externalId}）`,
    `${o.candidate.name} · ${o.opening.title} (${o.externalId})`,
  );
}

function offerButtons(o: OfferView, index: number, canRemind: boolean): Button[] {
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
    .filter((a) => o.actions.includes(a) && (a !== "remind" || canRemind))
    .map((a) => make[a]());
}

function offerElements(o: OfferView, index: number, options: OffersCardOptions): CardElement[] {
  const { timezone, now } = options;
  const tone = offerTone(o.urgency, o.status);
  const deadline = formatDateTime(o.deadlineAt, timezone, now);
  let caption: Text;
  let ratio: number;
  if (o.urgency === "answered") {
    const at = o.respondedAt ? formatDateTime(o.respondedAt, timezone, now) : null;
    const status = statusLabel(o);
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
  const buttons = options.canAct ? offerButtons(o, index, options.canRemind) : [];
  if (buttons.length > 0) out.push({ type: "actions", buttons });
  return out;
}

export interface OffersCardOptions {
  timezone: string;
  /** The card's clock: urgency, "13 h left" and tones are computed at this instant. */
  now: Date;
  /** The viewer may act on offers (HR): the buttons are shown only then. */
  canAct: boolean;
  /**
   * A webhook is set up to remind candidates (src/outbound/remind.ts `remindAvailable`): without
   * one the remind button would only ever answer "unavailable", so it is not shown.
   */
  canRemind: boolean;
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
 * HR's offers in the order the service lists them — most urgent first (overdue, most overdue first,
 * then by deadline, answered last), with each offer's urgency at `now` (src/services/recruitment.ts
 * listOffers), each with candidate, opening, hiring manager, the deadline relative and absolute, and reminders
 * sent; with `canAct`, the offer's available actions as buttons (accept and decline ask for
 * confirmation). At most MAX_OFFERS_SHOWN offers; an empty list is a friendly all-clear.
 */
export function offersCard(offers: readonly OfferView[], options: OffersCardOptions): Card {
  const { timezone, now } = options;
  const sorted = offers;
  const urgencies = sorted.map((o) => o.urgency);
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
  const firstWhen = urgencies[0] === "answered" ? statusLabel(first) : offerDeadlineText(first.deadlineAt, now);
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
