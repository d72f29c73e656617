// Scoring as specified in docs/KPI-RULES.md: Scoring, Team bonus, Rank and the Edge rules.
import { describe, expect, it } from "vitest";
import { Decimal, type Rational, toRational } from "../../src/kpi/decimal.ts";
import type { MetricKey } from "../../src/kpi/metrics.ts";
import {
  competitionRanks,
  evaluateGate,
  evaluateTeamGoal,
  scoreEmployee,
  scoreItem,
  scoreTeam,
  selectBonusTier,
  type Actuals,
  type Gate,
  type ScoringPlan,
  type TeamGoal,
  type Targets,
} from "../../src/kpi/scoring.ts";

const d = (s: string) => new Decimal(s);
const q = (s: string) => toRational(s);

function plan(items: [MetricKey, string, Gate?][], cap = "1.2", floor = "0"): ScoringPlan {
  return {
    key: "p",
    cap: d(cap),
    floor: d(floor),
    items: items.map(([metric, weight, gate]) => ({ metric, weight: d(weight), gate })),
  };
}

/** Scores a single metric with weight 100 and returns [achievement (4 dp), points (2 dp), status]. */
function one(
  metric: MetricKey,
  actual: string | Rational | null,
  target: string | null | undefined,
  cap = "1.2",
  floor = "0",
) {
  const s = scoreItem(
    { metric, weight: d("100") },
    { cap: d(cap), floor: d(floor) },
    { [metric]: actual },
    target === undefined ? {} : { [metric]: target },
  );
  return [s.achievementText, s.pointsText, s.status] as const;
}

describe("achievement per plan item", () => {
  it("higher is better: achievement = actual / target", () => {
    expect(one("collected_revenue", "30000", "40000")).toEqual(["0.7500", "75.00", "scored"]);
    expect(one("collected_revenue", "40000", "40000")).toEqual(["1.0000", "100.00", "scored"]);
  });

  it("higher is better: a target ≤ 0 gives achievement 0", () => {
    expect(one("collected_revenue", "30000", "0")).toEqual(["0.0000", "0.00", "target_not_positive"]);
    expect(one("gross_profit", "30000", "-100")).toEqual(["0.0000", "0.00", "target_not_positive"]);
  });

  it("a missing target gives achievement 0", () => {
    expect(one("collected_revenue", "30000", undefined)).toEqual(["0.0000", "0.00", "no_target"]);
    expect(one("collected_revenue", "30000", null)).toEqual(["0.0000", "0.00", "no_target"]);
  });

  it("lower is better: achievement = target / actual", () => {
    expect(one("collection_days", "20", "25")).toEqual(["1.2000", "120.00", "capped"]);
    expect(one("collection_days", "50", "25")).toEqual(["0.5000", "50.00", "scored"]);
    expect(one("overdue_receivables", "4000", "3000")).toEqual(["0.7500", "75.00", "scored"]);
  });

  it("lower is better: an actual of 0 is perfect and takes the cap", () => {
    expect(one("overdue_receivables", "0", "3000")).toEqual(["1.2000", "120.00", "capped"]);
    expect(one("overdue_receivables", "0.00", "3000", "1.5")).toEqual(["1.5000", "150.00", "capped"]);
  });

  it("lower is better: a target ≤ 0 (rejected on import) scores 0 instead of dividing by it", () => {
    expect(one("collection_days", "10", "0")).toEqual(["0.0000", "0.00", "target_not_positive"]);
  });

  it('a metric with no data ("none") scores 0 points', () => {
    expect(one("conversion_rate", null, "0.3")).toEqual(["0.0000", "0.00", "no_data"]);
    const absent = scoreItem(
      { metric: "repurchase_rate", weight: d("25") },
      { cap: d("1.2"), floor: d("0") },
      {},
      { repurchase_rate: "0.6" },
    );
    expect([absent.pointsText, absent.status]).toEqual(["0.00", "no_data"]);
  });

  it("achievement is capped at cap", () => {
    expect(one("shipments", "30", "10")).toEqual(["1.2000", "120.00", "capped"]);
    expect(one("shipments", "30", "10", "2")).toEqual(["2.0000", "200.00", "capped"]);
    expect(one("shipments", "12", "10")).toEqual(["1.2000", "120.00", "scored"]); // exactly the cap
  });

  it("below the floor achievement becomes 0; at the floor it counts", () => {
    expect(one("new_customers", "1", "5", "1.2", "0.3")).toEqual(["0.0000", "0.00", "below_floor"]);
    expect(one("new_customers", "3", "10", "1.2", "0.3")).toEqual(["0.3000", "30.00", "scored"]);
    expect(one("conversion_rate", q("0.2999"), "1", "1.2", "0.3")).toEqual(["0.0000", "0.00", "below_floor"]);
  });

  it("a negative achievement is below any floor ≥ 0 and becomes 0", () => {
    expect(one("gross_profit", "-500", "1000")).toEqual(["0.0000", "0.00", "negative"]);
    // lower is better with a negative actual (paid in full before the booking date)
    expect(one("collection_days", "-2", "25")).toEqual(["0.0000", "0.00", "negative"]);
  });

  it("uses the exact, unrounded actual", () => {
    // repurchase 2/3 against 0.6 with weight 25: exact 27.777… → 27.78; the shown 0.6667 would also
    // give 27.78, but collaboration 10/3 against 4.5 (weight 15) is 11.111… → 11.11, while the
    // shown 3.33 would give 11.10.
    const twoThirds = q("2").div(q("3"));
    const p = plan([
      ["repurchase_rate", "25"],
      ["collaboration_score", "15"],
      ["collected_revenue", "60"],
    ]);
    const s = scoreEmployee(
      p,
      { repurchase_rate: twoThirds, collaboration_score: q("10").div(q("3")), collected_revenue: "0" },
      {
        repurchase_rate: "0.6",
        collaboration_score: "4.5",
        collected_revenue: "1",
      },
    );
    expect(s.pointsText).toEqual({ repurchase_rate: "27.78", collaboration_score: "11.11", collected_revenue: "0.00" });
    const rounded = scoreItem(
      { metric: "collaboration_score", weight: d("15") },
      p,
      { collaboration_score: "3.33" },
      { collaboration_score: "4.5" },
    );
    expect(rounded.pointsText).toBe("11.10");
  });

  it("points = weight × achievement, exactly", () => {
    const s = scoreItem(
      { metric: "repurchase_rate", weight: d("25") },
      { cap: d("1.2"), floor: d("0") },
      { repurchase_rate: "0.5" },
      { repurchase_rate: "0.6" },
    );
    expect(s.points.eq(q("125").div(q("6")))).toBe(true);
    expect(s.pointsText).toBe("20.83");
    expect(s.maxPoints.eq(q("30"))).toBe(true);
  });
});

