// The settings the scheduled jobs read (table `settings`, key → JSON; part of scenario bundles).
// Every key is optional and validated here; a malformed value stops the job with a message naming
// the key rather than sending something unintended. docs/DELIVERY.md lists them with examples.
import { z } from "zod";
import type { Sql } from "../db/client.ts";
import { DEFAULT_RATE_LIMITS, rateLimitsSchema, type RateLimits } from "./rate-limits.ts";

/** "HH:MM", 24-hour, local time of the organization. */
export const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a local time "HH:MM" (24-hour)');

const perTeamTimes = z.record(z.string().min(1), timeOfDay);

export const SETTING_SCHEMAS = {
  /** Daily progress: the organization's time, and teams that get it at another time. */
  "schedule.daily": z.object({ time: timeOfDay.default("09:00"), teams: perTeamTimes.default({}) }).strict(),
  /** Weekly leaderboard (first working day of the week): the time, and per-team times. */
  "schedule.weekly": z.object({ time: timeOfDay.default("09:00"), teams: perTeamTimes.default({}) }).strict(),
  /** Month close, on the 1st (02:00 by default). */
  "schedule.monthClose": z.object({ time: timeOfDay.default("02:00") }).strict(),
  /** Final cards and team reports, on the first working day of the month. */
  "schedule.monthEnd": z.object({ time: timeOfDay.default("09:00") }).strict(),
  /** HR's daily digest and the probation milestone alerts (working days). */
  "schedule.hr": z.object({ time: timeOfDay.default("09:30") }).strict(),
  /** When offer nudges (T-48h, T-24h, overdue) are looked for: a list of local times. */
  "schedule.offerNudges": z
    .object({ times: z.array(timeOfDay).min(1).default(["09:00", "11:00", "13:00", "15:00", "17:00", "19:00"]) })
    .strict(),
  /** Rows a channel leaderboard shows (never the bottom rank). */
  "leaderboard.topN": z.number().int().min(1).max(50),
  /**
   * Team channels that get the weekly leaderboard, by team externalId. Privacy "top_n" (default):
   * the top N names and scores, never the bottom rank; "goal_only": the team goal and bonus tier,
   * no names at all. Each rep can still ask for their own rank.
   */
  "leaderboard.channels": z.record(
    z.string().min(1),
    z
      .object({
        platform: z.enum(["slack", "lark"]),
        channel: z.string().min(1),
        privacy: z.enum(["top_n", "goal_only"]).default("top_n"),
        topN: z.number().int().min(1).max(50).optional(),
      })
      .strict(),
  ),
  /** Outbound limits (see src/notify/limits.ts for the defaults and why). */
  "delivery.rateLimits": rateLimitsSchema,
} as const;

export type SettingKey = keyof typeof SETTING_SCHEMAS;
export type SettingValue<K extends SettingKey> = z.output<(typeof SETTING_SCHEMAS)[K]>;

export class SettingError extends Error {
  constructor(
    readonly key: string,
    detail: string,
  ) {
    super(`setting ${key} is invalid: ${detail}`);
    this.name = "SettingError";
  }
}

export interface JobSettings {
  daily: SettingValue<"schedule.daily">;
  weekly: SettingValue<"schedule.weekly">;
  monthClose: SettingValue<"schedule.monthClose">;
  monthEnd: SettingValue<"schedule.monthEnd">;
  hr: SettingValue<"schedule.hr">;
  offerNudges: SettingValue<"schedule.offerNudges">;
  topN: number;
  channels: SettingValue<"leaderboard.channels">;
  rateLimits: RateLimits;
}

export async function loadJobSettings(sql: Sql): Promise<JobSettings> {
  const res = await sql.query<{ key: string; value: unknown }>(
    `SELECT key, value FROM settings WHERE key = ANY($1::text[])`,
    [Object.keys(SETTING_SCHEMAS)],
  );
  const raw = new Map(res.rows.map((r) => [r.key, r.value]));
  const get = <K extends SettingKey>(key: K, fallback: unknown): SettingValue<K> => {
    const parsed = SETTING_SCHEMAS[key].safeParse(raw.has(key) ? raw.get(key) : fallback);
    if (!parsed.success)
      throw new SettingError(
        key,
        parsed.error.issues.map((i) => `${i.path.join(".") || "(value)"} ${i.message}`).join("; "),
      );
    return parsed.data as SettingValue<K>;
  };
  return {
    daily: get("schedule.daily", {}),
    weekly: get("schedule.weekly", {}),
    monthClose: get("schedule.monthClose", {}),
    monthEnd: get("schedule.monthEnd", {}),
    hr: get("schedule.hr", {}),
    offerNudges: get("schedule.offerNudges", {}),
    topN: get("leaderboard.topN", 5),
    channels: get("leaderboard.channels", {}),
    rateLimits: raw.has("delivery.rateLimits") ? get("delivery.rateLimits", {}) : DEFAULT_RATE_LIMITS,
  };
}

/** A team's time for a per-team schedule (its own, else the organization's). */
export function teamTime(
  schedule: { time: string; teams: Record<string, string> },
  teamExternalId: string | null,
): string {
  return (teamExternalId && schedule.teams[teamExternalId]) || schedule.time;
}
