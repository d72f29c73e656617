// The chat path claims events through the inbound queue (src/events/inbound-queue.ts: the job id is
// the claim, tied to the job's life); these keys serve callers that answer directly (converse()
// with `claim`), and are released when the attempt fails so a redelivery is not dropped.
// Each inbound event is handled once, even when the platform retries it and several processes
// receive the retries: the first to claim the event id in Redis handles it. The keys live under the
// deployment's prefix (PACER_QUEUE_PREFIX, "pacer" by default), like the queues: two deployments
// sharing one Redis must not swallow each other's events.
import type { Redis } from "ioredis";
import type { PlatformName } from "../platform.ts";

const DAY_SECONDS = 24 * 3600;
export const DEFAULT_EVENT_PREFIX = "pacer";

export interface ClaimOptions {
  /** The deployment prefix (PACER_QUEUE_PREFIX). */
  prefix?: string;
  ttlSeconds?: number;
}

/** The Redis key that marks (platform, eventId) as claimed. */
export function eventKey(prefix: string, platform: PlatformName, eventId: string): string {
  return `${prefix}:event:${platform}:${eventId}`;
}

/** True for the first claim of (platform, eventId) within the TTL; false for every repeat. */
export async function claimEvent(
  redis: Redis,
  platform: PlatformName,
  eventId: string,
  options: ClaimOptions = {},
): Promise<boolean> {
  const key = eventKey(options.prefix ?? DEFAULT_EVENT_PREFIX, platform, eventId);
  const result = await redis.set(key, "1", "EX", options.ttlSeconds ?? DAY_SECONDS, "NX");
  return result === "OK";
}

/** Gives a claim back (the attempt failed): the platform's redelivery is then handled, not dropped. */
export async function releaseEvent(
  redis: Redis,
  platform: PlatformName,
  eventId: string,
  options: ClaimOptions = {},
): Promise<void> {
  await redis.del(eventKey(options.prefix ?? DEFAULT_EVENT_PREFIX, platform, eventId));
}
