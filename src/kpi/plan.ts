/**
 * Validation of plans, targets and team goals as they arrive in the scenario / ingest format.
 *
 * Two ways in:
 *   - `safeParsePlan` / `parsePlan` (and the target / team-goal equivalents) return or throw typed
 *     `KpiValidationError`s (code, params, path, English `message`, `messageFor('zh-CN')`);
 *   - the zod schemas (`planInputSchema`, `targetInputSchema`, `teamGoalInputSchema`) for
 *     composing into bigger schemas (ingest batches). Their domain issues are zod `custom` issues
 *     with the English message and `params.kpiCode`; `kpiErrorsFromZod` turns any ZodError back
 *     into KpiValidationErrors (structural zod issues become `schema.invalid`).
 *
 * Plan rules: known metrics only (the message lists them), no duplicate metric, every weight > 0,
 * weights summing to exactly 100 (decimal sum; the message says the sum), cap ≥ 1 (default 1.2),
 * floor in [0, 1) (default 0), optional gate from GATE_TYPES with 0 ≤ min ≤ 10.
 * cap, floor, weights, gate min, minCompletion and bonus points are plain JSON numbers (decimal
 * strings are accepted too); they are converted to exact decimals from their shortest string form.
 *
 * Target rules: the value is a decimal (string, or JSON number) with at most the metric's places
 * (money and decimal-kind metrics 2, rates 4, counts 0 — "40000.00" has 0 places by value);
 * lower-is-better metrics need a target > 0.
 */
import { z } from "zod";
import { Decimal, decimalFromJsonNumber, parseDecimal } from "./decimal.ts";
import { ADDITIVE_METRICS, METRICS, METRIC_DEFINITIONS, isMetricKey, type MetricKey } from "./metrics.ts";
import { isPeriod } from "./period.ts";
import { GATE_TYPES, type BonusTier, type Gate, type GateType, type ScoringPlan, type TeamGoal } from "./scoring.ts";
import { KpiValidationError, type KpiErrorCode, type KpiErrorParams } from "./validation-error.ts";

export const DEFAULT_CAP = new Decimal("1.2");
export const DEFAULT_FLOOR = new Decimal("0");
const HUNDRED = new Decimal(100);
const GATE_MIN_MAX = new Decimal(10);
/**
 * What the engine keeps and the database stores exactly: plan numbers live in numeric(8,4), so
 * they have at most 4 decimals (refused beyond, never rounded — a rounded weight would no longer
 * sum to 100). cap ≤ 10 keeps base ≤ 1,000 points; a bonus tier ≤ 1,000 points; both keep every
 * month-close total far inside its numeric(10,2) column.
 */
export const PLAN_PLACES = 4;
export const MAX_CAP = new Decimal(10);
export const MAX_WEIGHT = HUNDRED;
export const MAX_MIN_COMPLETION = new Decimal(100);
export const MAX_BONUS_POINTS = new Decimal(1000);
export const BONUS_POINTS_PLACES = 2;

type Path = readonly (string | number)[];

/** A JSON number or a decimal string (CSV, hand-written JSON). */
const numberish = z.union([z.number(), z.string()]);

const periodSchema = z.string().refine(isPeriod, { message: "expected a period YYYY-MM" });

// ─── zod ↔ KpiValidationError ────────────────────────────────────────────────────────────────────

interface IssueSink {
  addIssue(issue: {
    code: "custom";
    message: string;
    path: (string | number)[];
    params: Record<string, unknown>;
  }): void;
}

function report(ctx: IssueSink, errors: readonly KpiValidationError[]): void {
  for (const e of errors) {
    ctx.addIssue({
      code: "custom",
      message: e.message,
      path: e.path === "" ? [] : e.path.split(".").map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
      params: { kpiCode: e.code, kpiParams: e.params },
    });
  }
}

/** Every issue of a ZodError as KpiValidationErrors (domain issues keep their code and params). */
export function kpiErrorsFromZod(error: z.ZodError): KpiValidationError[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String);
    if (issue.code === "custom") {
      const params = (issue as { params?: { kpiCode?: unknown; kpiParams?: unknown } }).params;
      if (params && typeof params.kpiCode === "string") {
        return new KpiValidationError(params.kpiCode as KpiErrorCode, (params.kpiParams ?? {}) as KpiErrorParams, path);
      }
    }
    return new KpiValidationError("schema.invalid", { path: path.join(".") || "(root)", detail: issue.message }, path);
  });
}

