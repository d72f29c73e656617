// The receivables cards: exact money with thousands separators, both languages, a snooze button
// per listed order, a manager's top N with the rest counted, and the reason choice.
import { describe, expect, it } from "vitest";
import { receivablesCard, snoozeReasonCard, sumAmounts } from "../../cards/builders/receivables.ts";
import type { OverdueOrder } from "../../src/store/receivables.ts";

const order = (n: number, amountDue: string, owner = 1): OverdueOrder => ({
  orderId: n,
  externalId: `O-${n}`,
  ownerId: owner,
  ownerExternalId: `E-${owner}`,
  ownerName: `Rep ${owner}`,
  teamId: 1,
  customer: "Acme Freight",
  dueDate: "2026-10-01",
  revenue: amountDue,
  collected: "0.00",
  amountDue,
  daysOverdue: 11,
});
const base = { currency: "CNY", timezone: "Asia/Shanghai", asOf: new Date("2026-10-12T01:00:00Z") };
const buttonsOf = (card: ReturnType<typeof receivablesCard>) =>
  card.elements.flatMap((e) => (e.type === "actions" ? e.buttons : []));

describe("receivables card", () => {
  it("adds amounts exactly and shows money as ¥35,000.00", () => {
    expect(sumAmounts(["0.10", "0.20", "34999.70"])).toBe("35000");
    const card = receivablesCard([order(1, "35000.00"), order(2, "0.10")], { ...base, audience: "rep" });
    expect(card.header.title.en).toBe("You have 2 overdue orders: ¥35,000.10");
    expect(card.header.title["zh-CN"]).toBe("你有 2 笔逾期应收，共 ¥35,000.10");
    const table = card.elements.find((e) => e.type === "table");
    expect(table?.type === "table" && table.rows[0]!.amount!.en).toBe("¥35,000.00");
  });

  it("gives each listed order a snooze button carrying its order", () => {
    const card = receivablesCard([order(1, "10.00"), order(2, "5.00")], { ...base, audience: "rep" });
    expect(buttonsOf(card).map((b) => b.intent)).toEqual([
      { kind: "receivable_snooze", order: "O-1" },
      { kind: "receivable_snooze", order: "O-2" },
    ]);
  });

  it("shows a manager the total of all and only the top N, counting the rest", () => {
    const orders = Array.from({ length: 12 }, (_, i) => order(i + 1, `${12 - i}.00`, (i % 3) + 1));
    const card = receivablesCard(orders, { ...base, audience: "manager", topN: 10 });
    expect(card.header.title.en).toBe("Team overdue receivables: ¥78.00 (12)");
    const table = card.elements.find((e) => e.type === "table");
    expect(table?.type === "table" && table.rows.map((r) => r.order!.en)).toEqual(
      orders.slice(0, 10).map((o) => o.externalId),
    );
    expect(JSON.stringify(card)).toContain("and 2 more not listed");
    expect(buttonsOf(card)).toHaveLength(10);
  });

  it("says so when nothing is overdue", () => {
    const card = receivablesCard([], { ...base, audience: "rep" });
    expect(card.header.tone).toBe("good");
    expect(buttonsOf(card)).toEqual([]);
  });
});

describe("snooze reason choice", () => {
  it("offers each reason as a button, and a way back", () => {
    const card = snoozeReasonCard({ externalId: "O-1" });
    const intents = buttonsOf(card).map((b) => b.intent);
    expect(intents).toEqual([
      { kind: "receivable_snooze", order: "O-1", reason: "promised" },
      { kind: "receivable_snooze", order: "O-1", reason: "disputed" },
      { kind: "receivable_snooze", order: "O-1", reason: "partial" },
      { kind: "receivable_snooze", order: "O-1", reason: "other" },
      { kind: "receivables" },
    ]);
    expect(buttonsOf(card).map((b) => b.label.en)).toContain("Customer promised payment");
  });
});
