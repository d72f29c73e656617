// Selects the daily recipients: active salespeople with a KPI plan who have not muted the daily
// message, in the teams whose daily time is this run's slot.
import { z } from "zod";
import type { DeliverySpec, JobHandler } from "../../../jobs/define.ts";
import type { DailyProgressPayload } from "../../../jobs/daily-progress.ts";
import { loadJobSettings, teamTime } from "../../worker/job-settings.ts";

const row = z.object({ id: z.number(), team: z.string().nullable() });

export const handler: JobHandler<DailyProgressPayload> = {
  async run(ctx, payload) {
    const settings = await loadJobSettings(ctx.pool);
    const res = await ctx.pool.query(
      `SELECT e.id, t.external_id AS team FROM employees e LEFT JOIN teams t ON t.id = e.team_id
       WHERE e.role = 'sales' AND e.status = 'active' AND e.plan_id IS NOT NULL AND NOT e.daily_muted
       ORDER BY e.external_id COLLATE "C"`,
    );
    const people = res.rows
      .map((r) => row.parse(r))
      .filter((p) => payload.slot === "all" || teamTime(settings.daily, p.team) === payload.slot);
    const deliveries: DeliverySpec[] = people.map((p) => ({
      key: `daily-progress:e${p.id}:${payload.date}`,
      kind: "daily-progress",
      recipient: `e${p.id}`,
      to: { type: "person", employeeId: p.id, audience: "daily" },
      content: { type: "progress", asOf: payload.asOf },
    }));
    return { deliveries, result: { date: payload.date, slot: payload.slot, recipients: deliveries.length } };
  },
};
