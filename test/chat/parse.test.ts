// Intent recognition: Chinese and English, short forms, mentions, punctuation, full-width text.
import { describe, expect, it } from "vitest";
import { normalize, parseIntent, periodIn } from "../../src/chat/parse.ts";

const NOW = { year: 2026, month: 11 };
const kindOf = (text: string) => parseIntent(text, { now: NOW }).kind;

describe("parseIntent", () => {
  it.each([
    ["how far from target?", "progress"],
    ["How far from target", "progress"],
    ["离目标还差多少？", "progress"],
    ["离目标还差多少", "progress"],
    ["本月业绩", "progress"],
    ["/kpi", "progress"],
    ["kpi", "progress"],
    ["ＫＰＩ！", "progress"],
    ["<@U0BOT> how am I doing", "progress"],
    ["@_user_1 我的业绩", "progress"],
    ["", "progress"],
    ["details", "details"],
    ["明细", "details"],
    ["/kpi details", "details"],
    ["unpaid", "unpaid"],
    ["未回款", "unpaid"],
    ["team", "leaderboard"],
    ["团队排名", "leaderboard"],
    ["/kpi team", "leaderboard"],
    ["leaderboard", "leaderboard"],
    ["english", "language"],
    ["中文", "language"],
    ["stop daily", "mute"],
    ["停止每日推送", "mute"],
    ["help", "help"],
    ["帮助", "help"],
    ["link me", "link"],
    ["offers", "offers"],
    ["待确认offer", "offers"],
    ["onboarding", "onboarding"],
    ["入职进度", "onboarding"],
    ["report 2026-10", "report"],
    ["候选人 张三", "candidate"],
    ["candidate Amy Chen", "candidate"],
    ["screening", "screening"],
    ["简历排名", "screening"],
    ["what's the weather", "unsupported"],
    ["asdf qwer", "unknown"],
  ])("%j → %s", (text, kind) => {
    expect(kindOf(text)).toBe(kind);
  });

  it("understands the previous period and explicit months", () => {
    expect(parseIntent("last month", { now: NOW })).toEqual({ kind: "progress", period: "previous" });
    expect(parseIntent("上个月业绩", { now: NOW })).toEqual({ kind: "progress", period: "previous" });
    expect(parseIntent("report 2026-10", { now: NOW })).toEqual({ kind: "report", period: "2026-10" });
    expect(parseIntent("10月明细", { now: NOW })).toMatchObject({ kind: "details", period: "2026-10" });
    expect(parseIntent("team december", { now: NOW })).toMatchObject({ kind: "leaderboard", period: "2025-12" });
  });

  it("switches language both ways and mutes/unmutes", () => {
    expect(parseIntent("English")).toEqual({ kind: "language", locale: "en" });
    expect(parseIntent("中文")).toEqual({ kind: "language", locale: "zh-CN" });
    expect(parseIntent("resume daily")).toEqual({ kind: "mute", on: false });
    expect(parseIntent("恢复每日推送")).toEqual({ kind: "mute", on: false });
  });

  it("asks for a teammate by mention or by name", () => {
    expect(parseIntent("/kpi <@U0AMY>", { mentions: ["U0AMY"] })).toEqual({
      kind: "lookup",
      query: "@U0AMY",
      period: "current",
    });
    expect(parseIntent("张伟的业绩")).toEqual({ kind: "lookup", query: "张伟", period: "current" });
    expect(parseIntent("/kpi Amy Chen")).toEqual({ kind: "lookup", query: "amy chen", period: "current" });
  });

  it("keeps the unknown text for the help card", () => {
    expect(parseIntent("asdf qwer")).toEqual({ kind: "unknown", text: "asdf qwer" });
  });

  it("names what was asked when Pacer can tell but cannot serve it", () => {
    expect(parseIntent("tell me a joke")).toEqual({ kind: "unsupported", topic: "off_topic", text: "tell me a joke" });
    expect(parseIntent("催款")).toMatchObject({ kind: "unsupported", topic: "receivables_followup" });
  });

  it("reads a colleague's rating of an order (issue 15) instead of answering it with the order details", () => {
    expect(parseIntent("给订单O2评分5分")).toEqual({ kind: "rate_order", order: "O2", score: 5 });
  });
});

describe("normalize and periodIn", () => {
  it("folds full-width characters, removes mentions and punctuation", () => {
    expect(normalize("<@U123|pacer>  ＨＥＬＰ！！")).toBe("help");
    expect(normalize("@_user_1 离目标还差多少？")).toBe("离目标还差多少");
  });
  it("reads periods", () => {
    expect(periodIn("2026年9月", NOW)).toBe("2026-09");
    expect(periodIn("9月", NOW)).toBe("2026-09");
    expect(periodIn("oct", NOW)).toBe("2026-10");
    expect(periodIn("nothing here", NOW)).toBeUndefined();
  });
});
