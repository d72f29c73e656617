// The collaboration-rating cards a named colleague sees: the request (five score buttons, how to add
// a comment), the answer recorded, and the orders still awaiting their rating. Data in, Card out.
import type { Intent } from "../../src/chat/intents.ts";
import type { ColleaguePart } from "../../src/store/ratings.ts";
import { formatLocalDate } from "../format.ts";
import { type Card, type CardElement, same, type Text, text } from "../model.ts";
import { both, button } from "./common.ts";

export const PART_LABELS: Readonly<Record<ColleaguePart, Text>> = {
  operations: text("运营", "operations"),
  customer_service: text("客服", "customer service"),
};

export interface RatingOrder {
  orderExternalId: string;
  salesperson: string;
  customer: string;
  /** The local date the order was booked, YYYY-MM-DD. */
  bookedOn: string;
}

export interface RatingRequestData extends RatingOrder {
  part: ColleaguePart;
  /** The message is the reminder (sent once, 2 working days after the request). */
  reminder?: boolean;
  /** The colleague's answer so far, when they already gave one. */
  current?: { score: number; comment: string | null };
}

const SCORE_LABELS: readonly Text[] = [
  text("1 很差", "1 Poor"),
  text("2 较差", "2 Fair"),
  text("3 一般", "3 OK"),
  text("4 良好", "4 Good"),
  text("5 很好", "5 Great"),
];

const stars = (score: number): string => "★".repeat(score) + "☆".repeat(5 - score);

const orderFields = (o: RatingOrder): CardElement => ({
  type: "fields",
  fields: [
    { label: text("订单", "Order"), value: same(o.orderExternalId) },
    { label: text("销售", "Salesperson"), value: same(o.salesperson) },
    { label: text("客户", "Customer"), value: same(o.customer) },
    { label: text("下单日期", "Booked"), value: formatLocalDate(o.bookedOn) },
  ],
});

/** How to add or change a comment: a text reply the bot reads like any message. */
const commentHint = (order: string, score: number | null): CardElement => ({
  type: "context",
  text: text(
    `想附上评语？直接回复「给${order}打${score ?? 4}分 评语内容」。`,
    `To add a comment, reply “rate ${order} ${score ?? 4} your comment”.`,
  ),
});

/** The request: who and what to rate, five score buttons, and how to add a comment. */
export function ratingRequestCard(d: RatingRequestData): Card {
  const buttons = SCORE_LABELS.map((label, i) =>
    button(
      `rate_${i + 1}`,
      label,
      { kind: "rate_order", order: d.orderExternalId, score: i + 1 } satisfies Intent,
      d.current?.score === i + 1 ? { style: "primary" } : {},
    ),
  );
  const title = d.reminder
    ? text(
        `提醒：请为 ${d.salesperson} 的订单 ${d.orderExternalId} 评分`,
        `Reminder: rate ${d.salesperson} on order ${d.orderExternalId}`,
      )
    : text(
        `请为 ${d.salesperson} 的订单 ${d.orderExternalId} 评分`,
        `Rate ${d.salesperson} on order ${d.orderExternalId}`,
      );
  const part = PART_LABELS[d.part];
  const elements: CardElement[] = [
    {
      type: "text",
      text: both((l) =>
        l === "zh-CN"
          ? `这票货已完成。你作为${part[l]}与 ${d.salesperson} 合作得怎么样？1 分最差，5 分最好。`
          : `This shipment is completed. How was working with ${d.salesperson}, as its ${part[l]} colleague? 1 is poor, 5 is great.`,
      ),
    },
    orderFields(d),
  ];
  if (d.current)
    elements.push({
      type: "text",
      text: text(
        `你已评 ${stars(d.current.score)}（${d.current.score} 分）；再选一次即可修改。`,
        `You rated ${stars(d.current.score)} (${d.current.score}); pick again to change it.`,
      ),
    });
  elements.push({ type: "actions", buttons }, commentHint(d.orderExternalId, d.current?.score ?? null));
  return { header: { title, tone: "info" }, elements, summary: title };
}

/** The answer recorded (or changed): the score, the comment, how to change either. */
export function ratedCard(d: RatingOrder & { score: number; comment: string | null; changed: boolean }): Card {
  const title = d.changed
    ? text(`已更新：${d.orderExternalId} ${d.score} 分`, `Updated: ${d.orderExternalId} rated ${d.score}`)
    : text(`已记录：${d.orderExternalId} ${d.score} 分`, `Recorded: ${d.orderExternalId} rated ${d.score}`);
  const elements: CardElement[] = [
    {
      type: "text",
      text: text(
        `谢谢！你给 ${d.salesperson} 在订单 ${d.orderExternalId} 上的协作评了 ${stars(d.score)}（${d.score} 分），计入其协作评分。`,
        `Thanks! You rated ${d.salesperson} ${stars(d.score)} (${d.score}) on order ${d.orderExternalId}; it counts in their collaboration score.`,
      ),
    },
  ];
  if (d.comment)
    elements.push({ type: "fields", fields: [{ label: text("评语", "Comment"), value: same(d.comment) }] });
  elements.push({
    type: "context",
    text: text(
      `想修改？回复「给${d.orderExternalId}打N分 评语」即可（每单只保留你的一份评分）。`,
      `To change it, reply “rate ${d.orderExternalId} N your comment” (one rating per colleague and order is kept).`,
    ),
  });
  return { header: { title, tone: "good" }, elements, summary: title };
}

/** "给这单打个分" without an order: the orders awaiting the asker's rating, a button each. */
export function pendingRatingsCard(orders: readonly RatingOrder[]): Card {
  if (orders.length === 0) {
    const title = text("没有待你评分的订单", "No orders await your rating");
    return {
      header: { title, tone: "neutral" },
      elements: [
        {
          type: "text",
          text: text(
            "订单完成后，订单上登记的运营和客服同事会收到评分邀请。也可以直接写「给订单O2评分5分」。",
            "When an order is completed, the operations and customer-service colleagues named on it are asked to rate it. You can also write “rate O2 5”.",
          ),
        },
      ],
      summary: title,
    };
  }
  const title = text(
    `${orders.length} 笔订单待你评分`,
    `${orders.length} ${orders.length === 1 ? "order awaits" : "orders await"} your rating`,
  );
  return {
    header: { title, tone: "info" },
    elements: [
      {
        type: "table",
        columns: [
          { key: "order", label: text("订单", "Order") },
          { key: "rep", label: text("销售", "Salesperson") },
          { key: "customer", label: text("客户", "Customer") },
        ],
        rows: orders.map((o) => ({
          order: same(o.orderExternalId),
          rep: same(o.salesperson),
          customer: same(o.customer),
        })),
      },
      {
        type: "actions",
        buttons: orders.slice(0, 5).map((o, i) =>
          button(`rate_order_${i + 1}`, text(`评分 ${o.orderExternalId}`, `Rate ${o.orderExternalId}`), {
            kind: "rate_order",
            order: o.orderExternalId,
          }),
        ),
      },
    ],
    summary: title,
  };
}
