// Disputes in chat ("this shipment isn't mine", docs/KPI-RULES.md "Disputes"):
// - only the order's current owner may dispute it (anyone else gets the same refusal whether or not
//   the order exists); they may name who should have it;
// - a manager of the owner's team (with its parent teams), HR or an admin decides — never the person
//   who raised it; the nearest such manager gets the approve / reject card (HR when there is none);
// - HR and admins may clear the override an approval leaves.
// Everyone involved is told: the decider and the person named when it is raised, the rep and the
// person named when it is decided, both owners when an override is cleared (Reply.notices).
import {
  type DisputedOrder,
  disputeDecidedCard,
  disputeDecisionCard,
  disputeHowToCard,
  disputeNamedCard,
  disputeRaisedCard,
  overrideClearedCard,
  type Named,
} from "../../../cards/builders/disputes.ts";
import { errorCard, formatDate, formatMoney } from "../../../cards/index.ts";
import type { Card, Locale } from "../../../cards/model.ts";
import { text } from "../../../cards/model.ts";
import { clearCreditOverride, decideDispute, raiseDispute } from "../../services/disputes.ts";
import { peopleLinkedTo } from "../../store/chat.ts";
import {
  type DisputeOrder,
  type DisputePerson,
  disputeDeciders,
  loadDispute,
  localesOf,
  orderForDispute,
  pendingDisputeId,
  peopleForDispute,
  personById,
} from "../../store/disputes.ts";
import type { OrganizationInfo } from "../../store/kpi-inputs.ts";
import type { IntentOf } from "../intents.ts";
import type { Viewer } from "../permissions.ts";
import { TEXTS } from "../texts.ts";
import { type ChatDeps, type Notice, Refusal } from "./context.ts";

const onlyOwner = text(
  "只有这笔订单现在的负责人可以对它的归属提出申诉。",
  "Only the order's current owner can dispute it.",
);
const onlyDecider = text(
  "只有该团队的经理、人事或管理员可以审批这条申诉（提出人不能审批自己的申诉）。",
  "Only the team's manager, HR or an admin can decide this dispute (not the person who raised it).",
);
const onlyHr = text("只有人事或管理员可以清除归属更正。", "Only HR or an admin can clear a credit override.");
const notSelf = text("请指定另一位同事（不能是你自己）。", "Name someone else (not yourself).");

export interface DisputeAnswer {
  card: Card;
  notices: Notice[];
}

const named = (p: { name: string; externalId: string }): Named => ({ name: p.name, externalId: p.externalId });

function shown(order: DisputeOrder, org: OrganizationInfo): DisputedOrder {
  return {
    externalId: order.externalId,
    customer: order.customer,
    booked: formatDate(order.bookedAt, org.timezone),
    revenue: formatMoney(order.revenue, org.currency),
  };
}

/** Notices for these people, each in their own language. */
async function noticesFor(
  deps: ChatDeps,
  org: OrganizationInfo,
  items: { employeeId: number; card: Card; key: string }[],
): Promise<Notice[]> {
  const locales = await localesOf(
    deps.pool,
    items.map((i) => i.employeeId),
  );
  return items.map((i) => {
    const locale = locales.get(i.employeeId);
    return { ...i, locale: (locale === "en" || locale === "zh-CN" ? locale : org.defaultLocale) as Locale };
  });
}

/** Who `to` names: a chat mention ("@U…") or a name / external id; exactly one current employee. */
async function personNamed(deps: ChatDeps, to: string): Promise<DisputePerson> {
  const rows = to.startsWith("@")
    ? (await peopleLinkedTo(deps.pool, to.slice(1))).map((p) => ({ ...p }))
    : await peopleForDispute(deps.pool, to.trim());
  if (rows.length === 0) throw new Refusal(errorCard(TEXTS.noSuchPerson(to)));
  if (rows.length > 1)
    throw new Refusal(
      errorCard(
        TEXTS.severalPeople(
          to,
          rows.map((r) => r.externalId),
        ),
      ),
    );
  return rows[0]!;
}

/** "这票不是我的 O123 (是李静的)" or the details card's button. */
export async function raise(
  deps: ChatDeps,
  org: OrganizationInfo,
  viewer: Viewer,
  intent: IntentOf<"dispute">,
): Promise<DisputeAnswer> {
  if (!intent.order) return { card: disputeHowToCard(), notices: [] };
  const order = await orderForDispute(deps.pool, intent.order);
  if (!order || order.owner.id !== viewer.id) throw new Refusal(errorCard(onlyOwner));
  const to = intent.to ? await personNamed(deps, intent.to) : null;
  if (to && to.id === viewer.id) throw new Refusal(errorCard(notSelf));
  const id = await raiseDispute(deps.pool, { order, by: viewer, proposedOwnerId: to?.id ?? null, at: deps.now() });
  if (id === null) {
    const open = await pendingDisputeId(deps.pool, order.id);
    throw new Refusal(
      errorCard(
        text(
          `订单 ${order.externalId} 已有一条待审批的申诉（#${open}），请等待结果。`,
          `Order ${order.externalId} already has a dispute waiting for a decision (#${open}).`,
        ),
      ),
    );
  }
  const deciderIds = await disputeDeciders(deps.pool, order.owner.teamId, viewer.id);
  const deciders = (await Promise.all(deciderIds.map((d) => personById(deps.pool, d)))).flatMap((p) => (p ? [p] : []));
  const o = shown(order, org);
  const notices = await noticesFor(deps, org, [
    ...deciders.map((d) => ({
      employeeId: d.id,
      key: `dispute.${id}.decide.${d.externalId}`,
      card: disputeDecisionCard({
        disputeId: id,
        order: o,
        raisedBy: named(viewer),
        named: to ? named(to) : null,
        approver: named(d),
      }),
    })),
    ...(to && !deciderIds.includes(to.id)
      ? [
          {
            employeeId: to.id,
            key: `dispute.${id}.named.${to.externalId}`,
            card: disputeNamedCard({ order: o, raisedBy: named(viewer), deciders: deciders.map(named) }),
          },
        ]
      : []),
  ]);
  return {
    card: disputeRaisedCard({ order: o, named: to ? named(to) : null, deciders: deciders.map(named) }),
    notices,
  };
}

