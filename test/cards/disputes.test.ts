// The dispute cards: every text in both languages, buttons that carry valid intents, the approve
// button asking for confirmation with what will happen, and the override note wherever an
// override is left behind.
import { describe, expect, it } from "vitest";
import {
  disputeDecidedCard,
  disputeDecisionCard,
  disputeHowToCard,
  disputeNamedCard,
  disputeRaisedCard,
  overrideClearedCard,
} from "../../cards/builders/disputes.ts";
import { same, text } from "../../cards/model.ts";
import { deserializeIntent, serializeIntent } from "../../src/chat/intents.ts";
import { allText, buttonsOf, textsOf } from "./fixtures.ts";

const order = {
  externalId: "O3",
  customer: "宁波海联进出口",
  booked: text("10月1日", "1 Oct"),
  revenue: same("¥15,000.00"),
};
const wang = { name: "王磊", externalId: "E-A" };
const li = { name: "李静", externalId: "E-B" };
const zhou = { name: "周敏", externalId: "E-M1" };

const cards = {
  howTo: disputeHowToCard(),
  raised: disputeRaisedCard({ order, named: li, deciders: [zhou] }),
  raisedNobody: disputeRaisedCard({ order, named: null, deciders: [] }),
  decision: disputeDecisionCard({ disputeId: 7, order, raisedBy: wang, named: li, approver: zhou }),
  decisionNobody: disputeDecisionCard({ disputeId: 7, order, raisedBy: wang, named: null, approver: zhou }),
  named: disputeNamedCard({ order, raisedBy: wang, deciders: [zhou] }),
  approved: disputeDecidedCard({
    approved: true,
    order,
    from: wang,
    to: li,
    outOfTeam: false,
    decider: zhou,
    reclosed: [{ period: "2026-10", version: 2 }],
    clearable: true,
  }),
  rejected: disputeDecidedCard({
    approved: false,
    order,
    from: wang,
    to: null,
    outOfTeam: false,
    decider: zhou,
    reclosed: [],
  }),
  cleared: overrideClearedCard({ order, from: li, to: wang, by: { name: "林芳", externalId: "E-H1" }, reclosed: [] }),
};

describe("dispute cards", () => {
  it.each(Object.entries(cards))("%s: every text in both languages; every button a valid intent", (_name, card) => {
    for (const { where, text: t } of textsOf(card)) {
      expect(t["zh-CN"].trim(), `${where} (zh-CN)`).not.toBe("");
      expect(t.en.trim(), `${where} (en)`).not.toBe("");
    }
    for (const b of buttonsOf(card)) expect(() => deserializeIntent(serializeIntent(b.intent))).not.toThrow();
  });

  it("the decider's approve button confirms what happens: to the person named, or out of the team", () => {
    const approve = (card: typeof cards.decision) => buttonsOf(card).find((b) => b.actionId === "dispute_approve")!;
    expect(approve(cards.decision).confirm?.text.en).toBe("Order O3's credit goes to 李静 (E-B).");
    expect(approve(cards.decisionNobody).confirm?.text.en).toContain(
      "leaves the team (held by you, scored for nobody)",
    );
    expect(buttonsOf(cards.decision).map((b) => deserializeIntent(serializeIntent(b.intent)))).toEqual([
      { kind: "dispute_decide", dispute: 7, approve: true },
      { kind: "dispute_decide", dispute: 7, approve: false },
    ]);
  });

  it("says the next feed does not undo an override where one is left, and lists the re-closed months", () => {
    for (const card of [cards.decision, cards.approved])
      expect(allText(card, "en")).toContain("the next feed of this order does not undo it; HR can clear it");
    expect(allText(cards.rejected, "en")).not.toContain("next feed");
    expect(allText(cards.approved, "zh-CN")).toContain("已按此申诉重新结账：2026年10月 (v2)");
    expect(buttonsOf(cards.approved).map((b) => deserializeIntent(serializeIntent(b.intent)))).toEqual([
      { kind: "dispute_clear", order: "O3" },
    ]);
    expect(buttonsOf(cards.rejected)).toEqual([]);
  });
});
