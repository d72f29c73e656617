// The exactly-once protocol of one delivery (claim → send → record), against a recording sender:
// what happens after every kind of failure, and when an earlier attempt's outcome is unknown.
import { Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { text, type Card } from "../../cards/model.ts";
import { openDatabase, type Database } from "../../src/db/client.ts";
import { PlatformError, PlatformRateLimitError } from "../../src/events/errors.ts";
import {
  sendOnce,
  DeliveryBusy,
  DeliveryRateLimited,
  DeliveryRetryable,
  type SendDeps,
  type DeliveryRequest,
} from "../../src/worker/send-message.ts";
import type { PlatformName } from "../../src/platform.ts";
import { readDelivery } from "../../src/store/deliveries.ts";
import { DEFAULT_RATE_LIMITS } from "../../src/worker/rate-limits.ts";
import { createRateLimiter } from "../../src/worker/rate-limiter.ts";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";
import { ScriptedSender } from "./scripted-sender.ts";
import { REDIS_URL, uniquePrefix } from "./helpers.ts";

const CARD: Card = {
  header: { title: text("标题", "Title"), tone: "info" },
  elements: [],
  summary: text("摘要", "Summary"),
};

let fresh: FreshDatabase;
let database: Database;
let redis: Redis;
let seq = 0;

beforeAll(async () => {
  fresh = await freshDatabase();
  database = openDatabase(fresh.url, { max: 6 });
  redis = new Redis(REDIS_URL);
});
afterAll(async () => {
  redis.disconnect();
  await database.close();
  await fresh.drop();
});

let key: string;
beforeEach(() => {
  key = `test:r${++seq}:2026-10-15`;
});

function deps(sender: ScriptedSender): SendDeps {
  return {
    pool: database.pool,
    senders: { [sender.platform]: sender },
    limiter: createRateLimiter(redis, uniquePrefix()),
    limits: DEFAULT_RATE_LIMITS,
  };
}

function request(platform: PlatformName, address = "U1"): DeliveryRequest {
  return {
    key,
    kind: "test",
    employeeId: null,
    prepare: async (forced) => ({
      platform: forced?.platform ?? platform,
      to: { address: forced?.address ?? address, kind: "user" },
      card: CARD,
      locale: "en",
    }),
  };
}

/** Leaves the row as a worker that died right after sending would: claimed, attempt 1, outcome unknown. */
async function crashedAfterSend(platform: PlatformName, ageMinutes = 1): Promise<void> {
  await database.pool.query(
    `INSERT INTO deliveries (idempotency_key, kind, platform, channel, status, attempts, created_at) VALUES ($1, 'test', $2::"ChatPlatform", 'U1', 'claimed', 1, now() - make_interval(mins => $3))`,
    [key, platform, ageMinutes],
  );
}

describe("one delivery", () => {
  it("claims, sends once with the delivery key, records the platform's message id", async () => {
    const slack = new ScriptedSender("slack");
    expect(await sendOnce(deps(slack), request("slack"))).toMatchObject({
      status: "sent",
      messageId: "slack-msg-1",
      attempt: 1,
      resent: false,
    });
    expect(slack.sends).toEqual([{ to: { address: "U1", kind: "user" }, key }]);
    expect(await readDelivery(database.pool, key)).toMatchObject({
      status: "sent",
      messageId: "slack-msg-1",
      attempts: 1,
      error: null,
      platform: "slack",
      channel: "U1",
    });
    // Asked again: nothing is sent.
    expect(await sendOnce(deps(slack), request("slack"))).toEqual({
      status: "done-before",
      was: "sent",
      messageId: "slack-msg-1",
    });
    expect(slack.sends).toHaveLength(1);
  });

  it("lets only one of two simultaneous attempts send", async () => {
    let release!: () => void;
    const slack = new ScriptedSender("slack").answers(new Promise<void>((r) => (release = r)));
    const first = sendOnce(deps(slack), request("slack"));
    while (slack.sends.length === 0) await new Promise((r) => setTimeout(r, 5));
    await expect(sendOnce(deps(slack), request("slack"))).rejects.toBeInstanceOf(DeliveryBusy);
    release();
    expect(await first).toMatchObject({ status: "sent" });
    expect(slack.sends).toHaveLength(1);
  });

  it("after a rate limit: records that nothing was sent, closes the platform's buckets, and the retry is a plain send", async () => {
    const lark = new ScriptedSender("lark").answers(
      new PlatformRateLimitError("lark", 2000, "code 99991400: too many requests"),
    );
    const error = await sendOnce(deps(lark), request("lark", "ou_1")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryRateLimited);
    expect(error).toMatchObject({ platform: "lark", waitMs: 2000, scope: "platform", source: "platform" });
    expect(await readDelivery(database.pool, key)).toMatchObject({
      status: "claimed",
      error: expect.stringMatching(/^not sent: rate limited/) as unknown,
    });
    expect(await sendOnce({ ...deps(lark), maxSlotWaitMs: 10_000 }, request("lark", "ou_1"))).toMatchObject({
      status: "sent",
      resent: false,
      attempt: 2,
    });
  });

  it("Lark's per-chat frequency limit (230020) concerns that chat only", async () => {
    const lark = new ScriptedSender("lark").answers(
      new PlatformRateLimitError("lark", 1000, "code 230020: frequency limit"),
    );
    await expect(sendOnce(deps(lark), request("lark", "ou_1"))).rejects.toMatchObject({ scope: "chat" });
  });

  it("fails at once, without retrying, when the platform refuses for good", async () => {
    const slack = new ScriptedSender("slack").answers(
      new PlatformError("slack", "channel_not_found", false, "channel_not_found"),
    );
    expect(await sendOnce(deps(slack), request("slack"))).toEqual({
      status: "failed",
      error: "not sent: slack error channel_not_found: channel_not_found",
    });
    expect(await readDelivery(database.pool, key)).toMatchObject({ status: "failed" });
  });

  it("after a failure that does not prove the message was not delivered, marks it unconfirmed and lets the job retry", async () => {
    const slack = new ScriptedSender("slack").answers(
      new PlatformError("slack", "slack_webapi_request_error", true, "socket hang up"),
    );
    await expect(sendOnce(deps(slack), request("slack"))).rejects.toBeInstanceOf(DeliveryRetryable);
    expect(await readDelivery(database.pool, key)).toMatchObject({
      status: "claimed",
      attempts: 1,
      error: expect.stringMatching(/^unconfirmed: /) as unknown,
    });
  });
});

describe("an earlier attempt whose outcome is unknown (the worker died between send and record)", () => {
  it("Lark: resends with the same key, to the same place — Lark drops the repeat within the hour", async () => {
    await crashedAfterSend("lark");
    const lark = new ScriptedSender("lark");
    // Routing now says Slack (say the person was linked there since): the resend still goes to Lark.
    const slack = new ScriptedSender("slack");
    const both = { ...deps(lark), senders: { lark, slack } };
    expect(await sendOnce(both, request("slack", "U_ELSEWHERE"))).toMatchObject({
      status: "sent",
      platform: "lark",
      attempt: 2,
      resent: true,
    });
    expect(lark.sends).toEqual([{ to: { address: "U1", kind: "user" }, key }]);
    expect(slack.sends).toEqual([]);
  });

  it("Lark, more than 55 minutes after the first claim: gives up rather than risk a duplicate", async () => {
    await crashedAfterSend("lark", 56);
    const lark = new ScriptedSender("lark");
    expect(await sendOnce(deps(lark), request("lark"))).toMatchObject({
      status: "failed",
      error: expect.stringMatching(/uuid window has passed; not resent/) as unknown,
    });
    expect(lark.sends).toEqual([]);
  });

  it("Slack: resends (Slack has no idempotency key — the documented window)", async () => {
    await crashedAfterSend("slack", 120);
    const slack = new ScriptedSender("slack");
    expect(await sendOnce(deps(slack), request("slack"))).toMatchObject({
      status: "sent",
      resent: true,
      attempt: 2,
    });
    expect(slack.sends).toHaveLength(1);
  });
});
