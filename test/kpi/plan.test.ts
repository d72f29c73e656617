// Plans, targets and team goals are validated on import with clear, typed, bilingual errors.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  checkTargetValue,
  kpiErrorsFromZod,
  parsePlan,
  parseTargetValue,
  parseTeamGoal,
  planInputSchema,
  safeParsePlan,
  safeParseTarget,
  safeParseTeamGoal,
} from "../../src/kpi/plan.ts";
import { KPI_ERROR_CODES, KpiValidationError, kpiMessage } from "../../src/kpi/validation-error.ts";

const veteran = {
  key: "veteran",
  name: "资深销售 Veteran sales",
  cap: 1.2,
  floor: 0,
  items: [
    { metric: "collected_revenue", weight: 40 },
    { metric: "repurchase_rate", weight: 25 },
    { metric: "profit_per_shipment", weight: 20 },
    { metric: "collaboration_score", weight: 15 },
  ],
};

function errorsOf(input: unknown): KpiValidationError[] {
  const r = safeParsePlan(input);
  if (r.success) throw new Error("expected the plan to be rejected");
  return r.errors;
}

describe("plans", () => {
  it("parses a valid plan into exact decimals", () => {
    const p = parsePlan(veteran);
    expect(p.key).toBe("veteran");
    expect(p.cap.toString()).toBe("1.2");
    expect(p.floor.toString()).toBe("0");
    expect(p.items.map((i) => [i.metric, i.weight.toString()])).toEqual([
      ["collected_revenue", "40"],
      ["repurchase_rate", "25"],
      ["profit_per_shipment", "20"],
      ["collaboration_score", "15"],
    ]);
  });

  it("defaults cap to 1.2 and floor to 0", () => {
    const p = parsePlan({ key: "k", name: "n", items: [{ metric: "shipments", weight: 100 }] });
    expect([p.cap.toString(), p.floor.toString()]).toEqual(["1.2", "0"]);
  });

  it("sums weights exactly (no float drift): 33.33 + 33.33 + 33.34 = 100", () => {
    const p = parsePlan({
      key: "k",
      name: "n",
      items: [
        { metric: "shipments", weight: 33.33 },
        { metric: "new_customers", weight: 33.33 },
        { metric: "gross_profit", weight: 33.34 },
      ],
    });
    expect(p.items).toHaveLength(3);
  });

  it("rejects an unknown metric and lists the valid ones", () => {
    const [e] = errorsOf({ ...veteran, items: [{ metric: "revenue", weight: 100 }] });
    expect(e?.code).toBe("metric.unknown");
    expect(e?.path).toBe("items.0.metric");
    expect(e?.message).toBe(
      'unknown metric "revenue"; valid metrics are: booked_revenue, collected_revenue, shipments, gross_profit, profit_per_shipment, new_customers, repurchase_rate, retention_rate, conversion_rate, collection_days, collaboration_score, overdue_receivables',
    );
    expect(e?.messageFor("zh-CN")).toMatch(/^未知指标 "revenue"；可用指标：booked_revenue, /);
  });

  it("rejects a duplicate metric", () => {
    const errors = errorsOf({
      ...veteran,
      items: [
        { metric: "shipments", weight: 50 },
        { metric: "shipments", weight: 50 },
      ],
    });
    expect(errors.map((e) => [e.code, e.path, e.message])).toEqual([
      ["plan.duplicate_metric", "items.1.metric", 'metric "shipments" appears more than once in the plan'],
    ]);
  });

  it("rejects weights that do not sum to exactly 100 and says the sum", () => {
    const errors = errorsOf({
      ...veteran,
      items: [...veteran.items.slice(0, 3), { metric: "collaboration_score", weight: 14.5 }],
    });
    expect(errors.map((e) => e.code)).toEqual(["plan.weights_sum"]);
    expect(errors[0]?.message).toBe("weights must sum to exactly 100; they sum to 99.5");
    expect(errors[0]?.messageFor("zh-CN")).toBe("权重之和必须恰好为 100；当前合计 99.5");
  });

  it("rejects a weight ≤ 0", () => {
    const errors = errorsOf({
      ...veteran,
      items: [
        { metric: "shipments", weight: 100 },
        { metric: "gross_profit", weight: 0 },
      ],
    });
    expect(errors.map((e) => [e.code, e.path])).toEqual([["plan.weight_not_positive", "items.1.weight"]]);
  });

  it("rejects cap < 1", () => {
    const [e] = errorsOf({ ...veteran, cap: 0.9 });
    expect([e?.code, e?.path, e?.message]).toEqual(["plan.cap_below_one", "cap", "cap must be at least 1 (got 0.9)"]);
    expect(parsePlan({ ...veteran, cap: 1 }).cap.toString()).toBe("1");
  });

  it("rejects floor outside [0, 1)", () => {
    expect(errorsOf({ ...veteran, floor: 1 })[0]?.message).toBe("floor must be at least 0 and below 1 (got 1)");
    expect(errorsOf({ ...veteran, floor: -0.1 })[0]?.code).toBe("plan.floor_out_of_range");
    expect(errorsOf({ ...veteran, floor: -0.1 })[0]?.messageFor("zh-CN")).toBe(
      "保底系数 floor 必须大于等于 0 且小于 1（当前为 -0.1）",
    );
    expect(parsePlan({ ...veteran, floor: 0.99 }).floor.toString()).toBe("0.99");
  });

  it("rejects a plan without items", () => {
    expect(errorsOf({ ...veteran, items: [] }).map((e) => e.code)).toEqual(["plan.no_items"]);
  });

  it("reports every problem at once", () => {
    const errors = errorsOf({ key: "k", name: "n", cap: 0.5, floor: 2, items: [{ metric: "nope", weight: 10 }] });
    expect(errors.map((e) => e.code).sort()).toEqual([
      "metric.unknown",
      "plan.cap_below_one",
      "plan.floor_out_of_range",
      "plan.weights_sum",
    ]);
  });

  it("reports structural problems as schema.invalid with the field path", () => {
    const errors = errorsOf({ key: "k", items: [{ metric: "shipments", weight: "ten" }] });
    expect(errors.map((e) => [e.code, e.path])).toContainEqual(["schema.invalid", "name"]);
    const weight = errorsOf({ key: "k", name: "n", items: [{ metric: "shipments", weight: "ten" }] });
    expect(weight.map((e) => [e.code, e.path])).toEqual([["decimal.invalid", "items.0.weight"]]);
  });

  it("parsePlan throws the first error as a KpiValidationError", () => {
    expect(() => parsePlan({ ...veteran, cap: 0.5 })).toThrow(KpiValidationError);
    expect(() => parsePlan({ ...veteran, cap: 0.5 })).toThrow("cap must be at least 1 (got 0.5)");
  });

  describe("gates", () => {
    const gated = (gate: unknown) => ({
      key: "k",
      name: "n",
      items: [{ metric: "collected_revenue", weight: 100, gate }],
    });

    it("accepts collection_ratio and profit_margin gates", () => {
      expect(parsePlan(gated({ metric: "collection_ratio", min: 0.8 })).items[0]?.gate).toEqual({
        metric: "collection_ratio",
        min: expect.anything(),
      });
      expect(parsePlan(gated({ metric: "profit_margin", min: "0.15" })).items[0]?.gate?.min.toString()).toBe("0.15");
      expect(parsePlan(gated(null)).items[0]?.gate).toBeUndefined();
    });

    it("rejects an unknown gate and a minimum out of range", () => {
      expect(errorsOf(gated({ metric: "collected", min: 0.8 }))[0]?.message).toBe(
        'unknown gate "collected"; valid gates are: collection_ratio, profit_margin',
      );
      expect(errorsOf(gated({ metric: "collection_ratio", min: -1 }))[0]?.code).toBe("plan.gate_min_invalid");
    });
  });

  it("the zod schema composes into bigger schemas and keeps the typed errors", () => {
    const batch = z.array(planInputSchema);
    const r = batch.safeParse([veteran, { ...veteran, key: "bad", cap: 0.5 }]);
    expect(r.success).toBe(false);
    if (r.success) return;
    expect(r.error.issues[0]?.message).toBe("cap must be at least 1 (got 0.5)");
    const [e] = kpiErrorsFromZod(r.error);
    expect([e?.code, e?.path]).toEqual(["plan.cap_below_one", "1.cap"]);
  });
});

