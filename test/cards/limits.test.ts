// The honest-limits card: names what was asked, says what to do instead, lists what can be asked.
import { describe, expect, it } from "vitest";
import { unsupportedCard } from "../../cards/index.ts";
import { UNSUPPORTED_TOPICS } from "../../src/chat/intents.ts";
import { parseIntent } from "../../src/chat/parse.ts";
import { allText, buttonsOf, textsOf } from "./fixtures.ts";

describe("unsupportedCard", () => {
  it("says it can't do that (yet), naming the topic, quoting the ask, in both languages", () => {
    const card = unsupportedCard({ topic: "receivables_followup", asked: "帮我催款", role: "manager" });
    expect(card.header.title).toEqual({
      "zh-CN": "暂时做不到：催收回款",
      en: "I can't do that (yet): following up on payments",
    });
    expect(allText(card, "zh-CN")).toContain("你问的是“帮我催款”");
    expect(allText(card, "en")).toContain("You asked “帮我催款”: Pacer can't help with following up on payments");
    expect(allText(card, "zh-CN")).not.toContain("没听懂");
    expect(allText(card, "en")).not.toContain("didn't understand");
  });

  it("lists what can be asked for the asker's role, with the help card's buttons", () => {
    const sales = unsupportedCard({ topic: "export", asked: "导出成Excel", role: "sales" });
    expect(allText(sales, "en")).toContain("Here is what you can ask:");
    expect(allText(sales, "en")).toContain("how far from target?");
    expect(allText(sales, "en")).not.toContain("offers");
    expect(allText(unsupportedCard({ topic: "settings", role: "hr" }), "en")).toContain("offers");
    expect(buttonsOf(sales).map((b) => b.intent)).toContainEqual({
      kind: "progress",
      period: "current",
    });
  });

  it.each(UNSUPPORTED_TOPICS)("%s: every text in both languages, and the asks it suggests instead work", (topic) => {
    const card = unsupportedCard({ topic, asked: "  something   asked " });
    for (const { where, text } of textsOf(card)) {
      expect(text["zh-CN"].trim(), `${where} (zh-CN)`).not.toBe("");
      expect(text.en.trim(), `${where} (en)`).not.toBe("");
    }
    expect(allText(card, "en")).toContain("“something asked”");
    // Quoted examples (“上个月”, “unpaid”, …) must be asks Pacer answers.
    const quoted = [...`${allText(card, "zh-CN")}\n${allText(card, "en")}`.matchAll(/“([^”]+)”/g)]
      .map((m) => m[1]!)
      .filter((q) => q !== "something asked")
      .map((q) => q.replace("@某人", "<@U123>").replace("@someone", "<@U123>"));
    for (const example of quoted)
      expect(parseIntent(example, { now: { year: 2026, month: 10 } }).kind, example).not.toMatch(
        /^(unknown|unsupported)$/,
      );
  });

  it("leaves the quote out when nothing was typed, and shortens a long one", () => {
    expect(allText(unsupportedCard({ topic: "off_topic" }), "en")).not.toContain("You asked");
    const long = allText(unsupportedCard({ topic: "off_topic", asked: "x".repeat(500) }), "en");
    expect(long).not.toContain("x".repeat(200));
  });
});
