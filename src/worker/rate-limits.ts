// The platforms' published limits on proactive messages, as buckets for rate-limiter.ts.
//
// Slack: chat.postMessage is "special" tier — about 1 message per second per channel (a DM is a
// channel), with a workspace-wide allowance Slack does not publish as a number; the workspace
// rate is therefore a setting (default 600/min, what Slack tolerates for a single app in practice).
// Lark/Feishu: im/v1/messages create — 50 requests/s and 1,000/min per app, and 5/s to the same
// user or group chat.
import type { PlatformName } from "../platform.ts";
import { z } from "zod";

/**
 * A platform counts a send when it arrives; we space sends when they leave. Arrivals bunch up by
 * the spread of the time in between — the network, one claim query, and above all the worker's
 * event loop or CPU stalling (on a busy machine a few hundred ms: every send whose slot passed
 * during the stall goes out at once when it ends). So each window is planned 1 % + 250 ms longer
 * than the platform's: 1.4 % slower on a per-minute limit, and a window the platform measures sees
 * no more than its limit unless a stall exceeds ~850 ms (per minute) or 260 ms (per second). A 429
 * beyond that is handled like any other (docs/DELIVERY.md).
 */
export const ARRIVAL_SPREAD_MS = 250;
export const ARRIVAL_SPREAD_RATIO = 0.01;

const planned = (windowMs: number) => windowMs * (1 + ARRIVAL_SPREAD_RATIO) + ARRIVAL_SPREAD_MS;
import type { BucketSpec } from "./rate-limiter.ts";
import type { Recipient } from "./proactive-sender.ts";
import type { SettingSpecs } from "./settings-spec.ts";

export const rateLimitsSchema = z
  .object({
    slack: z
      .object({
        workspacePerMinute: z.number().int().min(1).max(100_000).default(600),
        perChannelPerSecond: z.number().min(0.01).max(100).default(1),
      })
      .prefault({}),
    lark: z
      .object({
        appPerSecond: z.number().int().min(1).max(10_000).default(50),
        appPerMinute: z.number().int().min(1).max(600_000).default(1000),
        perChatPerSecond: z.number().min(0.01).max(100).default(5),
      })
      .prefault({}),
  })
  .strict();

export type RateLimits = z.output<typeof rateLimitsSchema>;

export const DEFAULT_RATE_LIMITS: RateLimits = rateLimitsSchema.parse({});

/** The worker's own setting: the limits to keep to (unset: the defaults above). */
export const RATE_LIMIT_SETTINGS: SettingSpecs<{ "delivery.rateLimits": RateLimits }> = {
  "delivery.rateLimits": { schema: rateLimitsSchema, unset: {} },
};

/** The app- or workspace-wide buckets of a platform (a 429 pauses all of them). */
export function platformBuckets(platform: PlatformName, limits: RateLimits): BucketSpec[] {
  return platform === "slack"
    ? [{ key: "slack:workspace", limit: limits.slack.workspacePerMinute, windowMs: planned(60_000) }]
    : [
        { key: "lark:app:second", limit: limits.lark.appPerSecond, windowMs: planned(1000) },
        { key: "lark:app:minute", limit: limits.lark.appPerMinute, windowMs: planned(60_000) },
      ];
}

/** The bucket of one conversation (a DM or a group chat). */
export function chatBucket(platform: PlatformName, to: Recipient, limits: RateLimits): BucketSpec {
  const perSecond = platform === "slack" ? limits.slack.perChannelPerSecond : limits.lark.perChatPerSecond;
  return { key: `${platform}:chat:${to.address}`, limit: 1, windowMs: planned(1000) / perSecond };
}

/** Every bucket a send counts against. */
export function bucketsFor(platform: PlatformName, to: Recipient, limits: RateLimits): BucketSpec[] {
  return [...platformBuckets(platform, limits), chatBucket(platform, to, limits)];
}