describe("targets", () => {
  it("accepts values within the metric precision (by value)", () => {
    expect(parseTargetValue("collected_revenue", "40000").toFixed(2)).toBe("40000.00");
    expect(parseTargetValue("collected_revenue", "40000.50").toString()).toBe("40000.5");
    expect(parseTargetValue("repurchase_rate", "0.6125").toString()).toBe("0.6125");
    expect(parseTargetValue("new_customers", "3.00").toString()).toBe("3");
    expect(parseTargetValue("collection_days", 25).toString()).toBe("25");
  });

  it("money targets have at most 2 decimals", () => {
    const r = checkTargetValue("collected_revenue", "100.005");
    expect(r.success).toBe(false);
    if (r.success) return;
    expect(r.errors[0]?.message).toBe(
      'the target of "collected_revenue" may have at most 2 decimal places (got 100.005)',
    );
    expect(r.errors[0]?.messageFor("zh-CN")).toBe('指标 "collected_revenue" 的目标值最多 2 位小数（当前为 100.005）');
  });

  it("rate targets have at most 4 decimals; counts are whole numbers", () => {
    expect(() => parseTargetValue("conversion_rate", "0.12345")).toThrow(
      'the target of "conversion_rate" may have at most 4 decimal places (got 0.12345)',
    );
    expect(() => parseTargetValue("shipments", "2.5")).toThrow(
      'the target of "shipments" must be a whole number (got 2.5)',
    );
  });

  it("lower-is-better metrics need a target > 0", () => {
    expect(() => parseTargetValue("collection_days", "0")).toThrow(
      'the target of "collection_days" must be greater than 0 because lower is better for it (got 0)',
    );
    expect(() => parseTargetValue("overdue_receivables", "-5")).toThrow(KpiValidationError);
    // higher is better: ≤ 0 is allowed (it scores 0)
    expect(parseTargetValue("gross_profit", "0").isZero()).toBe(true);
  });

  it("rejects unknown metrics and malformed values", () => {
    expect(() => parseTargetValue("revenue", "1")).toThrow(/^unknown metric "revenue"; valid metrics are: /);
    expect(() => parseTargetValue("shipments", "1e3")).toThrow('"1e3" is not a decimal number');
  });

  it("validates whole target rows", () => {
    const ok = safeParseTarget({
      employeeExternalId: "E-A",
      period: "2026-10",
      metric: "repurchase_rate",
      value: "0.6",
    });
    expect(ok.success && ok.data.value.toString()).toBe("0.6");
    const bad = safeParseTarget({
      employeeExternalId: "E-A",
      period: "2026-13",
      metric: "collection_days",
      value: "0",
    });
    expect(bad.success).toBe(false);
    if (bad.success) return;
    expect(bad.errors.map((e) => [e.code, e.path])).toEqual([["schema.invalid", "period"]]);
    const bad2 = safeParseTarget({
      employeeExternalId: "E-A",
      period: "2026-10",
      metric: "collection_days",
      value: "0",
    });
    expect(!bad2.success && bad2.errors.map((e) => [e.code, e.path])).toEqual([["target.not_positive", "value"]]);
  });
});

