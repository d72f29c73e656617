// From the aggregates the store computes (sums, counts, numerators and denominators) to the 12
// exact metric actuals. Division happens here, exactly, so nothing is rounded before display.
import { Rational, toRational } from "./decimal.ts";
import type { MetricKey } from "./metrics.ts";

/** What the store aggregates per salesperson and window (see store/metric-sql.ts). */
export interface MetricIngredients {
  booked_revenue: string;
  collected_revenue: string;
  shipments: number;
  gross_profit: string;
  new_customers: number;
  repurchase_num: number;
  repurchase_den: number;
  retention_num: number;
  retention_den: number;
  conversion_num: number;
  conversion_den: number;
  collection_days_sum: number;
  collection_days_n: number;
  rating_sum: number;
  rating_n: number;
  overdue_receivables: string;
}

export type ExactActuals = Record<MetricKey, Rational | null>;

const ratio = (num: Rational | number, den: number): Rational | null =>
  den === 0 ? null : (typeof num === "number" ? Rational.fromInt(num) : num).div(Rational.fromInt(den));

export function actualsFrom(i: MetricIngredients): ExactActuals {
  const grossProfit = toRational(i.gross_profit);
  return {
    booked_revenue: toRational(i.booked_revenue),
    collected_revenue: toRational(i.collected_revenue),
    shipments: Rational.fromInt(i.shipments),
    gross_profit: grossProfit,
    profit_per_shipment: ratio(grossProfit, i.shipments),
    new_customers: Rational.fromInt(i.new_customers),
    repurchase_rate: ratio(i.repurchase_num, i.repurchase_den),
    retention_rate: ratio(i.retention_num, i.retention_den),
    conversion_rate: ratio(i.conversion_num, i.conversion_den),
    collection_days: ratio(i.collection_days_sum, i.collection_days_n),
    collaboration_score: ratio(i.rating_sum, i.rating_n),
    overdue_receivables: toRational(i.overdue_receivables),
  };
}
