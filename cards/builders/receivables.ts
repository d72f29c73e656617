// The receivables cards: a rep's overdue unpaid orders (amount due, days overdue, customer) with a
// snooze button each; a manager's team total and its largest items; and the small reason choice a
// snooze button opens. Data in, Card out; amounts are exact decimal strings.
import type { Intent } from "../../src/chat/intents.ts";
import type { SnoozeReason } from "../../src/kpi/receivables.ts";
import type { OverdueOrder } from "../../src/store/receivables.ts";
import { sumDecimals } from "../decimal.ts";
import { formatDateTime, formatLocalDate, moneyString } from "../format.ts";
import { type Button, type Card, type CardElement, same, type Text, text } from "../model.ts";
import { both, button } from "./common.ts";

/** Rows (and snooze buttons) one card shows; the rest are counted. */
export const MAX_ROWS = 15;
/** Buttons per actions row (the platforms show a few per row; Slack allows 25 per block). */
const BUTTONS_PER_ROW = 5;

export const SNOOZE_REASON_LABELS: Readonly<Record<SnoozeReason, Text>> = {
  promised: text("客户已承诺付款", "Customer promised payment"),
  disputed: text("有争议", "Disputed"),
  partial: text("已约定分期/部分付款", "Partial payment agreed"),
  other: text("其他", "Other"),
};

export interface ReceivablesCardOptions {
  audience: "rep" | "manager";
  currency: string;
  timezone: string;
  asOf: Date;
  /** Rows a manager's card lists (the largest); a rep's card lists up to MAX_ROWS. */
  topN?: number;
  /** A line on top (the result of a snooze). */
  notice?: Text;
}

/** Σ of exact decimal strings (no float on the way). */
export const sumAmounts = sumDecimals;

const days = (n: number): Text => text(`${n} 天`, `${n} ${n === 1 ? "day" : "days"}`);

export function receivablesCard(orders: readonly OverdueOrder[], options: ReceivablesCardOptions): Card {
  const manager = options.audience === "manager";
  const total = moneyString(sumAmounts(orders.map((o) => o.amountDue)), options.currency);
  const max = manager ? Math.min(options.topN ?? 10, MAX_ROWS) : MAX_ROWS;
  const shown = orders.slice(0, max);
  const footer: CardElement = {
    type: "context",
    text: both((l) => {
      const asOf = formatDateTime(options.asOf, options.timezone)[l];
      return l === "zh-CN"
        ? `截至 ${asOf}（${options.timezone}）· 到期日已过且未收齐的订单 · 暂缓的订单一周内不再列出`
        : `As of ${asOf} (${options.timezone}) · orders past their due date and not fully collected · snoozed orders are left out for a week`;
    }),
  };
  const elements: CardElement[] = [];
  if (options.notice) elements.push({ type: "text", text: options.notice });
  if (orders.length === 0) {
    elements.push({ type: "text", text: text("没有逾期未收款的订单。", "No overdue unpaid orders.") });
    elements.push(footer);
    return {
      header: { title: text("没有逾期应收款", "No overdue receivables"), tone: "good" },
      elements,
      summary: text("没有逾期应收款", "No overdue receivables"),
    };
  }
  const count = orders.length;
  const owners = new Set(orders.map((o) => o.ownerId)).size;
  elements.push({
    type: "fields",
    fields: [
      { label: text("逾期应收合计", "Total overdue"), value: same(total) },
      { label: text("订单数", "Orders"), value: same(String(count)) },
      ...(manager ? [{ label: text("涉及销售", "Reps"), value: same(String(owners)) }] : []),
    ],
  });
  if (manager)
    elements.push({
      type: "text",
      markdown: true,
      text: text(`*金额最大的 ${shown.length} 笔*`, `*The ${shown.length} largest*`),
    });
  elements.push({
    type: "table",
    columns: [
      { key: "order", label: text("订单", "Order") },
      ...(manager ? [{ key: "rep", label: text("销售", "Rep") }] : []),
      { key: "customer", label: text("客户", "Customer") },
      { key: "due", label: text("到期日", "Due") },
      { key: "overdue", label: text("逾期", "Overdue"), align: "right" as const },
      { key: "amount", label: text("待收金额", "Amount due"), align: "right" as const },
    ],
    rows: shown.map((o) => ({
      order: same(o.externalId),
      ...(manager ? { rep: same(o.ownerName) } : {}),
      customer: same(o.customer),
      due: formatLocalDate(o.dueDate),
      overdue: days(o.daysOverdue),
      amount: same(moneyString(o.amountDue, options.currency)),
    })),
  });
  if (count > shown.length)
    elements.push({
      type: "context",
      text: text(`另有 ${count - shown.length} 笔未列出`, `and ${count - shown.length} more not listed`),
    });
  elements.push({
    type: "context",
    text: text("暂缓一周（选择原因）：", "Snooze for a week (pick a reason):"),
  });
  const buttons: Button[] = shown.map((o, i) =>
    button(`snooze_${i + 1}`, text(`暂缓 ${o.externalId}`, `Snooze ${o.externalId}`), {
      kind: "receivable_snooze",
      order: o.externalId,
    }),
  );
  for (let i = 0; i < buttons.length; i += BUTTONS_PER_ROW)
    elements.push({ type: "actions", buttons: buttons.slice(i, i + BUTTONS_PER_ROW) });
  elements.push(footer);
  const title = manager
    ? text(`团队逾期应收 ${total}（${count} 笔）`, `Team overdue receivables: ${total} (${count})`)
    : text(
        `你有 ${count} 笔逾期应收，共 ${total}`,
        `You have ${count} overdue ${count === 1 ? "order" : "orders"}: ${total}`,
      );
  return { header: { title, tone: "warning" }, elements, summary: title };
}

/** The reason choice a snooze button opens: one button per reason, and back to the list. */
export function snoozeReasonCard(order: { externalId: string }): Card {
  const reasonButtons = (Object.keys(SNOOZE_REASON_LABELS) as SnoozeReason[]).map((reason) =>
    button(`snooze_${reason}`, SNOOZE_REASON_LABELS[reason], {
      kind: "receivable_snooze",
      order: order.externalId,
      reason,
    } satisfies Intent),
  );
  const title = text(`暂缓催收 ${order.externalId} 一周`, `Snooze ${order.externalId} for a week`);
  return {
    header: { title, tone: "info" },
    elements: [
      {
        type: "text",
        text: text(
          "请选择原因；一周内每周应收提醒不再列出这笔订单。",
          "Pick a reason; the weekly receivables message leaves this order out for a week.",
        ),
      },
      { type: "actions", buttons: reasonButtons },
      { type: "actions", buttons: [button("snooze_back", text("返回", "Back"), { kind: "receivables" })] },
    ],
    summary: title,
  };
}

/** The notice on top of the list after a snooze. */
export function snoozedNotice(orderExternalId: string, reason: SnoozeReason, until: string): Text {
  const on = formatLocalDate(until);
  return both((l) =>
    l === "zh-CN"
      ? `已暂缓 ${orderExternalId}（${SNOOZE_REASON_LABELS[reason][l]}），${on[l]}起重新提醒。`
      : `Snoozed ${orderExternalId} (${SNOOZE_REASON_LABELS[reason][l]}) until ${on[l]}.`,
  );
}
