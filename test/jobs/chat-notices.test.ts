// The notices a chat answer carries for other people (src/worker/chat-notices.ts), against a
// scripted sender: each is recorded as a job and sent exactly once, retried when the platform
// fails, never sent twice for one key, recorded failed when it cannot be sent, and kept in
// Postgres until Redis takes it.
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { type Card, text } from "../../cards/model.ts";
import type { Notice } from "../../src/chat/answers/context.ts";
import { openDatabase, type Database } from "../../src/db/client.ts";
import { PlatformError, PlatformRateLimitError } from "../../src/events/errors.ts";
import { readDelivery } from "../../src/store/deliveries.ts";
import { createNoticeQueue, type NoticeQueue } from "../../src/worker/chat-notices.ts";
import { createRateLimiter } from "../../src/worker/rate-limiter.ts";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";
import { startTcpProxy } from "../helpers/tcp-proxy.ts";
import { ScriptedSender } from "./scripted-sender.ts";
import { loadWorld, REDIS_URL, salespeople, slackIdOf, uniquePrefix } from "./helpers.ts";

const CARD: Card = {
  header: { title: text("你的目标已更新", "Your targets"), tone: "info" },
  elements: [],
  summary: text("目标已更新", "Targets updated"),
};

let fresh: FreshDatabase;
let database: Database;
let redis: Redis;
let rep: { id: number; externalId: string };
let queue: NoticeQueue | undefined;
let seq = 0;

beforeAll(async () => {
  fresh = await freshDatabase();
  database = openDatabase(fresh.url, { max: 8 });
  redis = new Redis(REDIS_URL);
  await loadWorld(database.pool);
  rep = (await salespeople(database.pool)).find((p) => p.status === "active")!;
});
afterEach(async () => {
  await queue?.close();
  queue = undefined;
});
afterAll(async () => {
  redis.disconnect();
  await database.close();
  await fresh.drop();
});

function start(
  sender: ScriptedSender,
  attempts = 4,
  options: { redisUrl?: string; sweepMs?: number; sweepAfterMs?: number; handOverTimeoutMs?: number } = {},
): NoticeQueue {
  queue = createNoticeQueue({
    pool: database.pool,
    senders: { slack: sender },
    limiter: createRateLimiter(redis, uniquePrefix()),
    redisUrl: REDIS_URL,
    prefix: uniquePrefix(),
    attempts,
    backoffMs: 20,
    ...options,
  });
  return queue;
}

const outboxKeys = async () =>
  (await database.pool.query<{ key: string }>("SELECT key FROM notice_outbox ORDER BY key")).rows.map((r) => r.key);

const notice = (): Notice => ({ employeeId: rep.id, card: CARD, locale: "zh-CN", key: `test-notice.${++seq}` });

/** The notice's deliveries row once it is final (sent, skipped or failed). */
async function settled(key: string) {
  for (const deadline = Date.now() + 10_000; ; ) {
    const row = await readDelivery(database.pool, key);
    if (row && row.status !== "claimed") return row;
    if (Date.now() > deadline) throw new Error(`notice ${key} not settled: ${JSON.stringify(row)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("chat notices", () => {
  it("go to the person's own account, once", async () => {
    const sender = new ScriptedSender();
    const n = notice();
    await start(sender).send([n]);
    expect(await settled(n.key)).toMatchObject({ status: "sent", platform: "slack", attempts: 1 });
    expect(sender.sends).toEqual([{ to: { address: slackIdOf(rep.externalId), kind: "user" }, key: n.key }]);
  });

  it("a send the platform fails (5xx) is tried again and sent once", async () => {
    const sender = new ScriptedSender().answers(new PlatformError("slack", "http_503", true, "unavailable"));
    const n = notice();
    await start(sender).send([n]);
    expect(await settled(n.key)).toMatchObject({ status: "sent", attempts: 2, messageId: "slack-msg-2" });
    expect(sender.sends.map((s) => s.key)).toEqual([n.key, n.key]);
  });

  it("the same notice recorded again — while waiting or after it was sent — is not sent again", async () => {
    const sender = new ScriptedSender();
    const n = notice();
    const q = start(sender);
    await q.send([n, n]);
    await q.send([n]);
    expect(await settled(n.key)).toMatchObject({ status: "sent", attempts: 1 });
    await q.send([n]);
    // A later notice goes out after it: by then any repeat of the first would have been sent too.
    const later = notice();
    await q.send([later]);
    await settled(later.key);
    expect(sender.sends.map((s) => s.key)).toEqual([n.key, later.key]);
  });

  it("a platform rate limit waits without using an attempt", async () => {
    const sender = new ScriptedSender().answers(new PlatformRateLimitError("slack", 50, "ratelimited"));
    const n = notice();
    await start(sender, 1).send([n]);
    expect(await settled(n.key)).toMatchObject({ status: "sent" });
    expect(sender.sends).toHaveLength(2);
  });

  it("recorded while Redis is away, they wait in Postgres and are sent once it is back", async () => {
    const proxy = await startTcpProxy({ port: Number(new URL(REDIS_URL).port || 6379) });
    try {
      const sender = new ScriptedSender();
      const q = start(sender, 4, {
        redisUrl: proxy.urlFor(REDIS_URL),
        sweepMs: 100,
        sweepAfterMs: 0,
        handOverTimeoutMs: 300,
      });
      const n = notice();
      proxy.cut();
      // The answer that carries it is not held up, nor told anything failed.
      await q.send([n]);
      expect(await outboxKeys()).toEqual([n.key]);
      expect(await readDelivery(database.pool, n.key)).toBeNull();
      proxy.restore();
      expect(await settled(n.key)).toMatchObject({ status: "sent", attempts: 1 });
      await vi.waitFor(async () => expect(await outboxKeys()).toEqual([]), { timeout: 5000, interval: 50 });
      expect(sender.sends.map((s) => s.key)).toEqual([n.key]);
    } finally {
      await queue?.close();
      queue = undefined;
      await proxy.close();
    }
  });

  it("handed to Redis at once, they leave no trace in the outbox", async () => {
    const sender = new ScriptedSender();
    const n = notice();
    await start(sender).send([n]);
    expect(await outboxKeys()).toEqual([]);
    expect(await settled(n.key)).toMatchObject({ status: "sent" });
  });

  it("a definite refusal is recorded failed at once; repeated failures, after the last attempt", async () => {
    const refused = new ScriptedSender().answers(new PlatformError("slack", "channel_not_found", false, "no channel"));
    const a = notice();
    await start(refused).send([a]);
    expect(await settled(a.key)).toMatchObject({ status: "failed" });
    expect(refused.sends).toHaveLength(1);
    await queue!.close();

    const down = new PlatformError("slack", "http_503", true, "unavailable");
    const failing = new ScriptedSender().answers(down, down, down);
    const b = notice();
    await start(failing, 3).send([b]);
    const row = await settled(b.key);
    expect(row).toMatchObject({ status: "failed" });
    expect(row.error).toContain("gave up after 3 attempts");
    expect(failing.sends).toHaveLength(3);
  });
});
