/**
 * Scoring, exactly as docs/KPI-RULES.md → Scoring / Team bonus / Rank / Edge rules at a glance.
 *
 * All values are exact (`Rational`); the `…Text` fields are the shown/stored results, rounded
 * once, half away from zero (points, base, bonus, total: 2 decimals; achievement and completion:
 * 4 decimals; team actual/goal: the metric's own format).
 *
 * Per plan item, with actual a and target t (both exact, a unrounded):
 *   - a is none (null/absent)               → status no_data, achievement 0, 0 points
 *   - t is absent                           → status no_target, achievement 0
 *   - t ≤ 0                                 → status target_not_positive, achievement 0
 *     (higher is better: the rule; lower is better: such targets are rejected on import, and if
 *     one arrives anyway it scores 0 rather than dividing by it)
 *   - raw achievement = a/t (higher) or t/a (lower); lower with a = 0 → perfect: takes the cap
 *     (`rawAchievement` is null then, as t/0 has no value)
 *   - raw < 0                               → status negative, achievement 0 (below any floor ≥ 0)
 *   - raw > cap                             → status capped, achievement = cap
 *   - raw < floor                           → status below_floor, achievement 0
 *   - else                                  → status scored, achievement = raw
 *   - points = weight × achievement (exact); an item whose gate fails counts 0 points.
 * base = Σ exact points (then rounded once for display: printed points need not add up to it).
 *
 * Points lost (what the "weakest metric" is chosen by): max(0, weight − points), i.e. how far the
 * item is from full target achievement (achievement 1). We deliberately do not measure against
 * weight × cap: an item exactly on target has lost nothing, even though it could still earn the
 * over-achievement bonus; otherwise a heavy on-target metric would look "weaker" than a light one
 * at half its target. Items above target lose 0 (no negative loss). The weakest item is the one
 * with the most points lost (> 0); ties go to the earlier plan item.
 */
import { type Decimal, Rational, toRational, toRationalOrNull, type Numeric } from "./decimal.ts";
import { METRIC_DEFINITIONS, formatMetricValue, type MetricKey } from "./metrics.ts";

// ─── Gates ───────────────────────────────────────────────────────────────────────────────────────

/** Gate kinds. Each is a ratio of two additive metrics that must reach `min`. */
export const GATE_TYPES = ["collection_ratio", "profit_margin"] as const;
export type GateType = (typeof GATE_TYPES)[number];

/**
 * An optional condition on a plan item: its points count only when the gate passes.
 * - collection_ratio: collected_revenue / booked_revenue ≥ min (e.g. 0.8: "collected money counts
 *   only if at least 80 % of what was booked was collected");
 * - profit_margin: gross_profit / booked_revenue ≥ min.
 *
 * Both are evaluated without dividing: the gate passes when numerator ≥ min × denominator. With a
 * positive denominator this is exactly "ratio ≥ min". With booked_revenue = 0 (nothing booked in
 * the period) it passes when the numerator ≥ 0: nothing was booked, so nothing could go
 * uncollected, and collecting older invoices is not penalised; a negative numerator (net refunds,
 * or costs without revenue) fails. `ratio` is reported only when the denominator is > 0.
 * A gate whose inputs are missing (not supplied by the caller) fails.
 */
export type Gate =
  | { readonly metric: "collection_ratio"; readonly min: Decimal }
  | { readonly metric: "profit_margin"; readonly min: Decimal };

export interface GateResult {
  readonly metric: GateType;
  readonly min: Decimal;
  /** numerator / denominator, or null when the denominator is ≤ 0 or an input is missing. */
  readonly ratio: Rational | null;
  readonly passed: boolean;
}

function gateOperands(gate: Gate): readonly [MetricKey, MetricKey] {
  switch (gate.metric) {
    case "collection_ratio":
      return ["collected_revenue", "booked_revenue"];
    case "profit_margin":
      return ["gross_profit", "booked_revenue"];
  }
}

export function evaluateGate(gate: Gate, actuals: Actuals): GateResult {
  const [numKey, denKey] = gateOperands(gate);
  const num = toRationalOrNull(actuals[numKey]);
  const den = toRationalOrNull(actuals[denKey]);
  if (num === null || den === null) return { metric: gate.metric, min: gate.min, ratio: null, passed: false };
  const min = toRational(gate.min);
  return {
    metric: gate.metric,
    min: gate.min,
    ratio: den.sign() > 0 ? num.div(den) : null,
    passed: num.gte(min.mul(den)),
  };
}

// ─── Plans and inputs ────────────────────────────────────────────────────────────────────────────

export interface PlanItem {
  readonly metric: MetricKey;
  readonly weight: Decimal;
  readonly gate?: Gate | undefined;
}

/** A validated plan (see plan.ts for parsing the import format into this). */
export interface ScoringPlan {
  readonly key: string;
  readonly name?: string | undefined;
  /** ≥ 1 */
  readonly cap: Decimal;
  /** in [0, 1) */
  readonly floor: Decimal;
  readonly items: readonly PlanItem[];
}