export type ParseResult<T> = { success: true; data: T } | { success: false; errors: KpiValidationError[] };

function toResult<T>(r: { success: true; data: T } | { success: false; error: z.ZodError }): ParseResult<T> {
  return r.success ? { success: true, data: r.data } : { success: false, errors: kpiErrorsFromZod(r.error) };
}

function orThrow<T>(r: ParseResult<T>): T {
  if (r.success) return r.data;
  throw r.errors[0] as KpiValidationError;
}

function decimalAt(raw: number | string, path: Path, errors: KpiValidationError[]): Decimal | null {
  try {
    return decimalFromJsonNumber(raw);
  } catch (e) {
    if (e instanceof KpiValidationError) {
      errors.push(new KpiValidationError(e.code, e.params, path));
      return null;
    }
    throw e;
  }
}

/** decimalAt, refusing more than `places` decimals or a value above `max`. */
function boundedAt(
  raw: number | string,
  path: Path,
  errors: KpiValidationError[],
  bounds: { places: number; max: Decimal },
): Decimal | null {
  const d = decimalAt(raw, path, errors);
  if (d === null) return null;
  const value = typeof raw === "string" ? raw : d.toFixed();
  if (d.decimalPlaces() > bounds.places) {
    errors.push(new KpiValidationError("decimal.too_many_places", { value, max: bounds.places }, path));
    return null;
  }
  if (d.greaterThan(bounds.max)) {
    errors.push(new KpiValidationError("decimal.too_large", { value, max: bounds.max.toString() }, path));
    return null;
  }
  return d;
}

const validMetricList = (): string => METRICS.join(", ");

// ─── Plans ───────────────────────────────────────────────────────────────────────────────────────

// Strict, like every other ingested entity: an unknown (misspelt) field is refused, not ignored.
const rawGateSchema = z.strictObject({ metric: z.string().max(64), min: numberish });
const rawItemSchema = z.strictObject({ metric: z.string().max(64), weight: numberish, gate: rawGateSchema.nullish() });
const rawPlanSchema = z.strictObject({
  key: z.string().trim().min(1).max(64),
  name: z.string().trim().min(1).max(200),
  cap: numberish.nullish(),
  floor: numberish.nullish(),
  items: z.array(rawItemSchema).max(50),
});
export type PlanInput = z.input<typeof rawPlanSchema>;
type RawPlan = z.output<typeof rawPlanSchema>;

