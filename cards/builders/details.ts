// "Details" and "unpaid": the rows behind a number on the progress card, one page at a time, with
// paging buttons — so a salesperson can check any figure against their own orders and payments.
import type { Intent } from "../../src/chat/intents.ts";
import type { MetricKey } from "../../src/kpi/metrics.ts";
import type { Explanation, UnpaidReceivables } from "../../src/services/explain.ts";
import type { BookedOrderRow, ExplainRowOf } from "../../src/store/explain-sql.ts";
import {
  formatDate,
  formatDateTime,
  formatLocalDate,
  formatMoney,
  localYear,
  formatPeriod,
  metricLabelText,
} from "../format.ts";
import { same, text, type Button, type Card, type CardElement, type TableColumn, type Text } from "../model.ts";
import { both, button } from "./common.ts";

/** Intents carry pages 1 … 1000 (src/chat/intents.ts). */
const MAX_PAGE = 1000;

interface RowContext {
  timezone: string;
  currency: string;
  /** Dates in another year than this instant show their year. */
  reference: Date;
}

type Cells = Record<string, Text>;

interface Layout<M extends MetricKey> {
  columns: TableColumn[];
  cells: (row: ExplainRowOf[M], ctx: RowContext) => Cells;
}

const col = (key: string, zh: string, en: string, align: "left" | "right" = "left"): TableColumn => ({
  key,
  label: text(zh, en),
  align,
});
const money = (value: string, ctx: RowContext): Text => formatMoney(value, ctx.currency);
const date = (instant: Date, ctx: RowContext): Text => formatDate(instant, ctx.timezone, ctx.reference);
/** A stored calendar date ("2026-11-04"), with its year only when not the reference's. */
const day = (value: string, ctx: RowContext): Text =>
  formatLocalDate(value, { year: value.slice(0, 4) !== String(localYear(ctx.reference, ctx.timezone)) });
// Columns several layouts show, spelled once so that they read the same in every table.
const COLUMN = {
  order: col("order", "订单", "Order"),
  customer: col("customer", "客户", "Customer"),
  booked: col("booked", "下单日期", "Booked"),
  due: col("due", "到期日", "Due"),
  revenue: col("revenue", "金额", "Revenue", "right"),
  outstanding: col("outstanding", "未付", "Outstanding", "right"),
} as const;
const yesNo = (yes: boolean): Text => (yes ? text("是", "yes") : text("否", "no"));

const DEPARTMENTS: Readonly<Record<string, Text>> = {
  operations: text("运营", "operations"),
  customer_service: text("客服", "customer service"),
  sales: text("销售", "sales"),
};

// Four metrics are made of the same rows (live orders booked in the window).
const ORDERS: { columns: TableColumn[]; cells: (row: BookedOrderRow, ctx: RowContext) => Cells } = {
  columns: [COLUMN.order, COLUMN.customer, COLUMN.booked, COLUMN.revenue, col("profit", "毛利", "Profit", "right")],
  cells: (r, ctx) => ({
    order: same(r.orderExternalId),
    customer: same(r.customerName),
    booked: date(r.bookedAt, ctx),
    revenue: money(r.revenue, ctx),
    profit: money(r.profit, ctx),
  }),
};

