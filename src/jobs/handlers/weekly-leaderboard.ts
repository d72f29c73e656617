// Selects the weekly leaderboard's recipients: for each team (whose weekly time is this slot) with
// scored members, its active manager, and its channel when one is configured.
import { z } from "zod";
import type { DeliverySpec, JobHandler } from "../../../jobs/define.ts";
import type { WeeklyLeaderboardPayload } from "../../../jobs/weekly-leaderboard.ts";
import { loadJobSettings, teamTime } from "../../worker/job-settings.ts";

const row = z.object({ id: z.number(), externalId: z.string(), managerId: z.number().nullable() });

export const handler: JobHandler<WeeklyLeaderboardPayload> = {
  async run(ctx, payload) {
    const settings = await loadJobSettings(ctx.pool);
    const res = await ctx.pool.query(
      `SELECT t.id, t.external_id AS "externalId", m.id AS "managerId"
       FROM teams t LEFT JOIN employees m ON m.id = t.manager_id AND m.status = 'active'
       WHERE EXISTS (SELECT 1 FROM employees e WHERE e.team_id = t.id AND e.role = 'sales' AND e.status = 'active' AND e.plan_id IS NOT NULL)
       ORDER BY t.external_id COLLATE "C"`,
    );
    const teams = res.rows
      .map((r) => row.parse(r))
      .filter((t) => payload.slot === "all" || teamTime(settings.weekly, t.externalId) === payload.slot);
    const deliveries: DeliverySpec[] = [];
    for (const team of teams) {
      if (team.managerId !== null)
        deliveries.push({
          key: `weekly-leaderboard:e${team.managerId}.t${team.id}:${payload.week}`,
          kind: "weekly-leaderboard",
          recipient: `e${team.managerId}.t${team.id}`,
          to: { type: "person", employeeId: team.managerId, audience: "active" },
          content: {
            type: "leaderboard",
            teamId: team.id,
            asOf: payload.asOf,
            audience: "manager",
            privacy: "top_n",
            topN: settings.topN,
          },
        });
      const channel = settings.channels[team.externalId];
      if (channel && ctx.platforms.includes(channel.platform))
        deliveries.push({
          key: `weekly-channel:t${team.id}:${payload.week}`,
          kind: "weekly-channel",
          recipient: `t${team.id}`,
          to: { type: "channel", platform: channel.platform, channel: channel.channel },
          content: {
            type: "leaderboard",
            teamId: team.id,
            asOf: payload.asOf,
            audience: "channel",
            privacy: channel.privacy,
            topN: channel.topN ?? settings.topN,
          },
        });
    }
    return {
      deliveries,
      result: { week: payload.week, slot: payload.slot, teams: teams.length, recipients: deliveries.length },
    };
  },
};
