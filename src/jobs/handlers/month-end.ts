// The month's final messages: close the month if the 02:00 close did not happen, then each active
// salesperson of the snapshot gets their final card and each team's active manager the team report.
// When data changed after the close, nothing goes out: the cards would disagree with the snapshot
// people are paid on, so the admins are asked to re-close and run it again.
import { z } from "zod";
import type { DeliverySpec, JobHandler } from "../../../jobs/define.ts";
import type { MonthEndPayload } from "../../../jobs/month-end.ts";
import { closeMonth } from "../../services/month-close.ts";

const person = z.object({ id: z.number() });
const team = z.object({ teamId: z.number(), managerId: z.number() });

export const handler: JobHandler<MonthEndPayload> = {
  async run(ctx, payload) {
    const { period } = payload;
    const close = await closeMonth(ctx.pool, period, { actor: "jobs:month-end" });
    if (close.stale)
      return {
        result: { period, version: close.version, held: "data changed after the close" },
        notes: [
          `${period}: data changed after the month was closed (version ${close.version}), so no final cards were sent. ` +
            `Re-close it (pacer close-month ${period} --reclose --reason "…"), then send them with: pacer jobs run month-end --period ${period}`,
        ],
      };
    const people = await ctx.pool.query(
      `SELECT e.id FROM month_close_entries x JOIN month_closes c ON c.id = x.close_id JOIN employees e ON e.id = x.employee_id
       WHERE c.period = $1 AND c.version = $2 AND e.status = 'active' ORDER BY e.external_id COLLATE "C"`,
      [period, close.version],
    );
    const teams = await ctx.pool.query(
      `SELECT DISTINCT x.team_id AS "teamId", m.id AS "managerId"
       FROM month_close_entries x JOIN month_closes c ON c.id = x.close_id
       JOIN teams t ON t.id = x.team_id JOIN employees m ON m.id = t.manager_id AND m.status = 'active'
       WHERE c.period = $1 AND c.version = $2 ORDER BY 1`,
      [period, close.version],
    );
    const deliveries: DeliverySpec[] = [];
    for (const p of people.rows.map((r) => person.parse(r)))
      deliveries.push({
        key: `month-end-card:e${p.id}:${period}`,
        kind: "month-end-card",
        recipient: `e${p.id}`,
        to: { type: "person", employeeId: p.id, audience: "active" },
        content: { type: "final", period, version: close.version },
      });
    for (const t of teams.rows.map((r) => team.parse(r)))
      deliveries.push({
        key: `month-end-report:e${t.managerId}.t${t.teamId}:${period}`,
        kind: "month-end-report",
        recipient: `e${t.managerId}.t${t.teamId}`,
        to: { type: "person", employeeId: t.managerId, audience: "active" },
        content: { type: "team-report", teamId: t.teamId, period, version: close.version },
      });
    return {
      deliveries,
      result: { period, version: close.version, closed: close.status, recipients: deliveries.length },
    };
  },
};