describe("team goals", () => {
  const goal = {
    teamExternalId: "T-EAST",
    period: "2026-10",
    metric: "shipments",
    value: "6",
    bonusTiers: [
      { minCompletion: 1.0, points: 5 },
      { minCompletion: 1.2, points: 10 },
    ],
  };

  it("parses the fixture format", () => {
    const g = parseTeamGoal(goal);
    expect([
      g.metric,
      g.target.toString(),
      g.tiers.map((t) => [t.minCompletion.toString(), t.points.toString()]),
    ]).toEqual([
      "shipments",
      "6",
      [
        ["1", "5"],
        ["1.2", "10"],
      ],
    ]);
  });

  it("only additive metrics", () => {
    const r = safeParseTeamGoal({ ...goal, metric: "repurchase_rate", value: "0.5" });
    expect(!r.success && r.errors[0]?.message).toBe(
      'a team goal cannot use "repurchase_rate"; team goals may only use additive metrics: booked_revenue, collected_revenue, shipments, gross_profit, new_customers',
    );
  });

  it("value > 0, tiers non-negative and distinct", () => {
    expect(() => parseTeamGoal({ ...goal, value: "0" })).toThrow("a team goal value must be greater than 0 (got 0)");
    const r = safeParseTeamGoal({
      ...goal,
      bonusTiers: [
        { minCompletion: 1, points: 5 },
        { minCompletion: 1.0, points: 7 },
        { minCompletion: -1, points: 1 },
      ],
    });
    expect(!r.success && r.errors.map((e) => e.code)).toEqual(["team_goal.tier_duplicate", "team_goal.tier_invalid"]);
  });
});

describe("the message catalog", () => {
  it("has a zh-CN and an en text for every code, and they differ", () => {
    const params = {
      value: "x",
      max: 2,
      metric: "m",
      valid: "a, b",
      sum: 1,
      weight: 0,
      cap: 0,
      floor: 1,
      gate: "g",
      min: 0,
      path: "p",
      detail: "d",
      date: "2026-01-01",
      list: "holidays",
      file: "f",
      index: 0,
      minCompletion: 1,
      points: 1,
    };
    for (const code of KPI_ERROR_CODES) {
      const en = kpiMessage(code, params, "en");
      const zh = kpiMessage(code, params, "zh-CN");
      expect(en.length).toBeGreaterThan(0);
      expect(zh).toMatch(/[\u4e00-\u9fff]/);
      expect(zh).not.toBe(en);
      expect(en).not.toMatch(/\{[a-zA-Z]+\}/); // every placeholder filled
    }
  });

  it("errors serialize with code, params, path and message", () => {
    const e = new KpiValidationError("plan.weights_sum", { sum: "90" }, ["items"]);
    expect(JSON.parse(JSON.stringify(e))).toEqual({
      code: "plan.weights_sum",
      params: { sum: "90" },
      path: "items",
      message: "weights must sum to exactly 100; they sum to 90",
    });
    expect(e.at(3).path).toBe("3.items");
  });
});
