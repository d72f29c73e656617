// KPI plans are keyed by `key` and carry their items; a plan counts as updated when its own
// fields or any of its items change. Items are replaced as a whole (they are few).
import type { Sql } from "../db/client.ts";
import type { ScoringPlan } from "../kpi/scoring.ts";
import type { Decimal } from "../kpi/decimal.ts";
import { replacePlanItems, storedPlanItems, upsertPlanRow } from "../store/ingest-upsert.ts";
import { zeroCounts, type Counts } from "./upsert.ts";

const sameNumber = (a: string | null, b: Decimal | null | undefined) => (a === null ? b == null : b?.equals(a));

export async function upsertPlans(sql: Sql, plans: ScoringPlan[]): Promise<Counts> {
  const counts = zeroCounts();
  for (const plan of plans) {
    const row = await upsertPlanRow(sql, plan);
    const stored = await storedPlanItems(sql, row.id);
    const itemsSame =
      stored.length === plan.items.length &&
      plan.items.every((item, i) => {
        const s = stored[i]!;
        return (
          s.metric === item.metric &&
          sameNumber(s.weight, item.weight) &&
          s.gate_metric === (item.gate?.metric ?? null) &&
          sameNumber(s.gate_min, item.gate?.min)
        );
      });
    if (!itemsSame) await replacePlanItems(sql, row.id, plan.items);
    if (row.created) counts.created++;
    else if (row.changed || !itemsSame) counts.updated++;
    else counts.unchanged++;
  }
  return counts;
}
