// Number, date and width formatting for cards: exact decimals in, the product's money format out.
import { describe, expect, it } from "vitest";
import {
  compactNumber,
  displayWidth,
  formatCount,
  formatDate,
  formatDateTime,
  formatDays,
  formatLocalDate,
  formatMetric,
  formatMoney,
  formatPercent,
  formatPeriod,
  formatPoints,
  formatWorkingDays,
  groupThousands,
  moneyString,
  nextPeriod,
  padWidth,
  percentString,
  previousPeriod,
  signedDecimal,
  truncateWidth,
  wrapWidth,
} from "../../cards/format.ts";

describe("money", () => {
  it("has thousands separators, two decimals and the currency symbol", () => {
    expect(moneyString("35000", "CNY")).toBe("¥35,000.00");
    expect(moneyString("45000.00", "CNY")).toBe("¥45,000.00");
    expect(moneyString("555.56", "CNY")).toBe("¥555.56");
    expect(moneyString("0", "CNY")).toBe("¥0.00");
    expect(moneyString("1234567.5", "USD")).toBe("$1,234,567.50");
    expect(moneyString("999.9", "eur")).toBe("€999.90");
  });

  it("writes other currencies as their ISO code and a space", () => {
    expect(moneyString("1000", "GBP")).toBe("GBP 1,000.00");
    expect(moneyString("1000", "JPY")).toBe("JPY 1,000.00");
  });

  it("puts the minus before the symbol (refunds)", () => {
    expect(moneyString("-2500", "CNY")).toBe("-¥2,500.00");
    expect(moneyString("-0.004", "CNY")).toBe("¥0.00");
  });

  it("rounds half away from zero, exactly, even beyond float precision", () => {
    expect(moneyString("0.005", "CNY")).toBe("¥0.01");
    expect(moneyString("-0.005", "CNY")).toBe("-¥0.01");
    expect(moneyString("1.005", "CNY")).toBe("¥1.01"); // 1.005 in binary floating point is 1.00499…
    expect(moneyString("9007199254740993.01", "CNY")).toBe("¥9,007,199,254,740,993.01");
  });

  it("refuses what is not a decimal rather than guessing", () => {
    expect(() => moneyString("1e5", "CNY")).toThrow();
    expect(() => moneyString("12,000", "CNY")).toThrow();
    expect(() => groupThousands("abc")).toThrow();
  });

  it("adds the compact form beside the exact amount, never instead of it", () => {
    expect(formatMoney("35000", "CNY", { compact: true })).toEqual({
      "zh-CN": "¥35,000.00（3.5万）",
      en: "¥35,000.00 (35K)",
    });
    expect(formatMoney("35000", "CNY")).toEqual({ "zh-CN": "¥35,000.00", en: "¥35,000.00" });
    // Below 1万 the Chinese text needs no compact form; English still has K.
    expect(formatMoney("5000", "CNY", { compact: true })).toEqual({ "zh-CN": "¥5,000.00", en: "¥5,000.00 (5K)" });
    expect(formatMoney("999", "CNY", { compact: true })).toEqual({ "zh-CN": "¥999.00", en: "¥999.00" });
  });
});

describe("compact numbers", () => {
  it.each([
    ["35000", "3.5万", "35K"],
    ["40000", "4万", "40K"],
    ["120000000", "1.2亿", "120M"],
    ["123456789", "1.2亿", "123.5M"],
    ["2500000000", "25亿", "2.5B"],
    ["-35000", "-3.5万", "-35K"],
    ["10000", "1万", "10K"],
    ["1500", null, "1.5K"],
  ])("%s → %s / %s", (value, zh, en) => {
    expect(compactNumber(value, "zh-CN")).toBe(zh);
    expect(compactNumber(value, "en")).toBe(en);
  });

  it("moves up a unit when rounding reaches it (no '10000万' or '1000K')", () => {
    expect(compactNumber("99999999", "zh-CN")).toBe("1亿");
    expect(compactNumber("999950", "en")).toBe("1M");
    expect(compactNumber("99999", "zh-CN")).toBe("10万");
  });
});

describe("rates, counts, days and points", () => {
  it("shows a ratio as a percentage with one decimal, rounded half away from zero", () => {
    expect(percentString("0.8500")).toBe("85.0%");
    expect(percentString("0.8750")).toBe("87.5%");
    expect(percentString("0.66665")).toBe("66.7%");
    expect(percentString("1.2")).toBe("120.0%");
    expect(percentString("0")).toBe("0.0%");
    expect(formatPercent(null)).toEqual({ "zh-CN": "无数据", en: "none" });
  });

  it("groups counts and keeps the decimals a per-day pace has", () => {
    expect(formatCount("1234567")).toEqual({ "zh-CN": "1,234,567", en: "1,234,567" });
    expect(formatCount("0.11")).toEqual({ "zh-CN": "0.11", en: "0.11" });
  });

  it("writes days without trailing zeros, in both languages", () => {
    expect(formatDays("19.50")).toEqual({ "zh-CN": "19.5 天", en: "19.5 days" });
    expect(formatDays("1.00")).toEqual({ "zh-CN": "1 天", en: "1 day" });
    expect(formatWorkingDays(9)).toEqual({ "zh-CN": "9 个工作日", en: "9 working days" });
  });

  it("writes points with two decimals, and signs changes", () => {
    expect(formatPoints("87.83")).toEqual({ "zh-CN": "87.83 分", en: "87.83 pts" });
    expect(formatPoints("5", { signed: true })).toEqual({ "zh-CN": "+5.00 分", en: "+5.00 pts" });
    expect(signedDecimal("20")).toBe("+20.00");
    expect(signedDecimal("-3.5")).toBe("-3.50");
    expect(signedDecimal("0")).toBe("0.00");
  });
});