describe("base score", () => {
  it("is the rounded sum of the exact points; printed points need not add up to it", () => {
    const p = plan([
      ["collected_revenue", "40"],
      ["booked_revenue", "30"],
      ["gross_profit", "30"],
    ]);
    const s = scoreEmployee(
      p,
      { collected_revenue: "2501", booked_revenue: "10004", gross_profit: "10004" },
      {
        collected_revenue: "10000",
        booked_revenue: "30000",
        gross_profit: "30000",
      },
    );
    expect(Object.values(s.pointsText)).toEqual(["10.00", "10.00", "10.00"]); // each 10.004
    expect(s.baseText).toBe("30.01"); // 30.012, not 30.00
    expect(s.base.eq(q("30.012"))).toBe(true);
  });

  it("ranges from 0 to 100 × cap", () => {
    const p = plan([
      ["shipments", "50"],
      ["collection_days", "50"],
    ]);
    expect(
      scoreEmployee(p, { shipments: "100", collection_days: "0" }, { shipments: "1", collection_days: "20" }).baseText,
    ).toBe("120.00");
    expect(
      scoreEmployee(p, { shipments: "0", collection_days: null }, { shipments: "1", collection_days: "20" }).baseText,
    ).toBe("0.00");
  });
});

describe("points lost and the weakest metric", () => {
  const p = plan([
    ["collected_revenue", "40"],
    ["repurchase_rate", "25"],
    ["conversion_rate", "20"],
    ["collaboration_score", "15"],
  ]);
  const targets: Targets = {
    collected_revenue: "40000",
    repurchase_rate: "0.6",
    conversion_rate: "0.3",
    collaboration_score: "4.5",
  };

  it("points lost = max(0, weight − points): distance to full target achievement", () => {
    const s = scoreEmployee(
      p,
      { collected_revenue: "40000", repurchase_rate: "0.3", conversion_rate: "0.6", collaboration_score: "3" },
      targets,
    );
    const lost = Object.fromEntries(s.items.map((i) => [i.metric, i.pointsLost.toFixed(2)]));
    // on target: 0 lost (not 8, the over-achievement it could still earn); above target: 0, never negative
    expect(lost).toEqual({
      collected_revenue: "0.00",
      repurchase_rate: "12.50",
      conversion_rate: "0.00",
      collaboration_score: "5.00",
    });
    expect(s.weakest?.metric).toBe("repurchase_rate");
  });

  it("a metric with no data loses its whole weight", () => {
    const s = scoreEmployee(
      p,
      { collected_revenue: "40000", repurchase_rate: "0.6", conversion_rate: null, collaboration_score: "4.5" },
      targets,
    );
    expect(s.weakest?.metric).toBe("conversion_rate");
    expect(s.weakest?.pointsLost.toFixed(2)).toBe("20.00");
  });

  it("ties go to the earlier plan item; nothing lost → no weakest metric", () => {
    const tie = scoreEmployee(
      p,
      { collected_revenue: "30000", repurchase_rate: "0.36", conversion_rate: "0.3", collaboration_score: "4.5" },
      targets,
    );
    expect(tie.items.map((i) => i.pointsLost.toFixed(2))).toEqual(["10.00", "10.00", "0.00", "0.00"]);
    expect(tie.weakest?.metric).toBe("collected_revenue");
    const none = scoreEmployee(
      p,
      { collected_revenue: "50000", repurchase_rate: "0.6", conversion_rate: "0.9", collaboration_score: "5" },
      targets,
    );
    expect(none.weakest).toBeNull();
  });
});

