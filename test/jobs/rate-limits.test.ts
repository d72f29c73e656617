// Rate limits: a storm of 429s pauses the platform's queue for as long as the platform asks
// (Slack Retry-After, Lark x-ogw-ratelimit-reset) without using up anyone's attempts; everyone is
// served afterwards, nobody twice. And our own buckets space sends out across workers.
import type { PlatformName } from "../../src/platform.ts";
import { afterEach, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { openDatabase, type Database } from "../../src/db/client.ts";
import type { PacerWorker } from "../../src/worker/main.ts";
import { createRateLimiter } from "../../src/worker/rate-limiter.ts";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";
import { FakeLark } from "../helpers/fake-lark.ts";
import { FakeSlack } from "../helpers/fake-slack.ts";
import {
  dropQueues,
  larkEnv,
  larkIdOf,
  loadWorld,
  REDIS_URL,
  runByHand,
  salespeople,
  slackIdOf,
  startTestWorker,
  testConfig,
  uniquePrefix,
} from "./helpers.ts";
import { PlatformProxy } from "./platform-proxy.ts";

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

/** A world of its own (database, queues) whose people are linked on `platform`; their chat ids. */
async function world(platform: PlatformName): Promise<{ fresh: FreshDatabase; database: Database; reps: string[] }> {
  const fresh = await freshDatabase();
  const database = openDatabase(fresh.url, { max: 4 });
  cleanup.push(async () => {
    await database.close();
    await fresh.drop();
  });
  await loadWorld(database.pool, { platform });
  const reps = (await salespeople(database.pool)).map((r) =>
    platform === "slack" ? slackIdOf(r.externalId) : larkIdOf(r.externalId),
  );
  return { fresh, database, reps };
}

function track<T extends { close?: () => Promise<void>; stop?: () => Promise<void> }>(
  thing: T,
  worker?: PacerWorker,
): T {
  cleanup.push(async () => {
    if (worker) await dropQueues(worker.queues);
    await (thing.close ?? thing.stop)!.call(thing);
  });
  return thing;
}

describe("a 429 storm", () => {
  it("from Slack (Retry-After): the queue pauses, everyone is served later, nobody twice, no attempt used", async () => {
    const { fresh, database, reps } = await world("slack");
    const slack = track(await new FakeSlack().start());
    const proxy = track(await new PlatformProxy("slack", slack.url).start());
    slack.rateLimit("chat.postMessage", 6);
    // One attempt per delivery: a 429 that used up an attempt would fail the delivery.
    const worker = await startTestWorker(fresh.url, slack, {
      envExtra: { SLACK_API_URL: `${proxy.url}/api/` },
      config: testConfig({ PACER_DELIVERY_ATTEMPTS: "1" }),
    });
    track(worker, worker);

    const run = await runByHand(database.pool, worker.queues, "daily-progress", { date: "2026-10-15" });

    expect(run.result).toMatchObject({ recipients: 23, sent: 23, failed: 0 });
    const answered = proxy.exchanges.filter((e) => proxy.isSend(e.path));
    expect(answered.filter((e) => e.status === 429)).toHaveLength(6);
    const served = proxy
      .acceptedSends()
      .map((e) => e.chat)
      .sort();
    expect(served).toEqual([...reps].sort());
    const text = await worker.metrics.registry.getSingleMetricAsString("pacer_rate_limited_total");
    expect(text).toContain('pacer_rate_limited_total{platform="slack",source="platform"} 6');
  });

  it("from Lark (HTTP 429, code 99991400, x-ogw-ratelimit-reset): the same", async () => {
    const { fresh, database, reps } = await world("lark");
    const lark = track(await new FakeLark().start());
    lark.rateLimit("/open-apis/im/v1/messages", { times: 6, method: "POST" });
    const worker = await startTestWorker(fresh.url, null, {
      envExtra: larkEnv(lark),
      config: testConfig({ PACER_DELIVERY_ATTEMPTS: "1" }),
    });
    track(worker, worker);

    const run = await runByHand(database.pool, worker.queues, "daily-progress", { date: "2026-10-15" });

    expect(run.result).toMatchObject({ recipients: 23, sent: 23, failed: 0 });
    expect(lark.callsTo("POST", "/open-apis/im/v1/messages").filter((c) => c.error?.status === 429)).toHaveLength(6);
    expect(lark.messages.map((m) => m.receive_id).sort()).toEqual([...reps].sort());
  });
});

describe("our own buckets", () => {
  it("book consecutive slots exactly `window / limit` apart, shared by every client of the Redis", async () => {
    const redis = new Redis(REDIS_URL);
    const other = new Redis(REDIS_URL);
    try {
      const prefix = uniquePrefix();
      const a = createRateLimiter(redis, prefix);
      const b = createRateLimiter(other, prefix);
      const bucket = [{ key: "slack:workspace", limit: 2, windowMs: 1000 }];
      const waits = [];
      for (const limiter of [a, b, a, b]) waits.push(await limiter.reserve(bucket, 10_000));
      // 2 per second → one every 500 ms, whoever asks (the booked waits shrink by the time the
      // calls themselves take, a few ms).
      expect(waits.map((w) => w.ok)).toEqual([true, true, true, true]);
      const ms = waits.map((w) => w.waitMs);
      expect(ms[0]).toBe(0);
      for (let i = 1; i < 4; i++) expect(Math.abs(ms[i]! - 500 * i)).toBeLessThan(100);
      // A slot further away than the caller accepts is not booked, and says which bucket binds.
      const refused = await a.reserve([...bucket, { key: "slack:chat:C1", limit: 1, windowMs: 1000 }], 1000);
      expect(refused).toMatchObject({ ok: false, binding: "slack:workspace" });
      // After a 429 the bucket is closed for as long as the platform said.
      const fresh = [{ key: "lark:app:second", limit: 50, windowMs: 1000 }];
      await a.penalize(fresh, 5000);
      const after = await b.reserve(fresh, 60_000);
      expect(after.ok && after.waitMs > 4800 && after.waitMs <= 5000).toBe(true);
    } finally {
      redis.disconnect();
      other.disconnect();
    }
  });
});
