// Mid-period pace: gap, required per remaining working day (today counts as remaining) and the
// linear projection actual × working days in P / elapsed working days.
import { describe, expect, it } from "vitest";
import { calendarFor } from "../../src/calendar/calendar.ts";
import { toRational } from "../../src/kpi/decimal.ts";
import { metricPace, paceForMetrics } from "../../src/kpi/pace.ts";
import { METRICS } from "../../src/kpi/metrics.ts";

// As of Monday 2026-10-12 in China: Oct 8, 9 and Sat 10 elapsed, 15 of 18 working days remain.
const days = calendarFor("cn-official").counts("2026-10", "2026-10-12");

const texts = (m: ReturnType<typeof metricPace>) => [m.gapText, m.requiredPerDayText, m.projectionText, m.onTrack];

describe("pace of cumulative metrics", () => {
  it("uses the working-day counts of the calendar", () => {
    expect(days).toEqual({ total: 18, elapsed: 3, remaining: 15 });
  });

  it("gap = target − actual; per day = gap / remaining; projection = actual × total / elapsed", () => {
    const p = metricPace("collected_revenue", "12000", "40000", days);
    expect(p.gap?.eq(toRational("28000"))).toBe(true);
    expect(p.requiredPerDay?.eq(toRational("28000").div(toRational("15")))).toBe(true); // exact, not 1866.67
    expect(p.projection?.eq(toRational("72000"))).toBe(true);
    expect(texts(p)).toEqual(["28000.00", "1866.67", "72000.00", true]);
  });

  it("counts: per day with 2 decimals, projection as a count", () => {
    expect(texts(metricPace("shipments", "1", "10", days))).toEqual(["9", "0.60", "6", false]);
  });

  it("a met target has gap 0 and is on track whatever the projection", () => {
    expect(texts(metricPace("new_customers", "4", "3", { total: 18, elapsed: 0, remaining: 18 }))).toEqual([
      "0",
      "0.00",
      null,
      true,
    ]);
  });

  it("no remaining working day → no per-day requirement; no elapsed working day → no projection", () => {
    const end = metricPace("booked_revenue", "30000", "40000", { total: 18, elapsed: 18, remaining: 0 });
    expect(texts(end)).toEqual(["10000.00", null, "30000.00", false]);
    const start = metricPace("booked_revenue", "5000", "40000", { total: 18, elapsed: 0, remaining: 18 });
    expect(texts(start)).toEqual(["35000.00", "1944.44", null, null]);
  });

  it("without a target there is no gap, but there is a projection", () => {
    expect(texts(metricPace("gross_profit", "900", undefined, days))).toEqual([null, null, "5400.00", null]);
  });
});

describe("pace of rates, averages and balances", () => {
  it("rates and averages: a gap, but no per-day requirement and no projection", () => {
    expect(texts(metricPace("repurchase_rate", toRational("1").div(toRational("3")), "0.6", days))).toEqual([
      "0.2667",
      null,
      null,
      false,
    ]);
    expect(texts(metricPace("collaboration_score", "4.8", "4.5", days))).toEqual(["0.00", null, null, true]);
  });

  it("lower is better: the gap is how much to reduce", () => {
    expect(texts(metricPace("collection_days", "30", "25", days))).toEqual(["5.00", null, null, false]);
    expect(texts(metricPace("collection_days", "20", "25", days))).toEqual(["0.00", null, null, true]);
  });

  it("overdue receivables (a balance): the amount to clear per remaining working day, not projected", () => {
    expect(texts(metricPace("overdue_receivables", "9000", "3000", days))).toEqual(["6000.00", "400.00", null, false]);
  });

  it("a metric with no data has no gap", () => {
    expect(texts(metricPace("conversion_rate", null, "0.3", days))).toEqual([null, null, null, null]);
  });
});

describe("paceForMetrics", () => {
  it("covers all 12 metrics by default, in order", () => {
    const all = paceForMetrics({ shipments: "3", collected_revenue: "100" }, { shipments: "9" }, days);
    expect(all.map((p) => p.metric)).toEqual([...METRICS]);
    expect(all.find((p) => p.metric === "shipments")?.requiredPerDayText).toBe("0.40");
  });

  it("rejects impossible day counts", () => {
    expect(() => metricPace("shipments", "1", "2", { total: 18, elapsed: -1, remaining: 19 })).toThrow(RangeError);
  });
});