describe("metric values read as people expect", () => {
  it.each([
    ["collected_revenue", "35000.00", "¥35,000.00"],
    ["overdue_receivables", "3000.00", "¥3,000.00"],
    ["profit_per_shipment", "4250.00", "¥4,250.00"],
    ["repurchase_rate", "0.5000", "50.0%"],
    ["shipments", "1200", "1,200"],
    ["collaboration_score", "4.50", "4.50"],
  ] as const)("%s %s → %s", (metric, value, shown) => {
    expect(formatMetric(metric, value, "CNY").en).toBe(shown);
  });

  it("collection days in days, none as none", () => {
    expect(formatMetric("collection_days", "19.50", "CNY")).toEqual({ "zh-CN": "19.5 天", en: "19.5 days" });
    expect(formatMetric("conversion_rate", null, "CNY")).toEqual({ "zh-CN": "无数据", en: "none" });
  });
});

describe("periods, dates and times in the organization's zone", () => {
  it("names periods and steps across the year", () => {
    expect(formatPeriod("2026-10")).toEqual({ "zh-CN": "2026年10月", en: "October 2026" });
    expect(previousPeriod("2026-01")).toBe("2025-12");
    expect(previousPeriod("2026-10")).toBe("2026-09");
    expect(nextPeriod("2026-12")).toBe("2027-01");
    expect(() => formatPeriod("2026-13")).toThrow();
  });

  it("shows an instant in the zone given, 24-hour", () => {
    const instant = "2026-10-16T02:00:00Z";
    expect(formatDateTime(instant, "Asia/Shanghai")).toEqual({ "zh-CN": "10月16日 10:00", en: "Oct 16, 10:00" });
    expect(formatDateTime(instant, "America/New_York")).toEqual({ "zh-CN": "10月15日 22:00", en: "Oct 15, 22:00" });
    // Midnight is 00:00, never 24:00.
    expect(formatDateTime("2026-09-30T16:00:00Z", "Asia/Shanghai").en).toBe("Oct 1, 00:00");
  });

  it("adds the year only when it differs from the reference instant's", () => {
    expect(formatDateTime("2025-12-31T10:00:00Z", "Asia/Shanghai", "2026-01-02T00:00:00Z")).toEqual({
      "zh-CN": "2025年12月31日 18:00",
      en: "Dec 31, 2025, 18:00",
    });
    expect(formatDate("2026-10-01T01:00:00Z", "Asia/Shanghai", "2026-10-20T00:00:00Z")).toEqual({
      "zh-CN": "10月1日",
      en: "Oct 1",
    });
    expect(formatLocalDate("2026-11-04")).toEqual({ "zh-CN": "2026年11月4日", en: "Nov 4, 2026" });
    expect(formatLocalDate("2026-11-04", { year: false })).toEqual({ "zh-CN": "11月4日", en: "Nov 4" });
  });
});

describe("monospace width", () => {
  it("counts CJK and full-width characters as two columns", () => {
    expect(displayWidth("王磊")).toBe(4);
    expect(displayWidth("abc")).toBe(3);
    expect(displayWidth("¥35,000.00")).toBe(10);
    expect(displayWidth("（）")).toBe(4);
    expect(displayWidth("回款 87.5%")).toBe(10);
  });

  it("pads and truncates by columns, not by characters", () => {
    expect(padWidth("王磊", 6)).toBe("王磊  ");
    expect(padWidth("王磊", 6, "right")).toBe("  王磊");
    expect(truncateWidth("王磊王磊", 5)).toBe("王磊…");
    expect(displayWidth(truncateWidth("上海恒通贸易有限公司", 9))).toBeLessThanOrEqual(9);
  });

  it("wraps words at spaces, CJK anywhere, and never starts a line with closing punctuation", () => {
    expect(wrapWidth("the quick brown fox", 10)).toEqual(["the quick", "brown fox"]);
    const zh = wrapWidth("回款八十七点五，复购率八十三", 14);
    for (const line of zh) expect(displayWidth(line)).toBeLessThanOrEqual(14);
    expect(zh.join("")).toBe("回款八十七点五，复购率八十三");
    expect(zh.some((line) => line.startsWith("，"))).toBe(false);
    // Opening punctuation moves down with what it opens.
    expect(wrapWidth("截至 10月20日（Asia/Shanghai）", 18)).toEqual(["截至 10月20日", "（Asia/Shanghai）"]);
  });
});
