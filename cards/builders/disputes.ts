// The dispute cards (docs/KPI-RULES.md "Disputes"): how to dispute an order, the rep's "raised"
// confirmation, the decider's approve / reject card, the notices to the person named and to everyone
// once it is decided, and HR's "override cleared". Data in (names, formatted amounts), Card out.
import { formatPeriod } from "../format.ts";
import { type Button, type Card, type CardElement, same, type Text, text } from "../model.ts";
import { both, button } from "./common.ts";

/** The order as the cards show it. */
export interface DisputedOrder {
  externalId: string;
  customer: string;
  /** Local booking date and the revenue, formatted by the caller. */
  booked: Text;
  revenue: Text;
}

/** A person as the cards name them: "王磊 (E-A)". */
export interface Named {
  name: string;
  externalId: string;
}

const who = (p: Named) => `${p.name} (${p.externalId})`;

function orderFields(order: DisputedOrder, extra: { label: Text; value: Text }[] = []): CardElement {
  return {
    type: "fields",
    fields: [
      { label: text("订单", "Order"), value: same(order.externalId) },
      { label: text("客户", "Customer"), value: same(order.customer) },
      { label: text("下单日期", "Booked"), value: order.booked },
      { label: text("金额", "Revenue"), value: order.revenue },
      ...extra,
    ],
  };
}

/** What an override means, said on every card that leaves one. */
const OVERRIDE_NOTE = text(
  "这是一条归属更正，记录在原始数据旁：之后业务系统再次同步这笔订单时不会把它改回去；人事可以清除这条更正（“清除 O… 的归属更正”）。",
  "This is a credit override kept beside the source data: the next feed of this order does not undo it; HR can clear it (“clear override O…”).",
);

/** "这票不是我的" without an order: how to dispute one, and who to ask about anything else. */
export function disputeHowToCard(): Card {
  return {
    header: { title: text("订单归属有误？", "An order that isn't yours?"), tone: "info" },
    elements: [
      {
        type: "text",
        text: text(
          "在“明细”里每笔订单下都有“不是我的”按钮；也可以直接说“这票不是我的 O123”，知道该算给谁时加上“是李静的”。你的经理会收到审批卡片，批准后这笔订单的业绩从那一刻起算给对方（没指定人时移出团队）。",
          "Every order in “details” has a “Not mine” button; or write “this shipment isn't mine O123”, adding “it's Li Jing's” when you know whose it is. Your manager gets an approve / reject card; once approved, the order's credit moves to that person from then on (out of the team when nobody is named).",
        ),
      },
      {
        type: "context",
        text: text(
          "漏算或金额不对的订单来自业务系统的数据，请联系你的经理或管理员在业务系统中更正。",
          "A missing order or a wrong amount comes from your company's systems: ask your manager or an admin to correct it there.",
        ),
      },
      {
        type: "actions",
        buttons: [
          button("open_details", text("查看订单明细", "Order details"), {
            kind: "details",
            period: "current",
            metric: "booked_revenue",
            page: 1,
          }),
        ],
      },
    ],
    summary: text("如何对订单归属提出异议", "How to dispute an order"),
  };
}

/** To the rep who raised it. */
export function disputeRaisedCard(d: { order: DisputedOrder; named: Named | null; deciders: readonly Named[] }): Card {
  const deciders = d.deciders.map(who).join(", ");
  return {
    header: {
      title: text(`已提交：${d.order.externalId} 不是我的`, `Raised: ${d.order.externalId} isn't mine`),
      tone: "info",
    },
    elements: [
      orderFields(d.order, [
        {
          label: text("应归属", "Should be"),
          value: d.named ? same(who(d.named)) : text("未指定（移出团队）", "nobody named (out of the team)"),
        },
      ]),
      {
        type: "text",
        text: deciders
          ? text(`已请 ${deciders} 审批；有结果时会通知你。`, `${deciders} will decide; you will be told the outcome.`)
          : text("没有找到可以审批的人，请联系人事。", "Nobody was found to decide it; please contact HR."),
      },
    ],
    summary: text(`订单 ${d.order.externalId} 的归属申诉已提交`, `Dispute on order ${d.order.externalId} raised`),
  };
}

