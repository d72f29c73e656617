// Weekly leaderboard: on the first working day of the week (Monday; the next working day when
// Monday is a holiday) at the team's time, each team's manager gets the full leaderboard by DM, and
// a team channel configured in `leaderboard.channels` gets the privacy view (top N, never the
// bottom rank — or only the team goal).
import { z } from "zod";
import { goalOnlyCard } from "../cards/builders/job-messages.ts";
import { leaderboardCard } from "../cards/builders/leaderboard.ts";
import { PLATFORMS } from "../src/platform.ts";
import { leaderboardFor } from "../src/services/leaderboard.ts";
import { scoredTeams } from "../src/store/jobs.ts";
import { perTeamTimes, teamTime, timeOfDay } from "../src/worker/settings-spec.ts";
import { type DeliverySpec, defineJob, defineMessage } from "./define.ts";
import { planWeekly, weeklyPayload } from "./weekly.ts";

/** The time (first working day of the week), and per-team times. */
const weeklySchedule = z.object({ time: timeOfDay.default("09:00"), teams: perTeamTimes.default({}) }).strict();
/** Rows a channel leaderboard shows (never the bottom rank). */
const topN = z.number().int().min(1).max(50);
/**
 * Team channels that get the weekly leaderboard, by team externalId. Privacy "top_n" (default):
 * the top N names and scores, never the bottom rank; "goal_only": the team goal and bonus tier,
 * no names at all. Each rep can still ask for their own rank.
 */
const channels = z.record(
  z.string().min(1),
  z
    .object({
      platform: z.enum(PLATFORMS),
      channel: z.string().min(1),
      privacy: z.enum(["top_n", "goal_only"]).default("top_n"),
      topN: z.number().int().min(1).max(50).optional(),
    })
    .strict(),
);

/** A team leaderboard: the manager's full view, or a channel's privacy view. */
const leaderboardMessage = defineMessage(
  z.object({
    type: z.literal("leaderboard"),
    teamId: z.number().int(),
    asOf: z.string().datetime({ offset: true }),
    audience: z.enum(["manager", "channel"]),
    privacy: z.enum(["top_n", "goal_only"]).default("top_n"),
    topN: z.number().int().min(1).max(50).default(5),
  }),
  async ({ pool, org, contact }, content) => {
    const board = await leaderboardFor(pool, content.teamId, new Date(content.asOf));
    if (content.audience === "manager")
      return {
        card: leaderboardCard(board, {
          audience: "manager",
          ...(contact ? { askerExternalId: contact.externalId } : {}),
          currency: org.currency,
        }),
      };
    const card = leaderboardCard(board, { audience: "channel", topN: content.topN, currency: org.currency });
    return { card: content.privacy === "goal_only" ? goalOnlyCard(card) : card };
  },
);

export const weeklyLeaderboardJob = defineJob({
  id: "weekly-leaderboard",
  name: "Weekly leaderboard",
  payload: weeklyPayload,
  settings: {
    "schedule.weekly": { schema: weeklySchedule, unset: {} },
    "leaderboard.topN": { schema: topN, unset: 5 },
    "leaderboard.channels": { schema: channels, unset: {} },
  },
  messages: { leaderboard: leaderboardMessage },
  schedule: {
    times: (s) => [s["schedule.weekly"].time, ...Object.values(s["schedule.weekly"].teams)],
    sends: true,
  },
  plan: (input) => planWeekly("weekly-leaderboard", input),
  // The recipients: for each team (whose weekly time is this slot) with scored members, its
  // active manager, and its channel when one is configured.
  async run(ctx, payload) {
    const { "schedule.weekly": schedule, "leaderboard.topN": topN, "leaderboard.channels": channels } = ctx.settings;
    const teams = (await scoredTeams(ctx.pool)).filter(
      (t) => payload.slot === "all" || teamTime(schedule, t.externalId) === payload.slot,
    );
    const deliveries: DeliverySpec[] = [];
    for (const team of teams) {
      if (team.managerId !== null)
        deliveries.push({
          key: `weekly-leaderboard:e${team.managerId}.t${team.id}:${payload.week}`,
          kind: "weekly-leaderboard",
          recipient: `e${team.managerId}.t${team.id}`,
          to: { type: "person", employeeId: team.managerId, audience: "active" },
          content: leaderboardMessage.of({
            type: "leaderboard",
            teamId: team.id,
            asOf: payload.asOf,
            audience: "manager",
            privacy: "top_n",
            topN,
          }),
        });
      const channel = channels[team.externalId];
      if (channel && ctx.platforms.includes(channel.platform))
        deliveries.push({
          key: `weekly-channel:t${team.id}:${payload.week}`,
          kind: "weekly-channel",
          recipient: `t${team.id}`,
          to: { type: "channel", platform: channel.platform, channel: channel.channel },
          content: leaderboardMessage.of({
            type: "leaderboard",
            teamId: team.id,
            asOf: payload.asOf,
            audience: "channel",
            privacy: channel.privacy,
            topN: channel.topN ?? topN,
          }),
        });
    }
    return {
      deliveries,
      result: { week: payload.week, slot: payload.slot, teams: teams.length, recipients: deliveries.length },
    };
  },
});