// Each metric lists the rows it is computed from (services/explain.ts); the columns show what
// decides whether and how much a row counts.
const LAYOUTS: { [M in MetricKey]: Layout<M> } = {
  booked_revenue: ORDERS,
  shipments: ORDERS,
  gross_profit: ORDERS,
  profit_per_shipment: ORDERS,
  collected_revenue: {
    columns: [
      col("payment", "付款", "Payment"),
      COLUMN.order,
      COLUMN.customer,
      col("paid", "付款日期", "Paid on"),
      col("amount", "金额", "Amount", "right"),
    ],
    cells: (r, ctx) => ({
      payment: r.refund
        ? text(`${r.paymentExternalId}（退款）`, `${r.paymentExternalId} (refund)`)
        : same(r.paymentExternalId),
      order: same(r.orderExternalId),
      customer: same(r.customerName),
      paid: date(r.paidAt, ctx),
      amount: money(r.amount, ctx),
    }),
  },
  new_customers: {
    columns: [COLUMN.customer, col("order", "首单", "First order"), COLUMN.booked, COLUMN.revenue],
    cells: (r, ctx) => ({
      customer: same(r.customerName),
      order: same(r.firstOrderExternalId),
      booked: date(r.firstBookedAt, ctx),
      revenue: money(r.firstOrderRevenue, ctx),
    }),
  },
  repurchase_rate: {
    columns: [
      COLUMN.customer,
      col("first", "首单日期", "First order"),
      col("orders", "本期订单", "Orders", "right"),
      col("kind", "类型", "Type"),
    ],
    cells: (r, ctx) => ({
      customer: same(r.customerName),
      first: date(r.firstBookedAt, ctx),
      orders: same(String(r.ordersInWindow)),
      kind: r.repeat ? text("老客户复购", "repeat") : text("新客户", "first-time"),
    }),
  },
  retention_rate: {
    columns: [
      COLUMN.customer,
      col("before", "上期订单", "Last period", "right"),
      col("now", "本期订单", "This period", "right"),
      col("retained", "留存", "Retained"),
    ],
    cells: (r) => ({
      customer: same(r.customerName),
      before: same(String(r.previousOrders)),
      now: same(String(r.ordersInWindow)),
      retained: yesNo(r.retained),
    }),
  },
  conversion_rate: {
    columns: [
      col("lead", "线索", "Lead"),
      col("created", "创建", "Created"),
      col("closed", "关闭", "Closed"),
      col("outcome", "结果", "Outcome"),
    ],
    cells: (r, ctx) => ({
      lead: same(r.leadExternalId),
      created: date(r.createdAt, ctx),
      closed: date(r.closedAt, ctx),
      outcome: r.status === "converted" ? text("已转化", "converted") : text("已流失", "lost"),
    }),
  },
  collection_days: {
    columns: [
      COLUMN.order,
      COLUMN.customer,
      COLUMN.booked,
      col("paid", "付清日期", "Paid in full"),
      col("days", "天数", "Days", "right"),
    ],
    cells: (r, ctx) => ({
      order: same(r.orderExternalId),
      customer: same(r.customerName),
      booked: day(r.bookedDate, ctx),
      paid: day(r.paidInFullDate, ctx),
      days: same(String(r.days)),
    }),
  },
  collaboration_score: {
    columns: [
      col("rating", "评价", "Rating"),
      COLUMN.order,
      col("score", "评分", "Score", "right"),
      col("department", "部门", "Department"),
      col("rated", "日期", "Date"),
    ],
    cells: (r, ctx) => ({
      rating: same(r.ratingExternalId),
      order: same(r.orderExternalId),
      score: same(`${r.score} / 5`),
      department: DEPARTMENTS[r.raterDepartment] ?? same(r.raterDepartment),
      rated: date(r.ratedAt, ctx),
    }),
  },
  overdue_receivables: {
    columns: [
      COLUMN.order,
      COLUMN.customer,
      COLUMN.due,
      COLUMN.revenue,
      col("paid", "已付", "Paid", "right"),
      COLUMN.outstanding,
    ],
    cells: (r, ctx) => ({
      order: same(r.orderExternalId),
      customer: same(r.customerName),
      due: day(r.dueDate, ctx),
      revenue: money(r.revenue, ctx),
      paid: money(r.paid, ctx),
      outstanding: money(r.outstanding, ctx),
    }),
  },
};

function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

function pageLine(total: number, page: number, pageSize: number): Text {
  const pages = pageCount(total, pageSize);
  return text(
    `共 ${total} 条 · 第 ${page} / ${pages} 页`,
    `${total} ${total === 1 ? "row" : "rows"} · page ${page} of ${pages}`,
  );
}

function pagingButtons(page: number, hasMore: boolean, intentFor: (page: number) => Intent): Button[] {
  const out: Button[] = [];
  if (page > 1) out.push(button("page_prev", text("上一页", "Previous"), intentFor(Math.min(page - 1, MAX_PAGE))));
  if (hasMore && page < MAX_PAGE) out.push(button("page_next", text("下一页", "Next"), intentFor(page + 1)));
  return out;
}

/** One "not mine" button per order on the page (its rows name it), five to a row. */
function disputeButtons(rows: readonly unknown[]): CardElement[] {
  const orders = [
    ...new Set(rows.flatMap((r) => ((r as { orderExternalId?: unknown }).orderExternalId as string | undefined) ?? [])),
  ];
  const buttons = orders.map((order, i) =>
    button(`not_mine_${i + 1}`, text(`${order} 不是我的`, `${order} isn't mine`), { kind: "dispute", order }),
  );
  const out: CardElement[] = [];
  for (let i = 0; i < buttons.length; i += 5) out.push({ type: "actions", buttons: buttons.slice(i, i + 5) });
  return out;
}

export interface DetailsCardOptions {
  timezone: string;
  currency: string;
  /** Whose rows, when not the asker's own (managers drilling in); carried by the buttons. */
  subject?: string;
  /** Shown under the title. */
  employeeName?: string;
  /** The plan's metrics: offered as buttons to switch to another metric's rows. */
  metrics?: readonly MetricKey[];
  /** The asker's own rows: each order on the page gets a "not mine" button (a dispute). */
  disputable?: boolean;
}

