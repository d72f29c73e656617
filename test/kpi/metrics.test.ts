import { describe, expect, it } from "vitest";
import {
  ADDITIVE_METRICS,
  METRICS,
  METRIC_DEFINITIONS,
  NULLABLE_METRICS,
  formatMetricRecord,
  formatMetricValue,
  isMetricKey,
} from "../../src/kpi/metrics.ts";
import { toRational } from "../../src/kpi/decimal.ts";

describe("metric definitions", () => {
  it("has the 12 metrics of docs/KPI-RULES.md in the order results print them", () => {
    expect(METRICS).toEqual([
      "booked_revenue",
      "collected_revenue",
      "shipments",
      "gross_profit",
      "profit_per_shipment",
      "new_customers",
      "repurchase_rate",
      "retention_rate",
      "conversion_rate",
      "collection_days",
      "collaboration_score",
      "overdue_receivables",
    ]);
    for (const m of METRICS) expect(METRIC_DEFINITIONS[m].key).toBe(m);
  });

  it("only collection_days and overdue_receivables are lower-is-better", () => {
    expect(METRICS.filter((m) => METRIC_DEFINITIONS[m].direction === "lower")).toEqual([
      "collection_days",
      "overdue_receivables",
    ]);
  });

  it("only the six listed metrics can be none", () => {
    expect(NULLABLE_METRICS).toEqual([
      "profit_per_shipment",
      "repurchase_rate",
      "retention_rate",
      "conversion_rate",
      "collection_days",
      "collaboration_score",
    ]);
  });

  it("team goals may use exactly the additive metrics", () => {
    expect([...ADDITIVE_METRICS].sort()).toEqual([
      "booked_revenue",
      "collected_revenue",
      "gross_profit",
      "new_customers",
      "shipments",
    ]);
  });

  it("formats by kind: money 2, counts integer, rates 4, decimals 2", () => {
    const kinds = Object.fromEntries(
      METRICS.map((m) => [m, [METRIC_DEFINITIONS[m].kind, METRIC_DEFINITIONS[m].decimals]]),
    );
    expect(kinds).toEqual({
      booked_revenue: ["money", 2],
      collected_revenue: ["money", 2],
      shipments: ["count", 0],
      gross_profit: ["money", 2],
      profit_per_shipment: ["decimal", 2],
      new_customers: ["count", 0],
      repurchase_rate: ["rate", 4],
      retention_rate: ["rate", 4],
      conversion_rate: ["rate", 4],
      collection_days: ["decimal", 2],
      collaboration_score: ["decimal", 2],
      overdue_receivables: ["money", 2],
    });
  });

  it("isMetricKey", () => {
    expect(isMetricKey("shipments")).toBe(true);
    expect(isMetricKey("Shipments")).toBe(false);
    expect(isMetricKey("toString")).toBe(false);
    expect(isMetricKey(3)).toBe(false);
  });
});

describe("formatting metric values as the fixtures print them", () => {
  it("rounds once, half away from zero, to the metric kind", () => {
    expect(formatMetricValue("collected_revenue", "45000")).toBe("45000.00");
    expect(formatMetricValue("shipments", "2")).toBe("2");
    expect(formatMetricValue("repurchase_rate", toRational("2").div(toRational("3")))).toBe("0.6667");
    expect(formatMetricValue("repurchase_rate", "0")).toBe("0.0000");
    expect(formatMetricValue("collection_days", toRational("39").div(toRational("2")))).toBe("19.50");
    expect(formatMetricValue("collaboration_score", toRational("10").div(toRational("3")))).toBe("3.33");
    expect(formatMetricValue("profit_per_shipment", toRational("52675.13").div(toRational("5")))).toBe("10535.03");
    expect(formatMetricValue("conversion_rate", null)).toBeNull();
  });

  it("formats a full record and refuses none for a metric that cannot be none", () => {
    const full = {
      booked_revenue: "45000",
      collected_revenue: "45000",
      shipments: "2",
      gross_profit: "8500",
      profit_per_shipment: "4250",
      new_customers: "1",
      repurchase_rate: "0.5",
      retention_rate: "1",
      conversion_rate: null,
      collection_days: "19.5",
      collaboration_score: "4.5",
      overdue_receivables: "0",
    };
    expect(formatMetricRecord(full)).toEqual({
      booked_revenue: "45000.00",
      collected_revenue: "45000.00",
      shipments: "2",
      gross_profit: "8500.00",
      profit_per_shipment: "4250.00",
      new_customers: "1",
      repurchase_rate: "0.5000",
      retention_rate: "1.0000",
      conversion_rate: null,
      collection_days: "19.50",
      collaboration_score: "4.50",
      overdue_receivables: "0.00",
    });
    expect(() => formatMetricRecord({ ...full, shipments: null })).toThrow(/shipments cannot be none/);
  });
});
