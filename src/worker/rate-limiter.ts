// Outbound rate limits shared by every worker process: Redis-backed buckets (GCRA, the "virtual
// scheduling" form of a token bucket) checked and reserved atomically in one Lua script.
//
// A send names every bucket it counts against (e.g. Lark: 50/s per app, 1,000/min per app, 5/s per
// chat). The script finds the earliest instant all of them allow, and — when that is close enough —
// books it in every bucket at once, so concurrent workers queue up behind each other instead of
// all retrying at the same moment. The caller sleeps until its slot and sends. When the slot is
// too far away nothing is booked and the caller backs off (pauses its queue or delays the job).
//
// Buckets have no burst allowance: cells are spaced exactly `window / limit` apart, so any
// half-open window of `window` ms holds at most `limit` sends — the limit as the platforms state it.
// Redis' own clock (TIME) is the only clock, so processes on machines with skewed clocks agree.
import type { Redis } from "ioredis";

export interface BucketSpec {
  /** Bucket name, e.g. "lark:app:minute" or "slack:chat:C123". */
  key: string;
  /** At most `limit` sends … */
  limit: number;
  /** … per `windowMs`. */
  windowMs: number;
}

export type Reservation =
  /** Booked: send after `waitMs`. */
  | { ok: true; waitMs: number }
  /** Not booked: the earliest slot is `waitMs` away (more than the caller accepts); `binding` is the bucket that decides it. */
  | { ok: false; waitMs: number; binding: string };

// KEYS: bucket keys. ARGV[1]: the longest wait (µs) worth booking; then per key: emission interval (µs).
// Returns {booked (0/1), wait µs, index (1-based) of the binding bucket}.
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local maxWait = tonumber(ARGV[1])
local start = now
local binding = 1
local tats = {}
for i, key in ipairs(KEYS) do
  local tat = tonumber(redis.call('GET', key) or '0')
  tats[i] = tat
  if tat > start then start = tat; binding = i end
end
local wait = start - now
if wait > maxWait then return {0, string.format('%.0f', wait), binding} end
for i, key in ipairs(KEYS) do
  local interval = tonumber(ARGV[i + 1])
  local nextTat = math.max(tats[i], start) + interval
  local ttl = math.ceil((nextTat - now) / 1000) + 1000
  redis.call('SET', key, string.format('%.0f', nextTat), 'PX', ttl)
end
return {1, string.format('%.0f', wait), binding}
`;

// KEYS: bucket keys; ARGV[1]: pause (µs). Nobody may send through these buckets before now + pause.
const PENALIZE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local until_ = now + tonumber(ARGV[1])
for _, key in ipairs(KEYS) do
  local tat = tonumber(redis.call('GET', key) or '0')
  if until_ > tat then
    redis.call('SET', key, string.format('%.0f', until_), 'PX', math.ceil(tonumber(ARGV[1]) / 1000) + 1000)
  end
end
return 1
`;

export interface RateLimiter {
  /** Books the earliest slot all `buckets` allow, if it is at most `maxWaitMs` away. */
  reserve(buckets: BucketSpec[], maxWaitMs: number): Promise<Reservation>;
  /** After a platform's 429: no send through `buckets` for `ms`. */
  penalize(buckets: BucketSpec[], ms: number): Promise<void>;
}

export function createRateLimiter(redis: Redis, prefix: string): RateLimiter {
  const keyOf = (b: BucketSpec) => `${prefix}:ratelimit:${b.key}`;
  return {
    async reserve(buckets, maxWaitMs) {
      if (buckets.length === 0) return { ok: true, waitMs: 0 };
      for (const b of buckets)
        if (!(b.limit > 0) || !(b.windowMs > 0))
          throw new Error(`bad rate limit ${b.key}: ${b.limit} per ${b.windowMs} ms`);
      const intervals = buckets.map((b) => String(Math.ceil((b.windowMs * 1000) / b.limit)));
      const [booked, waitUs, binding] = (await redis.eval(
        RESERVE,
        buckets.length,
        ...buckets.map(keyOf),
        String(Math.floor(maxWaitMs * 1000)),
        ...intervals,
      )) as [number, string, number];
      const waitMs = Math.ceil(Number(waitUs) / 1000);
      return booked === 1 ? { ok: true, waitMs } : { ok: false, waitMs, binding: buckets[binding - 1]!.key };
    },
    async penalize(buckets, ms) {
      if (buckets.length === 0 || ms <= 0) return;
      await redis.eval(PENALIZE, buckets.length, ...buckets.map(keyOf), String(Math.ceil(ms * 1000)));
    },
  };
}