/** The semantic checks; returns the plan when there are no errors. */
function buildPlan(raw: RawPlan): { plan: ScoringPlan | null; errors: KpiValidationError[] } {
  const errors: KpiValidationError[] = [];
  const cap =
    raw.cap === null || raw.cap === undefined
      ? DEFAULT_CAP
      : boundedAt(raw.cap, ["cap"], errors, { places: PLAN_PLACES, max: MAX_CAP });
  if (cap?.lessThan(1)) errors.push(new KpiValidationError("plan.cap_below_one", { cap: cap.toString() }, ["cap"]));
  const floor =
    raw.floor === null || raw.floor === undefined
      ? DEFAULT_FLOOR
      : boundedAt(raw.floor, ["floor"], errors, { places: PLAN_PLACES, max: HUNDRED });
  if (floor !== null && ((floor.isNegative() && !floor.isZero()) || floor.greaterThanOrEqualTo(1))) {
    errors.push(new KpiValidationError("plan.floor_out_of_range", { floor: floor.toString() }, ["floor"]));
  }
  if (raw.items.length === 0) errors.push(new KpiValidationError("plan.no_items", {}, ["items"]));

  const seen = new Set<string>();
  const items: { metric: MetricKey; weight: Decimal; gate?: Gate }[] = [];
  let sum = new Decimal(0);
  let allWeightsParsed = true;
  raw.items.forEach((it, i) => {
    let metricOk = true;
    if (!isMetricKey(it.metric)) {
      metricOk = false;
      errors.push(
        new KpiValidationError("metric.unknown", { metric: it.metric, valid: validMetricList() }, [
          "items",
          i,
          "metric",
        ]),
      );
    } else if (seen.has(it.metric)) {
      errors.push(new KpiValidationError("plan.duplicate_metric", { metric: it.metric }, ["items", i, "metric"]));
    }
    seen.add(it.metric);
    const weight = boundedAt(it.weight, ["items", i, "weight"], errors, { places: PLAN_PLACES, max: MAX_WEIGHT });
    if (weight === null) {
      allWeightsParsed = false;
    } else {
      sum = sum.plus(weight);
      if (weight.lessThanOrEqualTo(0)) {
        errors.push(
          new KpiValidationError("plan.weight_not_positive", { metric: it.metric, weight: weight.toString() }, [
            "items",
            i,
            "weight",
          ]),
        );
      }
    }
    let gate: Gate | undefined;
    if (it.gate) {
      const type = it.gate.metric;
      const min = boundedAt(it.gate.min, ["items", i, "gate", "min"], errors, { places: PLAN_PLACES, max: HUNDRED });
      if (!(GATE_TYPES as readonly string[]).includes(type)) {
        errors.push(
          new KpiValidationError("plan.gate_unknown", { gate: type, valid: GATE_TYPES.join(", ") }, [
            "items",
            i,
            "gate",
            "metric",
          ]),
        );
      } else if (min !== null) {
        if (min.isNegative() || min.greaterThan(GATE_MIN_MAX)) {
          errors.push(
            new KpiValidationError("plan.gate_min_invalid", { min: min.toString() }, ["items", i, "gate", "min"]),
          );
        } else {
          gate = { metric: type as GateType, min } as Gate;
        }
      }
    }
    if (metricOk && weight !== null)
      items.push(gate ? { metric: it.metric as MetricKey, weight, gate } : { metric: it.metric as MetricKey, weight });
  });
  if (allWeightsParsed && raw.items.length > 0 && !sum.equals(HUNDRED)) {
    errors.push(new KpiValidationError("plan.weights_sum", { sum: sum.toString() }, ["items"]));
  }
  if (errors.length > 0 || cap === null || floor === null) return { plan: null, errors };
  return { plan: { key: raw.key, name: raw.name, cap, floor, items }, errors };
}

/** zod schema: plan in the import format → ScoringPlan. */
export const planInputSchema = rawPlanSchema.transform((raw, ctx): ScoringPlan => {
  const { plan, errors } = buildPlan(raw);
  if (plan === null) {
    report(ctx, errors);
    return z.NEVER;
  }
  return plan;
});

export function safeParsePlan(input: unknown): ParseResult<ScoringPlan> {
  return toResult(planInputSchema.safeParse(input));
}

/** Throws the first KpiValidationError (use safeParsePlan to get all of them). */
export function parsePlan(input: unknown): ScoringPlan {
  return orThrow(safeParsePlan(input));
}

// ─── Targets ─────────────────────────────────────────────────────────────────────────────────────

/** Validates one target value for a metric; returns the exact value or the errors. */
export function checkTargetValue(metric: string, value: string | number | Decimal): ParseResult<Decimal> {
  if (!isMetricKey(metric)) {
    return {
      success: false,
      errors: [new KpiValidationError("metric.unknown", { metric, valid: validMetricList() }, ["metric"])],
    };
  }
  const def = METRIC_DEFINITIONS[metric];
  let d: Decimal;
  try {
    d = Decimal.isDecimal(value)
      ? new Decimal(value.toFixed())
      : typeof value === "number"
        ? decimalFromJsonNumber(value)
        : parseDecimal(value);
  } catch (e) {
    if (e instanceof KpiValidationError)
      return { success: false, errors: [new KpiValidationError(e.code, e.params, ["value"])] };
    throw e;
  }
  const shown = typeof value === "string" ? value : d.toFixed();
  const errors: KpiValidationError[] = [];
  if (d.decimalPlaces() > def.targetMaxPlaces) {
    errors.push(
      new KpiValidationError("target.too_many_places", { metric, value: shown, max: def.targetMaxPlaces }, ["value"]),
    );
  }
  if (def.direction === "lower" && d.lessThanOrEqualTo(0)) {
    errors.push(new KpiValidationError("target.not_positive", { metric, value: shown }, ["value"]));
  }
  return errors.length > 0 ? { success: false, errors } : { success: true, data: d };
}

