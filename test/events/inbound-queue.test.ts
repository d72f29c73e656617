// The inbound queue's claim and release, against the real Redis and Postgres (through TCP proxies
// that the tests cut): a question is claimed by recording it, a repeat is a duplicate while it
// waits, retries or after it was answered, a question given up releases its claim, and a question
// Redis could not record claims nothing.
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createInboundQueue,
  InboundNotRecordedError,
  inboundJobId,
  type InboundQueue,
} from "../../src/events/inbound-queue.ts";
import { converse } from "../../src/chat/conversation.ts";
import { claimEvent, eventKey, releaseEvent } from "../../src/events/dedupe.ts";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";
import { REDIS_URL } from "../helpers/server.ts";
import { startTcpProxy, type TcpProxy } from "../helpers/tcp-proxy.ts";
import { cardText, message, recordingAdapter } from "../chat/recording-adapter.ts";

const NOW = new Date("2026-10-20T12:00:00+08:00");
const RUN = `test-inbound-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
let queues = 0;

let fresh: FreshDatabase;
let postgres: TcpProxy;
let redisProxy: TcpProxy;
let pool: pg.Pool;
let inspector: Redis;
const opened: InboundQueue[] = [];

beforeAll(async () => {
  fresh = await freshDatabase();
  postgres = await startTcpProxy({ port: 5432 });
  const url = new URL(fresh.url);
  url.host = `127.0.0.1:${postgres.port}`;
  pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
  pool.on("error", () => {});
  redisProxy = await startTcpProxy({ port: Number(new URL(REDIS_URL).port || 6379) });
  inspector = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
});

afterAll(async () => {
  for (const q of opened) await q.close();
  await inspector?.quit();
  await pool?.end();
  await postgres?.close();
  await redisProxy?.close();
  await fresh?.drop();
});

/** A queue answering through a recording adapter; the business clock is fixed, the wall clock is `clock`. */
async function queueWith(
  options: { redisUrl?: string; attempts?: number; clock?: () => number; acceptTimeoutMs?: number } = {},
) {
  const adapter = recordingAdapter();
  // Each queue its own prefix: one test's worker must not answer another's questions.
  const prefix = `${RUN}-${++queues}`;
  const inspect = new Queue("inbound", { connection: inspector, prefix });
  const queue = createInboundQueue({
    redisUrl: options.redisUrl ?? REDIS_URL,
    prefix,
    attempts: options.attempts ?? 50,
    backoffMs: 50,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.acceptTimeoutMs ? { acceptTimeoutMs: options.acceptTimeoutMs } : {}),
  });
  opened.push(queue);
  await queue.ready();
  queue.start({ pool, now: () => NOW }, { slack: { adapter, revive: (ref) => ref as never } });
  return { queue, adapter, inspect };
}

const until = async (predicate: () => Promise<boolean> | boolean, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe("the claim is the recorded job", () => {
  it("a repeat is a duplicate while the question waits for Postgres, and after it was answered; one answer", async () => {
    const { queue, adapter, inspect } = await queueWith();
    const question = message("U1", "kpi");
    postgres.cut();
    const first = await queue.accept("slack", question);
    expect(first.status).toBe("accepted");
    expect((await queue.accept("slack", question)).status).toBe("duplicate");
    // Retrying: at least one attempt failed, and nothing was sent.
    await until(async () => ((await inspect.getJob(inboundJobId("slack", question.eventId!)))?.attemptsMade ?? 0) >= 1);
    expect((await queue.accept("slack", question)).status).toBe("duplicate");
    expect(adapter.sent).toEqual([]);
    postgres.restore();
    const outcome = first.status === "accepted" ? await first.done : null;
    expect(outcome?.status).toBe("answered");
    expect((await queue.accept("slack", question)).status).toBe("duplicate");
    expect(adapter.sent).toHaveLength(1);
  });

  it("a question given up releases its claim: the platform's redelivery is taken, and answered once", async () => {
    const { queue, adapter, inspect } = await queueWith({ attempts: 2 });
    const question = message("U2", "kpi");
    postgres.cut();
    expect((await queue.accept("slack", question)).status).toBe("accepted");
    await until(async () => (await inspect.getJob(inboundJobId("slack", question.eventId!))) === undefined);
    postgres.restore();
    const again = await queue.accept("slack", question);
    expect(again.status).toBe("accepted");
    if (again.status === "accepted") expect((await again.done).status).toBe("answered");
    expect(adapter.sent).toHaveLength(1);
  });

  it("when Redis cannot record the question, accept throws and claims nothing; once back, it is taken", async () => {
    const { queue, adapter } = await queueWith({ redisUrl: redisProxy.url("redis") });
    const question = message("U3", "kpi");
    redisProxy.cut();
    await expect(queue.accept("slack", question)).rejects.toBeInstanceOf(InboundNotRecordedError);
    redisProxy.restore();
    let accepted: Awaited<ReturnType<InboundQueue["accept"]>> | undefined;
    await until(async () => {
      accepted = await queue.accept("slack", question).catch(() => undefined);
      return accepted !== undefined;
    });
    expect(accepted?.status).toBe("accepted");
    if (accepted?.status === "accepted") await accepted.done;
    expect(adapter.sent).toHaveLength(1);
  });

  it("when Redis hangs, accept gives up inside the platform's deadline instead of acknowledging", async () => {
    const { queue, adapter } = await queueWith({ redisUrl: redisProxy.url("redis"), acceptTimeoutMs: 500 });
    const question = message("U6", "kpi");
    redisProxy.stall();
    await expect(queue.accept("slack", question)).rejects.toBeInstanceOf(InboundNotRecordedError);
    // The partition ends in a reset: what the stalled attempt sent never reaches Redis.
    redisProxy.restore({ dropStalled: true });
    let accepted: Awaited<ReturnType<InboundQueue["accept"]>> | undefined;
    await until(async () => {
      accepted = await queue.accept("slack", question).catch(() => undefined);
      return accepted !== undefined;
    });
    // The stalled attempt recorded nothing that would make the retry a duplicate.
    expect(accepted?.status).toBe("accepted");
    if (accepted?.status === "accepted") await accepted.done;
    expect(adapter.sent).toHaveLength(1);
  });

  it("an answer later than a minute says which question it answers, at what time", async () => {
    let wall = Date.parse("2026-10-20T11:58:00+08:00");
    const { queue, adapter } = await queueWith({ clock: () => wall });
    postgres.cut();
    const accepted = await queue.accept("slack", message("U4", "kpi"));
    wall += 2 * 60_000;
    postgres.restore();
    if (accepted.status === "accepted") await accepted.done;
    const sent = adapter.sent[0];
    expect(sent && "reply" in sent ? cardText(sent.reply, "en") : "").toContain(
      "Answering your question from 11:58 (data as of 12:00)",
    );
  });
});

describe("a direct claim (converse with claim/release)", () => {
  it("is given back when the attempt fails for want of the database, so the redelivery is answered", async () => {
    const redis = inspector;
    const prefix = `${RUN}-direct`;
    const deps = {
      pool,
      now: () => NOW,
      retryWhenUnavailable: true,
      claim: (platform: "slack" | "lark", id: string) => claimEvent(redis, platform, id, { prefix }),
      release: (platform: "slack" | "lark", id: string) => releaseEvent(redis, platform, id, { prefix }),
    };
    const adapter = recordingAdapter();
    const question = message("U5", "kpi");
    postgres.cut();
    await expect(converse(deps, adapter, question)).rejects.toThrow();
    expect(await redis.exists(eventKey(prefix, "slack", question.eventId!))).toBe(0);
    postgres.restore();
    expect((await converse(deps, adapter, question)).status).toBe("answered");
    expect((await converse(deps, adapter, question)).status).toBe("duplicate");
    expect(adapter.sent).toHaveLength(1);
  });
});