/** To whoever decides: approve or reject. */
export function disputeDecisionCard(d: {
  disputeId: number;
  order: DisputedOrder;
  raisedBy: Named;
  named: Named | null;
  /** The approver's own name, when approving without a name parks the credit with them. */
  approver: Named;
}): Card {
  const target = d.named ? who(d.named) : null;
  const approve: Button = button(
    "dispute_approve",
    text("批准", "Approve"),
    { kind: "dispute_decide", dispute: d.disputeId, approve: true },
    {
      style: "primary",
      confirm: {
        title: text("批准申诉？", "Approve the dispute?"),
        text: target
          ? text(
              `订单 ${d.order.externalId} 的业绩将算给 ${target}。`,
              `Order ${d.order.externalId}'s credit goes to ${target}.`,
            )
          : text(
              `订单 ${d.order.externalId} 的业绩将移出团队（记在你名下，不计入任何人的考核）。`,
              `Order ${d.order.externalId}'s credit leaves the team (held by you, scored for nobody).`,
            ),
        ok: text("批准", "Approve"),
        cancel: text("取消", "Cancel"),
      },
    },
  );
  const reject = button(
    "dispute_reject",
    text("驳回", "Reject"),
    { kind: "dispute_decide", dispute: d.disputeId, approve: false },
    { style: "danger" },
  );
  return {
    header: {
      title: text(
        `${d.raisedBy.name} 申诉：${d.order.externalId} 不是他的`,
        `${d.raisedBy.name}: ${d.order.externalId} isn't mine`,
      ),
      subtitle: text("待你审批", "Waiting for your decision"),
      tone: "warning",
    },
    elements: [
      orderFields(d.order, [
        { label: text("现归属", "Credited to"), value: same(who(d.raisedBy)) },
        {
          label: text("应归属", "Should be"),
          value: target
            ? same(target)
            : text(
                `未指定：移出团队（记在 ${who(d.approver)} 名下）`,
                `nobody named: out of the team (held by ${who(d.approver)})`,
              ),
        },
      ]),
      { type: "context", text: OVERRIDE_NOTE },
      { type: "actions", buttons: [approve, reject] },
    ],
    summary: text(
      `${d.raisedBy.name} 对订单 ${d.order.externalId} 的归属提出申诉，待你审批`,
      `${d.raisedBy.name} disputes order ${d.order.externalId}: your decision`,
    ),
  };
}

/** To the person a dispute names, while it waits. */
export function disputeNamedCard(d: { order: DisputedOrder; raisedBy: Named; deciders: readonly Named[] }): Card {
  const deciders = d.deciders.map(who).join(", ");
  return {
    header: {
      title: text(
        `${d.raisedBy.name} 认为 ${d.order.externalId} 应算给你`,
        `${d.raisedBy.name} says ${d.order.externalId} is yours`,
      ),
      tone: "info",
    },
    elements: [
      orderFields(d.order),
      {
        type: "text",
        text: text(
          `由 ${deciders || "人事"} 审批；批准后这笔订单的业绩从那一刻起算给你。`,
          `${deciders || "HR"} will decide; if approved, the order's credit is yours from then on.`,
        ),
      },
    ],
    summary: text(`订单 ${d.order.externalId} 可能转给你`, `Order ${d.order.externalId} may move to you`),
  };
}

function reclosedLine(reclosed: readonly { period: string; version: number }[]): CardElement[] {
  if (!reclosed.length) return [];
  const list = both((l) =>
    reclosed.map((r) => `${formatPeriod(r.period)[l]} (v${r.version})`).join(l === "zh-CN" ? "、" : ", "),
  );
  return [
    {
      type: "text",
      text: both((l) =>
        l === "zh-CN"
          ? `已结账的月份已按此申诉重新结账：${list[l]}。`
          : `Closed months re-closed with this dispute as the reason: ${list[l]}.`,
      ),
    },
  ];
}

