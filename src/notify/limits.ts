// The platforms' published limits on proactive messages, as buckets for rate-limit.ts.
//
// Slack: chat.postMessage is "special" tier — about 1 message per second per channel (a DM is a
// channel), with a workspace-wide allowance Slack does not publish as a number; the workspace
// rate is therefore a setting (default 600/min, what Slack tolerates for a single app in practice).
// Lark/Feishu: im/v1/messages create — 50 requests/s and 1,000/min per app, and 5/s to the same
// user or group chat.
import { z } from "zod";

/**
 * A platform counts a send when it arrives; we space sends when they leave. Arrivals can bunch up
 * by the spread of the time in between (event-loop lag, one claim query, the network), so each
 * window is planned this much longer than the platform's: 0.4 % slower on a per-minute limit, and
 * no window the platform measures sees more than its limit unless that spread exceeds it.
 */
export const ARRIVAL_SPREAD_MS = 250;
import type { BucketSpec } from "./rate-limit.ts";
import type { Recipient } from "./sender.ts";

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

/** The app- or workspace-wide buckets of a platform (a 429 pauses all of them). */
export function platformBuckets(platform: "slack" | "lark", limits: RateLimits): BucketSpec[] {
  return platform === "slack"
    ? [{ key: "slack:workspace", limit: limits.slack.workspacePerMinute, windowMs: 60_000 + ARRIVAL_SPREAD_MS }]
    : [
        { key: "lark:app:second", limit: limits.lark.appPerSecond, windowMs: 1000 + ARRIVAL_SPREAD_MS },
        { key: "lark:app:minute", limit: limits.lark.appPerMinute, windowMs: 60_000 + ARRIVAL_SPREAD_MS },
      ];
}

/** The bucket of one conversation (a DM or a group chat). */
export function chatBucket(platform: "slack" | "lark", to: Recipient, limits: RateLimits): BucketSpec {
  const perSecond = platform === "slack" ? limits.slack.perChannelPerSecond : limits.lark.perChatPerSecond;
  return { key: `${platform}:chat:${to.address}`, limit: 1, windowMs: (1000 + ARRIVAL_SPREAD_MS) / perSecond };
}

/** Every bucket a send counts against. */
export function bucketsFor(platform: "slack" | "lark", to: Recipient, limits: RateLimits): BucketSpec[] {
  return [...platformBuckets(platform, limits), chatBucket(platform, to, limits)];
}