describe("gates", () => {
  const gate: Gate = { metric: "collection_ratio", min: d("0.8") };
  const gated = plan([
    ["collected_revenue", "60", gate],
    ["shipments", "40"],
  ]);
  const targets: Targets = { collected_revenue: "10000", shipments: "10" };

  it("collection_ratio: the item counts only when collected / booked ≥ min", () => {
    const pass = scoreEmployee(gated, { collected_revenue: "8000", booked_revenue: "10000", shipments: "10" }, targets);
    expect(pass.items[0]?.gate).toMatchObject({ metric: "collection_ratio", passed: true });
    expect(pass.items[0]?.gate?.ratio?.toFixed(4)).toBe("0.8000");
    expect(pass.pointsText).toEqual({ collected_revenue: "48.00", shipments: "40.00" });

    const fail = scoreEmployee(
      gated,
      { collected_revenue: "7999.99", booked_revenue: "10000", shipments: "10" },
      targets,
    );
    expect(fail.items[0]?.counted).toBe(false);
    expect(fail.items[0]?.achievementText).toBe("0.8000"); // achievement is still reported …
    expect(fail.pointsText).toEqual({ collected_revenue: "0.00", shipments: "40.00" }); // … but earns nothing
    expect(fail.items[0]?.pointsLost.toFixed(2)).toBe("60.00");
    expect(fail.weakest?.metric).toBe("collected_revenue");
  });

  it("collection_ratio with nothing booked passes unless the collections are negative", () => {
    expect(evaluateGate(gate, { collected_revenue: "500", booked_revenue: "0" })).toMatchObject({
      passed: true,
      ratio: null,
    });
    expect(evaluateGate(gate, { collected_revenue: "0", booked_revenue: "0" })).toMatchObject({
      passed: true,
      ratio: null,
    });
    expect(evaluateGate(gate, { collected_revenue: "-200", booked_revenue: "0" })).toMatchObject({
      passed: false,
      ratio: null,
    });
  });

  it("a gate whose inputs are missing fails", () => {
    expect(evaluateGate(gate, { collected_revenue: "500" }).passed).toBe(false);
  });

  it("profit_margin: gross_profit / booked_revenue ≥ min", () => {
    const g: Gate = { metric: "profit_margin", min: d("0.15") };
    expect(evaluateGate(g, { gross_profit: "1500", booked_revenue: "10000" }).passed).toBe(true);
    expect(evaluateGate(g, { gross_profit: "1499.99", booked_revenue: "10000" }).passed).toBe(false);
    expect(evaluateGate(g, { gross_profit: "-10", booked_revenue: "0" }).passed).toBe(false);
  });
});