/** Exact actuals; null or absent = "none" (no data). */
export type Actuals = Readonly<Partial<Record<MetricKey, Numeric | null>>>;
/** Targets of the period; null or absent = no target. */
export type Targets = Readonly<Partial<Record<MetricKey, Numeric | null>>>;

// ─── Item and employee scores ────────────────────────────────────────────────────────────────────

export type ItemStatus =
  | "scored"
  | "capped"
  | "below_floor"
  | "negative"
  | "no_data"
  | "no_target"
  | "target_not_positive";

export interface ItemScore {
  readonly metric: MetricKey;
  readonly weight: Decimal;
  readonly actual: Rational | null;
  readonly target: Rational | null;
  /** a/t or t/a before cap and floor; null when there is nothing to divide (see status). */
  readonly rawAchievement: Rational | null;
  /** After cap and floor — what the points use. */
  readonly achievement: Rational;
  readonly achievementText: string;
  readonly status: ItemStatus;
  readonly gate: GateResult | null;
  /** False only when a gate failed. */
  readonly counted: boolean;
  readonly points: Rational;
  readonly pointsText: string;
  /** weight × cap */
  readonly maxPoints: Rational;
  /** max(0, weight − points) */
  readonly pointsLost: Rational;
}

export interface EmployeeScore {
  readonly planKey: string;
  readonly items: readonly ItemScore[];
  /** Σ exact points */
  readonly base: Rational;
  readonly baseText: string;
  /** Points per metric as printed, in plan order. */
  readonly pointsText: Readonly<Partial<Record<MetricKey, string>>>;
  /** The item with the most points lost (> 0), or null when every item is on target. */
  readonly weakest: ItemScore | null;
}

const fmt2 = (r: Rational): string => r.toFixed(2);
const fmt4 = (r: Rational): string => r.toFixed(4);

/** Achievement after the rules above, with its status (before gates). */
export function achievementOf(
  metric: MetricKey,
  actual: Rational | null,
  target: Rational | null,
  cap: Rational,
  floor: Rational,
): { raw: Rational | null; achievement: Rational; status: ItemStatus } {
  const zero = Rational.ZERO;
  if (actual === null) return { raw: null, achievement: zero, status: "no_data" };
  if (target === null) return { raw: null, achievement: zero, status: "no_target" };
  if (target.sign() <= 0) return { raw: null, achievement: zero, status: "target_not_positive" };
  let raw: Rational;
  if (METRIC_DEFINITIONS[metric].direction === "higher") {
    raw = actual.div(target);
  } else {
    if (actual.isZero()) return { raw: null, achievement: cap, status: "capped" };
    raw = target.div(actual);
  }
  if (raw.sign() < 0) return { raw, achievement: zero, status: "negative" };
  if (raw.gt(cap)) return { raw, achievement: cap, status: "capped" };
  if (raw.lt(floor)) return { raw, achievement: zero, status: "below_floor" };
  return { raw, achievement: raw, status: "scored" };
}

export function scoreItem(
  item: PlanItem,
  plan: Pick<ScoringPlan, "cap" | "floor">,
  actuals: Actuals,
  targets: Targets,
): ItemScore {
  const cap = toRational(plan.cap);
  const floor = toRational(plan.floor);
  const weight = toRational(item.weight);
  const actual = toRationalOrNull(actuals[item.metric]);
  const target = toRationalOrNull(targets[item.metric]);
  const { raw, achievement, status } = achievementOf(item.metric, actual, target, cap, floor);
  const gate = item.gate ? evaluateGate(item.gate, actuals) : null;
  const counted = gate === null || gate.passed;
  const points = counted ? weight.mul(achievement) : Rational.ZERO;
  return {
    metric: item.metric,
    weight: item.weight,
    actual,
    target,
    rawAchievement: raw,
    achievement,
    achievementText: fmt4(achievement),
    status,
    gate,
    counted,
    points,
    pointsText: fmt2(points),
    maxPoints: weight.mul(cap),
    pointsLost: Rational.max(Rational.ZERO, weight.sub(points)),
  };
}

export function scoreEmployee(plan: ScoringPlan, actuals: Actuals, targets: Targets): EmployeeScore {
  const items = plan.items.map((item) => scoreItem(item, plan, actuals, targets));
  const base = Rational.sum(items.map((i) => i.points));
  const pointsText: Partial<Record<MetricKey, string>> = {};
  let weakest: ItemScore | null = null;
  for (const i of items) {
    pointsText[i.metric] = i.pointsText;
    if (i.pointsLost.sign() > 0 && (weakest === null || i.pointsLost.gt(weakest.pointsLost))) weakest = i;
  }
  return { planKey: plan.key, items, base, baseText: fmt2(base), pointsText, weakest };
}

// ─── Team goal and bonus ─────────────────────────────────────────────────────────────────────────

export interface BonusTier {
  readonly minCompletion: Decimal;
  readonly points: Decimal;
}

export interface TeamGoal {
  /** An additive metric (validated on import). */
  readonly metric: MetricKey;
  /** > 0 (validated on import). */
  readonly target: Decimal;
  readonly tiers: readonly BonusTier[];
}

