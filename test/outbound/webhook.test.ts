// The signed outbound webhook against a real HTTP server on 127.0.0.1: the v0 signature checks
// out, a 5xx is retried with backoff and the retry carries the same idempotency key, a refusal
// (4xx) is not retried, and an unreachable consumer fails after the bounded attempts.
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  resolveRemindWebhook,
  remindAvailable,
  remindIdempotencyKey,
  remindPayload,
} from "../../src/outbound/remind.ts";
import {
  backoffMs,
  postWebhook,
  verifyWebhookSignature,
  WebhookError,
  webhookSignature,
} from "../../src/outbound/webhook.ts";
import { startWebhookServer, type WebhookServer } from "../helpers/webhook-server.ts";

let server: WebhookServer;
const waits: number[] = [];
const deps = {
  sleep: async (ms: number) => {
    waits.push(ms);
  },
};

beforeAll(async () => {
  server = await startWebhookServer();
});
afterAll(async () => {
  await server.close();
});

const request = (over: Partial<Parameters<typeof postWebhook>[0]> = {}) => ({
  url: server.url,
  secret: server.secret,
  body: { hello: "世界" },
  idempotencyKey: "offer-remind:OF-1:1",
  maxAttempts: 3,
  timeoutMs: 2000,
  ...over,
});

describe("signature", () => {
  it("is v0=HMAC-SHA256 over 'v0:<timestamp>:<body>' and verifies only with the same secret, time and body", () => {
    const sig = webhookSignature("s3cret-s3cret-s3cret", 1_760_000_000, '{"a":1}');
    // Independently: printf 'v0:1760000000:{"a":1}' | openssl dgst -sha256 -hmac s3cret-s3cret-s3cret
    expect(sig).toBe("v0=51198456681391286793521a21c5528ed90d6bd3ea13bd34397ef63c8b6d8f61");
    expect(verifyWebhookSignature("s3cret-s3cret-s3cret", 1_760_000_000, '{"a":1}', sig)).toBe(true);
    expect(verifyWebhookSignature("other-secret-other", 1_760_000_000, '{"a":1}', sig)).toBe(false);
    expect(verifyWebhookSignature("s3cret-s3cret-s3cret", 1_760_000_001, '{"a":1}', sig)).toBe(false);
    expect(verifyWebhookSignature("s3cret-s3cret-s3cret", 1_760_000_000, '{"a":2}', sig)).toBe(false);
  });
});

describe("delivery", () => {
  it("a 500 is retried after a backoff; both attempts are signed and carry the same idempotency key", async () => {
    server.received.length = 0;
    waits.length = 0;
    server.script.push(500);
    const r = await postWebhook(request(), deps);
    expect(r).toEqual({ status: 200, attempts: 2 });
    expect(server.received.map((x) => [x.answered, x.signatureValid, x.idempotencyKey])).toEqual([
      [500, true, "offer-remind:OF-1:1"],
      [200, true, "offer-remind:OF-1:1"],
    ]);
    expect(server.received[1]!.body).toEqual({ hello: "世界" });
    expect(waits).toEqual([backoffMs(1)]);
  });

  it("backs off exponentially, capped", () => {
    expect([1, 2, 3, 4, 5, 6].map(backoffMs)).toEqual([250, 500, 1000, 2000, 4000, 4000]);
  });

  it("gives up after maxAttempts of 5xx with webhook.unreachable", async () => {
    server.received.length = 0;
    server.script.push(503, 502, 500);
    const e = await postWebhook(request(), deps).catch((x) => x);
    expect(e).toBeInstanceOf(WebhookError);
    expect(e).toMatchObject({ code: "webhook.unreachable", status: 500, attempts: 3 });
    expect(server.received).toHaveLength(3);
  });

  it("a refusal (401 for a wrong secret) is not retried", async () => {
    server.received.length = 0;
    const e = await postWebhook(request({ secret: "a-wrong-secret-0000" }), deps).catch((x) => x);
    expect(e).toMatchObject({ code: "webhook.rejected", status: 401, attempts: 1 });
    expect(server.received).toHaveLength(1);
  });

  it("a network error (nobody listening) is retried, then reported", async () => {
    // A port that was free a moment ago: connecting is refused.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((r) => probe.close(() => r()));
    waits.length = 0;
    const e = await postWebhook(request({ url: `http://127.0.0.1:${port}/x`, maxAttempts: 2 }), deps).catch((x) => x);
    expect(e).toMatchObject({ code: "webhook.unreachable", status: null, attempts: 2 });
    expect(waits).toEqual([250]);
  });
});

describe("the remind webhook setting", () => {
  const settings = (value: unknown) => new Map([["remind.webhook", value]]);

  it("is available only with a url and a secret (from the setting or the environment)", () => {
    expect(remindAvailable(new Map())).toBe(false);
    expect(remindAvailable(settings({ url: "https://hooks.example.com/r" }))).toBe(false);
    expect(
      remindAvailable(settings({ url: "https://hooks.example.com/r" }), {
        PACER_REMIND_WEBHOOK_SECRET: "0123456789abcdef",
      }),
    ).toBe(true);
    expect(
      resolveRemindWebhook(settings({ url: "https://hooks.example.com/r", secret: "0123456789abcdef" }), {}),
    ).toEqual({
      ok: true,
      webhook: { url: "https://hooks.example.com/r", secret: "0123456789abcdef", maxAttempts: 3, timeoutMs: 5000 },
    });
  });

  it("an invalid setting (not http(s), short secret, unknown field) makes it unavailable, not a crash", () => {
    expect(resolveRemindWebhook(settings({ url: "ftp://x.example.com", secret: "0123456789abcdef" }), {})).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(resolveRemindWebhook(settings({ url: "https://x.example.com", secret: "short" }), {}).ok).toBe(false);
    expect(resolveRemindWebhook(settings({ url: "https://x.example.com", retries: 3 }), {}).ok).toBe(false);
  });

  it("the idempotency key is the offer and the reminder's number", () => {
    expect(remindIdempotencyKey("OF-1", 2)).toBe("offer-remind:OF-1:2");
  });

  it("drafts the message in both languages, saying when the deadline has passed", () => {
    const facts = {
      organization: "远航国际货运",
      timezone: "Asia/Shanghai",
      actor: "E-H1",
      note: null,
      reminder: 1,
      now: new Date("2026-10-20T02:00:00Z"),
      candidate: { externalId: "C-1", name: "王磊", email: "wl@example.com", phone: null },
      offer: {
        externalId: "OF-1",
        applicationExternalId: "AP-1",
        sentAt: new Date("2026-10-19T10:00:00Z"),
        deadlineAt: new Date("2026-10-22T10:00:00Z"),
      },
      opening: { externalId: "J-1", title: "海运销售代表" },
    };
    const p = remindPayload(facts);
    expect(p.deadline).toEqual({
      at: "2026-10-22T10:00:00.000Z",
      local: "2026-10-22 18:00",
      timezone: "Asia/Shanghai",
    });
    expect(p.message["zh-CN"]).toContain("请于 2026-10-22 18:00 前答复");
    expect(p.message.en).toContain("awaits your reply by 2026-10-22 18:00 (Asia/Shanghai)");
    const late = remindPayload({ ...facts, now: new Date("2026-10-23T02:00:00Z") });
    expect(late.message["zh-CN"]).toContain("已过");
    expect(late.message.en).toContain("has passed");
  });
});
