// A colleague's collaboration rating in chat (issue 15): the card's score buttons or a text such
// as "给订单O2评分5分 沟通及时". Only the operations or customer-service colleague named on a
// completed order may rate it, once (a later answer changes their rating: one row per colleague
// and order); the salesperson cannot rate their own order; anyone else is refused the same way
// whether or not the order exists. A rating the feed already carries for them is not asked again
// and not doubled from chat.
import type { Card } from "../../../cards/model.ts";
import { text } from "../../../cards/model.ts";
import { errorCard } from "../../../cards/index.ts";
import { pendingRatingsCard, ratedCard, ratingRequestCard, type RatingOrder } from "../../../cards/builders/rating.ts";
import { formatDate } from "../../../cards/format.ts";
import type { OrganizationInfo } from "../../store/kpi-inputs.ts";
import {
  colleagueRating,
  orderForRating,
  pendingRatings,
  type RatableOrder,
  saveChatRating,
} from "../../store/ratings.ts";
import type { IntentOf } from "../intents.ts";
import { ratingPart, type Viewer } from "../permissions.ts";
import { type ChatDeps, Refusal } from "./context.ts";

const onlyColleagues = (order: string) =>
  text(
    `只有订单 ${order} 上登记的运营或客服同事可以为它评分。`,
    `Only the operations or customer-service colleague named on order ${order} can rate it.`,
  );
const notOwnOrder = (order: string) =>
  text(
    `订单 ${order} 是你的订单，不能给自己评分；评分来自与你合作的运营和客服同事。`,
    `Order ${order} is yours: you cannot rate yourself. Ratings come from the operations and customer-service colleagues you work with.`,
  );
const notCompleted = (order: string) =>
  text(
    `订单 ${order} 还没有完成，完成后才能评分（届时会发评分卡给你）。`,
    `Order ${order} is not completed yet; it can be rated once it is (you will get a rating card then).`,
  );

export const ratingOrderOf = (o: RatableOrder): RatingOrder => ({
  orderExternalId: o.externalId,
  salesperson: o.ownerName,
  customer: o.customer,
  bookedOn: o.bookedOn,
});

export async function rateOrder(
  deps: ChatDeps,
  org: OrganizationInfo,
  viewer: Viewer,
  intent: IntentOf<"rate_order">,
): Promise<Card> {
  if (intent.order === undefined)
    return pendingRatingsCard((await pendingRatings(deps.pool, viewer.id)).map(ratingOrderOf));
  const order = await orderForRating(deps.pool, intent.order);
  if (order && order.ownerId === viewer.id) throw new Refusal(errorCard(notOwnOrder(order.externalId)));
  const part = order ? ratingPart(viewer.id, order) : null;
  if (!order || part === null) throw new Refusal(errorCard(onlyColleagues(intent.order)));
  if (order.status !== "completed") throw new Refusal(errorCard(notCompleted(order.externalId)));
  const existing = await colleagueRating(deps.pool, { orderId: order.id, raterId: viewer.id, part });
  if (existing?.source === "feed") {
    const on = formatDate(existing.ratedAt, org.timezone);
    throw new Refusal(
      errorCard(
        text(
          `订单 ${order.externalId} 已有你从业务系统录入的评分（${existing.score} 分，${on["zh-CN"]}），无需再评。`,
          `Order ${order.externalId} already has your rating from your company's system (${existing.score}, ${on.en}); nothing to add here.`,
        ),
      ),
    );
  }
  const data = ratingOrderOf(order);
  if (intent.score === undefined)
    return ratingRequestCard({
      ...data,
      part,
      ...(existing ? { current: { score: existing.score, comment: existing.comment } } : {}),
    });
  const saved = await saveChatRating(deps.pool, {
    orderId: order.id,
    orderExternalId: order.externalId,
    raterId: viewer.id,
    raterExternalId: viewer.externalId,
    part,
    score: intent.score,
    comment: intent.comment ?? null,
    at: deps.now(),
  });
  return ratedCard({ ...data, score: intent.score, comment: saved.comment, changed: !saved.created });
}
