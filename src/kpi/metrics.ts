/**
 * The 12 KPI metrics (docs/KPI-RULES.md "The twelve metrics") and their static properties. Pure data: how a
 * metric is *computed* lives in the SQL layer; how it is scored, formatted, validated and paced is
 * driven by the definitions here.
 */
import { formatFixed, type Numeric } from "./decimal.ts";

/** All metric keys, in the order results are printed (the fixtures' order). */
export const METRICS = [
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
] as const;

export type MetricKey = (typeof METRICS)[number];

/** higher: achievement = actual / target; lower: achievement = target / actual. */
export type Direction = "higher" | "lower";

/**
 * Formatting kind: money → 2 decimals; count → integer; rate → 4 decimals;
 * decimal (profit_per_shipment, collection_days, collaboration_score) → 2 decimals.
 */
export type MetricKind = "money" | "count" | "rate" | "decimal";

/**
 * How the metric evolves inside a period, which decides what "pace" means for it:
 * - cumulative: a sum or count that only grows with the days of the period (can be projected
 *   linearly and has a per-day requirement);
 * - average: a ratio or mean (not projected, no per-day requirement);
 * - balance: a stock measured at a moment (overdue receivables: not projected; the per-day
 *   requirement is how much of it to clear per remaining working day).
 */
export type Accumulation = "cumulative" | "average" | "balance";

export interface MetricDefinition {
  readonly key: MetricKey;
  readonly direction: Direction;
  readonly kind: MetricKind;
  /** Decimal places of the printed value (money/decimal 2, rate 4, count 0). */
  readonly decimals: number;
  /** Maximum decimal places a target may have (money/decimal 2, rate 4, count 0). */
  readonly targetMaxPlaces: number;
  /** Whether the metric can be "none" (no data) — only six can. */
  readonly nullable: boolean;
  /** Whether the metric sums over people, i.e. may be used by a team goal. */
  readonly additive: boolean;
  readonly accumulation: Accumulation;
  // How a metric is named and written for people (its label, its unit) is presentation, kept with
  // the cards: cards/metrics.ts.
}

const KIND_DECIMALS: Readonly<Record<MetricKind, number>> = { money: 2, count: 0, rate: 4, decimal: 2 };

function def(
  key: MetricKey,
  direction: Direction,
  kind: MetricKind,
  nullable: boolean,
  additive: boolean,
  accumulation: Accumulation,
): MetricDefinition {
  const decimals = KIND_DECIMALS[kind];
  return Object.freeze({
    key,
    direction,
    kind,
    decimals,
    targetMaxPlaces: decimals,
    nullable,
    additive,
    accumulation,
  });
}

export const METRIC_DEFINITIONS: Readonly<Record<MetricKey, MetricDefinition>> = Object.freeze({
  booked_revenue: def("booked_revenue", "higher", "money", false, true, "cumulative"),
  collected_revenue: def("collected_revenue", "higher", "money", false, true, "cumulative"),
  shipments: def("shipments", "higher", "count", false, true, "cumulative"),
  gross_profit: def("gross_profit", "higher", "money", false, true, "cumulative"),
  profit_per_shipment: def("profit_per_shipment", "higher", "decimal", true, false, "average"),
  new_customers: def("new_customers", "higher", "count", false, true, "cumulative"),
  repurchase_rate: def("repurchase_rate", "higher", "rate", true, false, "average"),
  retention_rate: def("retention_rate", "higher", "rate", true, false, "average"),
  conversion_rate: def("conversion_rate", "higher", "rate", true, false, "average"),
  collection_days: def("collection_days", "lower", "decimal", true, false, "average"),
  collaboration_score: def("collaboration_score", "higher", "decimal", true, false, "average"),
  overdue_receivables: def("overdue_receivables", "lower", "money", false, false, "balance"),
});

/** Metrics a team goal may use (they sum over the team's members). */
export const ADDITIVE_METRICS: readonly MetricKey[] = METRICS.filter((m) => METRIC_DEFINITIONS[m].additive);
/** Metrics that may be "none" (null). */
export const NULLABLE_METRICS: readonly MetricKey[] = METRICS.filter((m) => METRIC_DEFINITIONS[m].nullable);

const METRIC_SET: ReadonlySet<string> = new Set(METRICS);

export function isMetricKey(x: unknown): x is MetricKey {
  return typeof x === "string" && METRIC_SET.has(x);
}

export function metricDefinition(key: MetricKey): MetricDefinition {
  return METRIC_DEFINITIONS[key];
}

/**
 * A metric value as the results print it: a decimal string with the metric's places, rounded once
 * half away from zero (counts as integer strings); null stays null ("none").
 */
export function formatMetricValue(key: MetricKey, value: Numeric | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return formatFixed(value, METRIC_DEFINITIONS[key].decimals);
}

/**
 * All 12 metrics formatted, in METRICS order. A missing or null value is only allowed for the
 * nullable metrics (it prints as null); for the others it is a bug upstream and throws.
 */
export function formatMetricRecord(
  values: Readonly<Partial<Record<MetricKey, Numeric | null>>>,
): Record<MetricKey, string | null> {
  const out = {} as Record<MetricKey, string | null>;
  for (const m of METRICS) {
    const v = values[m];
    if ((v === null || v === undefined) && !METRIC_DEFINITIONS[m].nullable) {
      throw new TypeError(`metric ${m} cannot be none (got ${String(v)})`);
    }
    out[m] = formatMetricValue(m, v);
  }
  return out;
}
