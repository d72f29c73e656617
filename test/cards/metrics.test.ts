// How each metric reads (cards/metrics.ts): a label in both languages and a unit that agrees with
// the precision the KPI core stores it at (src/kpi/metrics.ts kind).
import { describe, expect, it } from "vitest";
import { metricLabelText, metricUnit } from "../../cards/metrics.ts";
import { METRIC_DEFINITIONS, METRICS } from "../../src/kpi/metrics.ts";

describe("metric presentation", () => {
  // Moved here with the labels from test/kpi/metrics.test.ts (the core no longer names metrics).
  it("has labels in both languages", () => {
    expect(metricLabelText("collected_revenue")["zh-CN"]).toBe("回款");
    expect(metricLabelText("collected_revenue").en).toBe("Collected revenue");
    for (const m of METRICS) {
      expect(metricLabelText(m)["zh-CN"]).toMatch(/[\u4e00-\u9fff]/);
      expect(metricLabelText(m).en).toMatch(/^[A-Z][a-z ]+$/);
    }
  });

  it("writes money, count and rate metrics in their kind; the three decimal ones as money, days and a score", () => {
    for (const m of METRICS) {
      const kind = METRIC_DEFINITIONS[m].kind;
      if (kind !== "decimal") expect(metricUnit(m), m).toBe(kind);
    }
    expect(METRICS.filter((m) => METRIC_DEFINITIONS[m].kind === "decimal").map((m) => [m, metricUnit(m)])).toEqual([
      ["profit_per_shipment", "money"],
      ["collection_days", "days"],
      ["collaboration_score", "score"],
    ]);
  });
});
