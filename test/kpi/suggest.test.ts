// Target suggestions: the 80th percentile (of performance) of the last up-to-6 closed months,
// linear interpolation between closest ranks (Excel PERCENTILE.INC / NumPy default / type 7).
import { describe, expect, it } from "vitest";
import { toRational } from "../../src/kpi/decimal.ts";
import { percentile, suggestTarget } from "../../src/kpi/suggest.ts";

describe("percentile (type 7, exact)", () => {
  it("interpolates linearly between closest ranks", () => {
    // h = (n − 1) · p = 3 · 0.8 = 2.4 → 30 + 0.4 · (40 − 30) = 34
    expect(percentile(["10", "20", "30", "40"], "0.8").toFixed(2)).toBe("34.00");
    // NumPy: np.percentile([1, 2, 3, 4, 5, 6], 80) == 5.0 (h = 4 exactly)
    expect(percentile(["6", "1", "5", "2", "4", "3"], "0.8").toFixed(2)).toBe("5.00");
    // np.percentile([15, 20, 35, 40, 50], 80) == 42.0
    expect(percentile(["15", "20", "35", "40", "50"], "0.8").toFixed(2)).toBe("42.00");
  });

  it("edges: one value, p = 0 and p = 1", () => {
    expect(percentile(["7"], "0.8").toFixed(0)).toBe("7");
    expect(percentile(["3", "9", "5"], "0").toFixed(0)).toBe("3");
    expect(percentile(["3", "9", "5"], "1").toFixed(0)).toBe("9");
    expect(() => percentile([], "0.8")).toThrow(RangeError);
    expect(() => percentile(["1"], "1.5")).toThrow(RangeError);
  });

  it("is exact", () => {
    const third = toRational("1").div(toRational("3"));
    expect(percentile([third, "1"], "0.5").eq(toRational("2").div(toRational("3")))).toBe(true);
  });
});

describe("suggestTarget", () => {
  const history = [
    { period: "2026-03", value: "10000" }, // 7 months before: outside the window
    { period: "2026-04", value: "30000" },
    { period: "2026-05", value: "20000" },
    { period: "2026-06", value: "50000" },
    { period: "2026-07", value: "40000" },
    { period: "2026-08", value: "15000" },
    { period: "2026-09", value: "35000.55" },
    { period: "2026-10", value: "99999" }, // the period the target is for: not closed, ignored
  ];

  it("uses the last 6 closed months before the target period", () => {
    const s = suggestTarget("collected_revenue", history, { before: "2026-10" });
    expect(s.basis.map((b) => b.period)).toEqual(["2026-09", "2026-08", "2026-07", "2026-06", "2026-05", "2026-04"]);
    // sorted: 15000, 20000, 30000, 35000.55, 40000, 50000; h = 5 · 0.8 = 4 → 40000
    expect([s.status, s.valueText]).toEqual(["ok", "40000.00"]);
    expect(s.value?.toString()).toBe("40000");
  });

  it("uses fewer months when there are fewer, and skips months without data", () => {
    const s = suggestTarget("conversion_rate", [
      { period: "2026-08", value: "0.25" },
      { period: "2026-09", value: null },
      { period: "2026-07", value: "0.5" },
    ]);
    expect(s.basis).toHaveLength(2);
    // h = 1 · 0.8 → 0.25 + 0.8 · 0.25 = 0.45
    expect(s.valueText).toBe("0.4500");
  });

  it("rounds to the metric target precision (counts: whole numbers, half away from zero)", () => {
    // 2, 3 → 2 + 0.8 = 2.8 → 3
    expect(
      suggestTarget("new_customers", [
        { period: "2026-08", value: "2" },
        { period: "2026-09", value: "3" },
      ]).valueText,
    ).toBe("3");
    const rate = suggestTarget("repurchase_rate", [
      { period: "2026-08", value: toRational("1").div(toRational("3")) },
      { period: "2026-09", value: toRational("1").div(toRational("3")) },
    ]);
    expect(rate.valueText).toBe("0.3333");
  });

  it("lower-is-better metrics use the 20th percentile (the better end)", () => {
    const s = suggestTarget("collection_days", [
      { period: "2026-05", value: "10" },
      { period: "2026-06", value: "20" },
      { period: "2026-07", value: "30" },
      { period: "2026-08", value: "40" },
      { period: "2026-09", value: "50" },
      { period: "2026-04", value: "60" },
    ]);
    expect(s.percentile.toFixed(1)).toBe("0.2");
    expect(s.valueText).toBe("20.00"); // h = 5 · 0.2 = 1
  });

  it("no history → no suggestion; a suggestion ≤ 0 is not made", () => {
    expect(suggestTarget("shipments", []).status).toBe("no_history");
    expect(suggestTarget("shipments", [{ period: "2026-09", value: null }]).status).toBe("no_history");
    const zero = suggestTarget("overdue_receivables", [
      { period: "2026-08", value: "0" },
      { period: "2026-09", value: "0" },
    ]);
    expect([zero.status, zero.value]).toEqual(["not_positive", null]);
  });

  it("the window and percentile can be changed", () => {
    const s = suggestTarget("collected_revenue", history, { before: "2026-10", months: 3, percentile: "0.5" });
    expect(s.basis.map((b) => b.period)).toEqual(["2026-09", "2026-08", "2026-07"]);
    expect(s.valueText).toBe("35000.55");
  });

  it("rejects a history with the same month twice", () => {
    expect(() =>
      suggestTarget("shipments", [
        { period: "2026-09", value: "1" },
        { period: "2026-09", value: "2" },
      ]),
    ).toThrow(/appears twice/);
  });
});
