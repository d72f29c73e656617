// The collaboration-rating cards: the request's five score buttons (each a rating of that order,
// the current score marked), the reminder's title, the recorded answer with its comment, and the
// list of orders awaiting a colleague's rating — in both languages.
import { describe, expect, it } from "vitest";
import { pendingRatingsCard, ratedCard, ratingRequestCard } from "../../cards/builders/rating.ts";
import type { Card } from "../../cards/model.ts";
import { deserializeIntent, serializeIntent } from "../../src/chat/intents.ts";
import { allText } from "./fixtures.ts";

const order = { orderExternalId: "O2", salesperson: "王磊", customer: "Acme Freight", bookedOn: "2026-10-05" };
const buttonsOf = (card: Card) => card.elements.flatMap((e) => (e.type === "actions" ? e.buttons : []));

describe("rating cards", () => {
  it("asks with five score buttons, each rating that order, and says how to add a comment", () => {
    const card = ratingRequestCard({ ...order, part: "customer_service" });
    expect(card.header.title).toEqual({ "zh-CN": "请为 王磊 的订单 O2 评分", en: "Rate 王磊 on order O2" });
    expect(buttonsOf(card).map((b) => deserializeIntent(serializeIntent(b.intent)))).toEqual(
      [1, 2, 3, 4, 5].map((score) => ({ kind: "rate_order", order: "O2", score })),
    );
    expect(allText(card, "zh-CN")).toContain("客服");
    expect(allText(card, "en")).toContain("rate O2 4 your comment");
  });

  it("marks the score already given and titles the reminder as one", () => {
    const card = ratingRequestCard({
      ...order,
      part: "operations",
      reminder: true,
      current: { score: 3, comment: null },
    });
    expect(card.header.title.en).toBe("Reminder: rate 王磊 on order O2");
    expect(buttonsOf(card).map((b) => b.style ?? "default")).toEqual([
      "default",
      "default",
      "primary",
      "default",
      "default",
    ]);
    expect(allText(card, "en")).toContain("You rated ★★★☆☆ (3)");
  });

  it("confirms the answer with its comment, and says when it changed an earlier one", () => {
    const first = ratedCard({ ...order, score: 4, comment: "沟通及时", changed: false });
    expect(first.header.title).toEqual({ "zh-CN": "已记录：O2 4 分", en: "Recorded: O2 rated 4" });
    expect(allText(first, "zh-CN")).toContain("沟通及时");
    expect(ratedCard({ ...order, score: 2, comment: null, changed: true }).header.title.en).toBe("Updated: O2 rated 2");
  });

  it("lists the orders awaiting a rating with a button each, or says there are none", () => {
    const card = pendingRatingsCard([order, { ...order, orderExternalId: "O3" }]);
    expect(card.header.title.en).toBe("2 orders await your rating");
    expect(buttonsOf(card).map((b) => deserializeIntent(serializeIntent(b.intent)))).toEqual([
      { kind: "rate_order", order: "O2" },
      { kind: "rate_order", order: "O3" },
    ]);
    expect(pendingRatingsCard([]).header.title.en).toBe("No orders await your rating");
  });
});
