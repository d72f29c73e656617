// KPI plans are keyed by `key` and carry their items; a plan counts as updated when its own
// fields or any of its items change. Items are replaced as a whole (they are few).
import type { Sql } from "../db/client.ts";
import type { ScoringPlan } from "../kpi/scoring.ts";
import type { Decimal } from "../kpi/decimal.ts";
import { zeroCounts, type Counts } from "./upsert.ts";

interface StoredItem {
  metric: string;
  weight: string;
  gate_metric: string | null;
  gate_min: string | null;
}

const sameNumber = (a: string | null, b: Decimal | null | undefined) => (a === null ? b == null : b?.equals(a));

export async function upsertPlans(sql: Sql, plans: ScoringPlan[]): Promise<Counts> {
  const counts = zeroCounts();
  for (const plan of plans) {
    const res = await sql.query<{ id: number; created: boolean }>(
      `INSERT INTO kpi_plans AS t (key, name, cap, floor) VALUES ($1, $2, $3, $4)
       ON CONFLICT (key) DO UPDATE SET name = EXCLUDED.name, cap = EXCLUDED.cap, floor = EXCLUDED.floor, updated_at = now()
       WHERE (t.name, t.cap, t.floor) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.cap, EXCLUDED.floor)
       RETURNING id, (xmax = 0) AS created`,
      [plan.key, plan.name ?? plan.key, plan.cap.toString(), plan.floor.toString()],
    );
    const row = res.rows[0];
    const id =
      row?.id ?? (await sql.query<{ id: number }>(`SELECT id FROM kpi_plans WHERE key = $1`, [plan.key])).rows[0]!.id;
    const stored = await sql.query<StoredItem>(
      `SELECT metric::text, weight::text, gate_metric, gate_min::text FROM kpi_plan_items WHERE plan_id = $1 ORDER BY position`,
      [id],
    );
    const itemsSame =
      stored.rows.length === plan.items.length &&
      plan.items.every((item, i) => {
        const s = stored.rows[i]!;
        return (
          s.metric === item.metric &&
          sameNumber(s.weight, item.weight) &&
          s.gate_metric === (item.gate?.metric ?? null) &&
          sameNumber(s.gate_min, item.gate?.min)
        );
      });
    if (!itemsSame) {
      await sql.query(`DELETE FROM kpi_plan_items WHERE plan_id = $1`, [id]);
      await sql.query(
        `INSERT INTO kpi_plan_items (plan_id, position, metric, weight, gate_metric, gate_min)
         SELECT $1, p, m::"Metric", w, g, gm FROM unnest($2::int[], $3::text[], $4::numeric[], $5::text[], $6::numeric[]) AS x(p, m, w, g, gm)`,
        [
          id,
          plan.items.map((_, i) => i),
          plan.items.map((i) => i.metric),
          plan.items.map((i) => i.weight.toString()),
          plan.items.map((i) => i.gate?.metric ?? null),
          plan.items.map((i) => i.gate?.min.toString() ?? null),
        ],
      );
    }
    if (row?.created) counts.created++;
    else if (row || !itemsSame) counts.updated++;
    else counts.unchanged++;
  }
  return counts;
}