describe("team bonus", () => {
  const tiers = [
    { minCompletion: d("1.0"), points: d("5") },
    { minCompletion: d("1.2"), points: d("10") },
  ];
  const goal: TeamGoal = { metric: "shipments", target: d("20"), tiers };

  it("team actual = Σ over the members; completion = actual / target", () => {
    const r = evaluateTeamGoal(goal, ["8", "9", "4"]);
    expect([r.actualText, r.targetText, r.completionText, r.bonusText]).toEqual(["21", "20", "1.0500", "5.00"]);
  });

  it("the tier is the one with the largest minCompletion ≤ the exact completion", () => {
    const bonus = (actual: string) => evaluateTeamGoal(goal, [actual]).bonusText;
    expect(bonus("19")).toBe("0.00"); // 0.95
    expect(bonus("20")).toBe("5.00"); // 1.00 exactly
    expect(bonus("23")).toBe("5.00"); // 1.15
    expect(bonus("24")).toBe("10.00"); // 1.20 exactly
    expect(bonus("40")).toBe("10.00"); // 2.00: the highest tier reached, tiers do not add up
  });

  it("compares the exact completion, not the shown one", () => {
    const money: TeamGoal = { metric: "collected_revenue", target: d("20000"), tiers };
    const r = evaluateTeamGoal(money, ["23999"]); // 1.19995 shows as 1.2000 but is below 1.2
    expect(r.completionText).toBe("1.2000");
    expect(r.bonusText).toBe("5.00");
    expect([r.actualText, r.targetText]).toEqual(["23999.00", "20000.00"]);
  });

  it("tier order in the input does not matter", () => {
    expect(selectBonusTier([...tiers].reverse(), q("1.3"))?.points.toString()).toBe("10");
    expect(selectBonusTier(tiers, q("0.99"))).toBeNull();
  });

  it("only additive metrics can be team goals", () => {
    expect(() => evaluateTeamGoal({ metric: "repurchase_rate", target: d("0.5"), tiers }, ["0.5"])).toThrow(
      /not additive/,
    );
  });
});

describe("rank", () => {
  it("is competition ranking by total (1, 1, 3)", () => {
    expect(competitionRanks(["90", "95", "90", "80"])).toEqual([2, 1, 2, 4]);
    expect(competitionRanks(["50", "50", "40"])).toEqual([1, 1, 3]);
    expect(competitionRanks([])).toEqual([]);
  });

  it("compares the totals rounded to 2 decimals (what people see)", () => {
    expect(competitionRanks(["90.001", "90.004", "89.999"])).toEqual([1, 1, 1]);
    expect(competitionRanks(["90.005", "90.004"])).toEqual([1, 2]); // 90.01 vs 90.00
    expect(competitionRanks([q("200").div(q("3")), "66.67", "66.66"])).toEqual([1, 1, 3]);
  });
});

describe("a whole team", () => {
  const p = plan([
    ["shipments", "50"],
    ["collected_revenue", "50"],
  ]);
  const targets: Targets = { shipments: "10", collected_revenue: "10000" };
  const member = (id: string, shipments: string, collected: string) => ({
    id,
    plan: p,
    actuals: { shipments, collected_revenue: collected } as Actuals,
    targets,
  });
  const goal: TeamGoal = { metric: "shipments", target: d("20"), tiers: [{ minCompletion: d("1"), points: d("5") }] };

  it("adds the bonus to every member and ranks by total", () => {
    const t = scoreTeam([member("a", "10", "5000"), member("b", "5", "10000"), member("c", "6", "4000")], goal);
    expect(t.goal?.completionText).toBe("1.0500");
    expect(t.members.map((m) => [m.id, m.baseText, m.bonusText, m.totalText, m.rank])).toEqual([
      ["a", "75.00", "5.00", "80.00", 1],
      ["b", "75.00", "5.00", "80.00", 1],
      ["c", "50.00", "5.00", "55.00", 3],
    ]);
  });

  it("without a goal the bonus is 0", () => {
    const t = scoreTeam([member("a", "10", "5000")], null);
    expect(t.goal).toBeNull();
    expect(t.members[0]?.bonusText).toBe("0.00");
    expect(t.members[0]?.totalText).toBe("75.00");
  });

  it("refuses a member without an actual for the goal metric", () => {
    expect(() => scoreTeam([{ id: "x", plan: p, actuals: {}, targets }], goal)).toThrow(
      /no actual for team goal metric shipments/,
    );
  });
});
