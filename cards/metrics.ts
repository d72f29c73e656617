// How each KPI metric reads wherever people see it (cards, the month-end workbook and its charts):
// its name in both languages and the unit its figures are written in. This is presentation, so it
// lives with the cards, which may not run src/ code; the KPI core's catalog (src/kpi/metrics.ts)
// keeps what the rules compute with (direction, precision, nullability, pacing). The table is keyed
// by the core's MetricKey, so the compiler asks for every metric the core defines.
import type { MetricKey } from "../src/kpi/metrics.ts";
import { text, type Text } from "./model.ts";

/**
 * The core's kind decides a metric's stored precision; what people read differs for its three
 * "decimal" metrics: profit per shipment is money, collection days are days, and the collaboration
 * score is a mean out of 5.
 */
export type MetricUnit = "money" | "count" | "rate" | "days" | "score";

export interface MetricPresentation {
  label: Text;
  unit: MetricUnit;
}

export const METRIC_PRESENTATION: Readonly<Record<MetricKey, MetricPresentation>> = {
  booked_revenue: { label: text("订单金额", "Booked revenue"), unit: "money" },
  collected_revenue: { label: text("回款", "Collected revenue"), unit: "money" },
  shipments: { label: text("票数", "Shipments"), unit: "count" },
  gross_profit: { label: text("毛利", "Gross profit"), unit: "money" },
  profit_per_shipment: { label: text("单票毛利", "Profit per shipment"), unit: "money" },
  new_customers: { label: text("新客户数", "New customers"), unit: "count" },
  repurchase_rate: { label: text("复购率", "Repurchase rate"), unit: "rate" },
  retention_rate: { label: text("客户留存率", "Retention rate"), unit: "rate" },
  conversion_rate: { label: text("线索转化率", "Lead conversion rate"), unit: "rate" },
  collection_days: { label: text("回款天数", "Collection days"), unit: "days" },
  collaboration_score: { label: text("协作评分", "Collaboration score"), unit: "score" },
  overdue_receivables: { label: text("逾期应收", "Overdue receivables"), unit: "money" },
};

export function metricLabelText(key: MetricKey): Text {
  return METRIC_PRESENTATION[key].label;
}

export function metricUnit(key: MetricKey): MetricUnit {
  return METRIC_PRESENTATION[key].unit;
}