/** Once decided: the same card for the decider (in place), the rep and the person named. */
export function disputeDecidedCard(d: {
  approved: boolean;
  order: DisputedOrder;
  from: Named;
  /** Who has the credit now (approved), or null when rejected. */
  to: Named | null;
  /** Approved without a name: the credit left the team, held by the approver. */
  outOfTeam: boolean;
  decider: Named;
  reclosed: readonly { period: string; version: number }[];
  /** HR and admins: a button to clear the override again. */
  clearable?: boolean;
}): Card {
  const title = d.approved
    ? text(`已批准：${d.order.externalId} 的归属已更正`, `Approved: ${d.order.externalId} credited anew`)
    : text(
        `已驳回：${d.order.externalId} 仍归 ${d.from.name}`,
        `Rejected: ${d.order.externalId} stays with ${d.from.name}`,
      );
  const moved =
    d.approved && d.to
      ? d.outOfTeam
        ? text(
            `从现在起，这笔订单的业绩不再算给 ${who(d.from)}，移出团队（记在 ${who(d.to)} 名下，不计入任何人的考核）。`,
            `From now on the order's credit is no longer ${who(d.from)}'s: it leaves the team (held by ${who(d.to)}, scored for nobody).`,
          )
        : text(
            `从现在起，这笔订单的业绩（营收、毛利、票数、复购、回款）从 ${who(d.from)} 转给 ${who(d.to)}。`,
            `From now on the order's credit (revenue, profit, shipments, repurchase, collection) moves from ${who(d.from)} to ${who(d.to)}.`,
          )
      : text(`${who(d.decider)} 驳回了申诉，业绩不变。`, `${who(d.decider)} rejected the dispute; nothing changes.`);
  const elements: CardElement[] = [
    orderFields(d.order, [{ label: text("审批人", "Decided by"), value: same(who(d.decider)) }]),
    { type: "text", text: moved },
    ...reclosedLine(d.reclosed),
  ];
  if (d.approved) elements.push({ type: "context", text: OVERRIDE_NOTE });
  if (d.approved && d.clearable)
    elements.push({
      type: "actions",
      buttons: [
        button(
          "dispute_clear",
          text("清除归属更正", "Clear the override"),
          { kind: "dispute_clear", order: d.order.externalId },
          {
            style: "danger",
            confirm: {
              title: text("清除归属更正？", "Clear the override?"),
              text: text("订单将回到业务系统中的负责人名下。", "The order goes back to its owner in the feed."),
              ok: text("清除", "Clear"),
              cancel: text("取消", "Cancel"),
            },
          },
        ),
      ],
    });
  return {
    header: { title, tone: d.approved ? "good" : "neutral" },
    elements,
    summary: title,
  };
}

/** HR cleared an override: the feed's owner has the order again. */
export function overrideClearedCard(d: {
  order: DisputedOrder;
  from: Named;
  to: Named;
  by: Named;
  reclosed: readonly { period: string; version: number }[];
}): Card {
  const title = text(
    `已清除：${d.order.externalId} 回到 ${d.to.name} 名下`,
    `Cleared: ${d.order.externalId} is ${d.to.name}'s again`,
  );
  return {
    header: { title, tone: "info" },
    elements: [
      orderFields(d.order, [{ label: text("操作人", "Cleared by"), value: same(who(d.by)) }]),
      {
        type: "text",
        text: text(
          `${who(d.by)} 清除了归属更正：从现在起这笔订单的业绩从 ${who(d.from)} 回到业务系统中的负责人 ${who(d.to)}。`,
          `${who(d.by)} cleared the override: from now on the order's credit moves from ${who(d.from)} back to its owner in the feed, ${who(d.to)}.`,
        ),
      },
      ...reclosedLine(d.reclosed),
    ],
    summary: title,
  };
}