export function detailsCard<M extends MetricKey>(explanation: Explanation<M>, options: DetailsCardOptions): Card {
  const { metric, period, page, pageSize, total, hasMore } = explanation;
  const layout = LAYOUTS[metric] as Layout<M>;
  const ctx: RowContext = { timezone: options.timezone, currency: options.currency, reference: explanation.window.to };
  const label = metricLabelText(metric);
  const periodText = formatPeriod(period);
  const from = formatDateTime(explanation.window.from, options.timezone);
  const to = formatDateTime(explanation.window.to, options.timezone);

  const elements: CardElement[] = [{ type: "text", text: pageLine(total, page, pageSize) }];
  if (explanation.rows.length > 0) {
    elements.push({ type: "table", columns: layout.columns, rows: explanation.rows.map((r) => layout.cells(r, ctx)) });
  } else {
    elements.push({
      type: "text",
      text:
        total > 0
          ? text("这一页没有记录了。", "There are no rows on this page.")
          : text("这段时间没有相关记录。", "No rows in this window."),
    });
  }
  if (options.disputable) elements.push(...disputeButtons(explanation.rows));
  elements.push({
    type: "context",
    text: text(
      `统计区间：${from["zh-CN"]} 至 ${to["zh-CN"]}（${options.timezone}），与卡片上的数字同一口径`,
      `Window: ${from.en} to ${to.en} (${options.timezone}), the same rules as the card's figure`,
    ),
  });

  const subject = options.subject;
  const buttons = pagingButtons(page, hasMore, (p) => ({ kind: "details", period, subject, metric, page: p }));
  (options.metrics ?? [])
    .filter((m) => m !== metric)
    .slice(0, 8)
    .forEach((m, i) => {
      const other = metricLabelText(m);
      const label = both((l) => (l === "zh-CN" ? `${other[l]}明细` : `${other[l]} details`));
      buttons.push(button(`metric_${i + 1}`, label, { kind: "details", period, subject, metric: m, page: 1 }));
    });
  buttons.push(button("back_progress", text("返回进度", "Back to progress"), { kind: "progress", period, subject }));
  elements.push({ type: "actions", buttons });

  return {
    header: {
      title: both((l) =>
        l === "zh-CN" ? `${label[l]}明细 · ${periodText[l]}` : `${label[l]} details · ${periodText[l]}`,
      ),
      ...(options.employeeName ? { subtitle: same(options.employeeName) } : {}),
      tone: "info",
    },
    elements,
    summary: both((l) => {
      const who = options.employeeName ? `${options.employeeName} ` : "";
      return l === "zh-CN"
        ? `${who}${label[l]}明细（${periodText[l]}）：${pageLine(total, page, pageSize)[l]}`
        : `${who}${label[l]} details (${periodText[l]}): ${pageLine(total, page, pageSize)[l]}`;
    }),
  };
}

export interface UnpaidCardOptions {
  timezone: string;
  currency: string;
  subject?: string;
  employeeName?: string;
}

export function unpaidCard(unpaid: UnpaidReceivables, options: UnpaidCardOptions): Card {
  const { page, pageSize, total, hasMore } = unpaid;
  const ctx: RowContext = { timezone: options.timezone, currency: options.currency, reference: unpaid.asOf };
  const outstanding = formatMoney(unpaid.totalOutstanding, options.currency, { compact: true });
  const overdueOnPage = unpaid.rows.some((r) => r.overdue);
  const elements: CardElement[] = [];
  if (total === 0) {
    elements.push({ type: "text", text: text("没有未回款的订单。", "No unpaid orders.") });
  } else {
    elements.push({
      type: "fields",
      fields: [
        { label: text("未回款合计", "Outstanding in total"), value: outstanding },
        { label: text("订单数", "Orders"), value: same(String(total)) },
      ],
    });
    elements.push({ type: "text", text: pageLine(total, page, pageSize) });
    if (unpaid.rows.length > 0) {
      elements.push({
        type: "table",
        columns: [
          COLUMN.order,
          COLUMN.customer,
          COLUMN.booked,
          COLUMN.due,
          COLUMN.outstanding,
          col("status", "状态", "Status"),
        ],
        rows: unpaid.rows.map((r) => ({
          order: same(r.orderExternalId),
          customer: same(r.customerName),
          booked: date(r.bookedAt, ctx),
          due: r.dueDate === null ? text("无", "none") : day(r.dueDate, ctx),
          outstanding: money(r.outstanding, ctx),
          status: r.overdue
            ? text("已逾期", "overdue")
            : r.dueDate === null
              ? text("无到期日", "no due date")
              : text("未到期", "not yet due"),
        })),
      });
    }
  }
  const asOf = formatDateTime(unpaid.asOf, options.timezone);
  elements.push({
    type: "context",
    text: text(`截至 ${asOf["zh-CN"]}（${options.timezone}）`, `As of ${asOf.en} (${options.timezone})`),
  });
  const subject = options.subject;
  const buttons = pagingButtons(page, hasMore, (p) => ({ kind: "unpaid", subject, page: p }));
  buttons.push(
    button("back_progress", text("返回进度", "Back to progress"), { kind: "progress", period: "current", subject }),
  );
  elements.push({ type: "actions", buttons });

  return {
    header: {
      title: text("未回款订单", "Unpaid receivables"),
      ...(options.employeeName ? { subtitle: same(options.employeeName) } : {}),
      tone: total === 0 ? "good" : overdueOnPage ? "warning" : "info",
    },
    elements,
    summary: both((l) => {
      const who = options.employeeName ? `${options.employeeName} ` : "";
      return l === "zh-CN"
        ? `${who}未回款：${total} 笔，合计 ${outstanding[l]}`
        : `${who}unpaid: ${total} ${total === 1 ? "order" : "orders"}, ${outstanding[l]} in total`;
    }),
  };
}