/** Throws the first KpiValidationError. */
export function parseTargetValue(metric: string, value: string | number | Decimal): Decimal {
  return orThrow(checkTargetValue(metric, value));
}

export interface TargetRow {
  readonly employeeExternalId: string;
  readonly period: string;
  readonly metric: MetricKey;
  readonly value: Decimal;
}

/** zod schema: a target row of the import format → TargetRow. */
export const targetInputSchema = z
  .object({ employeeExternalId: z.string().trim().min(1), period: periodSchema, metric: z.string(), value: numberish })
  .transform((raw, ctx): TargetRow => {
    const r = checkTargetValue(raw.metric, raw.value);
    if (!r.success) {
      report(ctx, r.errors);
      return z.NEVER;
    }
    return {
      employeeExternalId: raw.employeeExternalId,
      period: raw.period,
      metric: raw.metric as MetricKey,
      value: r.data,
    };
  });

export function safeParseTarget(input: unknown): ParseResult<TargetRow> {
  return toResult(targetInputSchema.safeParse(input));
}

// ─── Team goals ──────────────────────────────────────────────────────────────────────────────────

export interface TeamGoalRow extends TeamGoal {
  readonly teamExternalId: string;
  readonly period: string;
}

const rawTeamGoalSchema = z.object({
  teamExternalId: z.string().trim().min(1),
  period: periodSchema,
  metric: z.string(),
  value: numberish,
  bonusTiers: z.array(z.object({ minCompletion: numberish, points: numberish })),
});

/** zod schema: a team goal row → TeamGoalRow (additive metric, value > 0, sane tiers). */
export const teamGoalInputSchema = rawTeamGoalSchema.transform((raw, ctx): TeamGoalRow => {
  const errors: KpiValidationError[] = [];
  let target: Decimal | null = null;
  if (!isMetricKey(raw.metric)) {
    errors.push(new KpiValidationError("metric.unknown", { metric: raw.metric, valid: validMetricList() }, ["metric"]));
  } else if (!METRIC_DEFINITIONS[raw.metric].additive) {
    errors.push(
      new KpiValidationError("team_goal.not_additive", { metric: raw.metric, valid: ADDITIVE_METRICS.join(", ") }, [
        "metric",
      ]),
    );
  } else {
    const r = checkTargetValue(raw.metric, raw.value);
    if (!r.success) errors.push(...r.errors);
    else if (r.data.lessThanOrEqualTo(0))
      errors.push(new KpiValidationError("team_goal.not_positive", { value: String(raw.value) }, ["value"]));
    else target = r.data;
  }
  const tiers: BonusTier[] = [];
  const mins = new Set<string>();
  raw.bonusTiers.forEach((t, i) => {
    const minCompletion = boundedAt(t.minCompletion, ["bonusTiers", i, "minCompletion"], errors, {
      places: PLAN_PLACES,
      max: MAX_MIN_COMPLETION,
    });
    const points = boundedAt(t.points, ["bonusTiers", i, "points"], errors, {
      places: BONUS_POINTS_PLACES,
      max: MAX_BONUS_POINTS,
    });
    if (minCompletion === null || points === null) return;
    if (minCompletion.isNegative() || points.isNegative()) {
      errors.push(
        new KpiValidationError(
          "team_goal.tier_invalid",
          { index: i, minCompletion: minCompletion.toString(), points: points.toString() },
          ["bonusTiers", i],
        ),
      );
      return;
    }
    const k = minCompletion.toString();
    if (mins.has(k))
      errors.push(
        new KpiValidationError("team_goal.tier_duplicate", { minCompletion: k }, ["bonusTiers", i, "minCompletion"]),
      );
    mins.add(k);
    tiers.push({ minCompletion, points });
  });
  if (errors.length > 0 || target === null) {
    report(ctx, errors);
    return z.NEVER;
  }
  return { teamExternalId: raw.teamExternalId, period: raw.period, metric: raw.metric as MetricKey, target, tiers };
});

export function safeParseTeamGoal(input: unknown): ParseResult<TeamGoalRow> {
  return toResult(teamGoalInputSchema.safeParse(input));
}

export function parseTeamGoal(input: unknown): TeamGoalRow {
  return orThrow(safeParseTeamGoal(input));
}