function mayDecide(viewer: Viewer, raisedBy: number, ownerTeamId: number | null): boolean {
  if (viewer.id === raisedBy) return false;
  if (viewer.role === "hr" || viewer.role === "admin") return true;
  return viewer.role === "manager" && ownerTeamId !== null && viewer.managedTeamIds.includes(ownerTeamId);
}

/** The approve / reject button. */
export async function decide(
  deps: ChatDeps,
  org: OrganizationInfo,
  viewer: Viewer,
  intent: IntentOf<"dispute_decide">,
): Promise<DisputeAnswer> {
  const before = await loadDispute(deps.pool, intent.dispute);
  if (!before || !mayDecide(viewer, before.raisedBy.id, before.fromOwner.teamId))
    throw new Refusal(errorCard(onlyDecider));
  const outcome = await decideDispute(deps.pool, {
    disputeId: intent.dispute,
    approve: intent.approve,
    by: viewer,
    at: deps.now(),
  });
  if (!outcome) throw new Refusal(errorCard(onlyDecider));
  const d = outcome.dispute;
  const order = (await orderForDispute(deps.pool, d.orderExternalId))!;
  const approved = d.status === "approved";
  const decider = d.decidedBy ?? viewer;
  const holder = approved ? (d.proposedOwner ?? decider) : null;
  const card = (clearable: boolean) =>
    disputeDecidedCard({
      approved,
      order: shown(order, org),
      from: named(d.fromOwner),
      to: holder ? named(holder) : null,
      outOfTeam: approved && d.proposedOwner === null,
      decider: named(decider),
      reclosed: outcome.status === "decided" ? outcome.reclosed : [],
      clearable,
    });
  const hr = viewer.role === "hr" || viewer.role === "admin";
  // A second press (or another decider's) shows the decision as it stands and tells nobody again.
  if (outcome.status === "already") return { card: card(hr), notices: [] };
  const told = [d.raisedBy, ...(d.proposedOwner ? [d.proposedOwner] : [])].filter(
    (p, i, all) => p.id !== viewer.id && all.findIndex((q) => q.id === p.id) === i,
  );
  const notices = await noticesFor(
    deps,
    org,
    told.map((p) => ({ employeeId: p.id, key: `dispute.${d.id}.decided.${p.externalId}`, card: card(false) })),
  );
  return { card: card(hr), notices };
}

/** HR's "clear override O123" (or the button on the decided card). */
export async function clear(
  deps: ChatDeps,
  org: OrganizationInfo,
  viewer: Viewer,
  intent: IntentOf<"dispute_clear">,
): Promise<DisputeAnswer> {
  if (viewer.role !== "hr" && viewer.role !== "admin") throw new Refusal(errorCard(onlyHr));
  const order = await orderForDispute(deps.pool, intent.order);
  if (!order) throw new Refusal(errorCard(text(`没有订单 ${intent.order}。`, `There is no order ${intent.order}.`)));
  if (!order.sourceOwner)
    throw new Refusal(
      errorCard(
        text(
          `订单 ${order.externalId} 没有归属更正，现归 ${order.owner.name}（与业务系统一致）。`,
          `Order ${order.externalId} has no override: it is ${order.owner.name}'s, as fed.`,
        ),
      ),
    );
  const at = deps.now();
  const result = await clearCreditOverride(deps.pool, { order, by: viewer, at });
  if (!result) throw new Refusal(errorCard(TEXTS.somethingWentWrong));
  const card = overrideClearedCard({
    order: shown(order, org),
    from: named(order.owner),
    to: named(order.sourceOwner),
    by: named(viewer),
    reclosed: result.reclosed,
  });
  const told = [order.owner, order.sourceOwner].filter(
    (p, i, all) => p.id !== viewer.id && all.findIndex((q) => q.id === p.id) === i,
  );
  const notices = await noticesFor(
    deps,
    org,
    told.map((p) => ({ employeeId: p.id, key: `override.${order.externalId}.${at.getTime()}.${p.externalId}`, card })),
  );
  return { card, notices };
}