export interface TeamGoalResult {
  readonly metric: MetricKey;
  /** Σ of the metric over the members. */
  readonly actual: Rational;
  readonly target: Rational;
  /** actual / target; null when target ≤ 0 (rejected on import; such a goal pays no bonus). */
  readonly completion: Rational | null;
  /** The tier with the largest minCompletion ≤ completion, if any. */
  readonly tier: BonusTier | null;
  readonly bonus: Rational;
  readonly actualText: string;
  readonly targetText: string;
  readonly completionText: string | null;
  readonly bonusText: string;
}

/** The tier with the largest minCompletion ≤ completion (exact comparison), or null. */
export function selectBonusTier(tiers: readonly BonusTier[], completion: Rational): BonusTier | null {
  let best: BonusTier | null = null;
  for (const t of tiers) {
    const min = toRational(t.minCompletion);
    if (min.lte(completion) && (best === null || min.gt(toRational(best.minCompletion)))) best = t;
  }
  return best;
}

/** Team actual = Σ memberValues; completion = actual / target; bonus = the reached tier's points. */
export function evaluateTeamGoal(goal: TeamGoal, memberValues: readonly Numeric[]): TeamGoalResult {
  if (!METRIC_DEFINITIONS[goal.metric].additive) {
    throw new TypeError(`team goal metric ${goal.metric} is not additive`);
  }
  const actual = Rational.sum(memberValues.map(toRational));
  const target = toRational(goal.target);
  const completion = target.sign() > 0 ? actual.div(target) : null;
  const tier = completion === null ? null : selectBonusTier(goal.tiers, completion);
  const bonus = tier === null ? Rational.ZERO : toRational(tier.points);
  return {
    metric: goal.metric,
    actual,
    target,
    completion,
    tier,
    bonus,
    actualText: formatMetricValue(goal.metric, actual) as string,
    targetText: formatMetricValue(goal.metric, target) as string,
    completionText: completion === null ? null : fmt4(completion),
    bonusText: fmt2(bonus),
  };
}

// ─── Rank ────────────────────────────────────────────────────────────────────────────────────────

/**
 * Competition ranks ("1224"): the rank of each total, aligned with the input. Totals are compared
 * as shown — rounded half away from zero to 2 decimals — so equal shown totals share a rank and
 * the next rank skips (1, 1, 3).
 */
export function competitionRanks(totals: readonly Numeric[]): number[] {
  const shown = totals.map((t) => toRational(toRational(t).toFixed(2)));
  const order = shown.map((_, i) => i).sort((a, b) => (shown[b] as Rational).cmp(shown[a] as Rational));
  const ranks = new Array<number>(shown.length);
  order.forEach((idx, pos) => {
    const prev = pos > 0 ? (order[pos - 1] as number) : -1;
    ranks[idx] = prev >= 0 && (shown[prev] as Rational).eq(shown[idx] as Rational) ? (ranks[prev] as number) : pos + 1;
  });
  return ranks;
}

// ─── A whole team ────────────────────────────────────────────────────────────────────────────────

export interface TeamMemberInput<Id = string> {
  readonly id: Id;
  readonly plan: ScoringPlan;
  readonly actuals: Actuals;
  readonly targets: Targets;
}

export interface TeamMemberScore<Id = string> extends EmployeeScore {
  readonly id: Id;
  readonly bonus: Rational;
  readonly bonusText: string;
  /** base + bonus, exact */
  readonly total: Rational;
  readonly totalText: string;
  /** Competition rank within the team by shown total. */
  readonly rank: number;
}

export interface TeamScore<Id = string> {
  /** In input order. */
  readonly members: readonly TeamMemberScore<Id>[];
  readonly goal: TeamGoalResult | null;
}

/**
 * Scores every member (the team's salespeople that have a plan — the caller selects them),
 * evaluates the team goal over the same members, adds the bonus to every member and ranks them.
 * The goal metric must be present (non-null) in every member's actuals.
 */
export function scoreTeam<Id = string>(
  members: readonly TeamMemberInput<Id>[],
  goal: TeamGoal | null | undefined,
): TeamScore<Id> {
  let goalResult: TeamGoalResult | null = null;
  if (goal) {
    const values = members.map((m) => {
      const v = m.actuals[goal.metric];
      if (v === null || v === undefined)
        throw new TypeError(`member ${String(m.id)} has no actual for team goal metric ${goal.metric}`);
      return v;
    });
    goalResult = evaluateTeamGoal(goal, values);
  }
  const bonus = goalResult?.bonus ?? Rational.ZERO;
  const scored = members.map((m) => {
    const s = scoreEmployee(m.plan, m.actuals, m.targets);
    const total = s.base.add(bonus);
    return { ...s, id: m.id, bonus, bonusText: fmt2(bonus), total, totalText: fmt2(total) };
  });
  const ranks = competitionRanks(scored.map((s) => s.total));
  return { members: scored.map((s, i) => ({ ...s, rank: ranks[i] as number })), goal: goalResult };
}
