// Each inbound event is handled once, even when the platform retries it and several processes
// receive the retries: the first to claim the event id in Redis handles it.
import type { Redis } from "ioredis";

const DAY_SECONDS = 24 * 3600;

/** True for the first claim of (platform, eventId) within the TTL; false for every repeat. */
export async function claimEvent(
  redis: Redis,
  platform: string,
  eventId: string,
  ttlSeconds = DAY_SECONDS,
): Promise<boolean> {
  const result = await redis.set(`pacer:event:${platform}:${eventId}`, "1", "EX", ttlSeconds, "NX");
  return result === "OK";
}
