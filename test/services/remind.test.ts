// "Remind candidate" through the offers card's action (offerAction) against a real database and a
// webhook consumer on 127.0.0.1: refused in both languages when no webhook is configured; signed,
// retried after a 500 and numbered when it is; a failed delivery records nothing and the retry
// carries the same idempotency key.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/client.ts";
import { offerAction } from "../../src/services/recruitment.ts";
import { remindConfigured } from "../../src/services/remind.ts";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";
import { startWebhookServer, type WebhookServer } from "../helpers/webhook-server.ts";
import { importRecruitment, refused } from "../recruit/fixture.ts";

let fresh: FreshDatabase;
let database: Database;
let server: WebhookServer;
const NOW = new Date("2026-10-20T01:30:00Z"); // Tuesday 09:30 in Shanghai
const noEnv = {};
const deps = { remind: { env: noEnv, sleep: async () => {} } };

beforeAll(async () => {
  fresh = await freshDatabase();
  database = openDatabase(fresh.url, { max: 4 });
  server = await startWebhookServer();
  await importRecruitment(database.pool, (b) => {
    b.candidates = b.candidates.map((c: any) => (c.externalId === "C-4" ? { ...c, email: "liuyang@example.com" } : c));
    b.offers = [
      {
        externalId: "OF-1",
        applicationExternalId: "AP-4",
        sentAt: "2026-10-19T02:00:00Z",
        deadlineAt: "2026-10-22T10:00:00Z",
      },
    ];
  });
});
afterAll(async () => {
  await server.close();
  await database.close();
  await fresh.drop();
});

const remind = (actor = "E-H1", extra: object = deps) =>
  offerAction(database.pool, { offerExternalId: "OF-1", action: { kind: "remind" }, actor, now: NOW }, extra);
const reminds = async () =>
  (
    await database.pool.query(
      `SELECT actor, details FROM audit_log WHERE action = 'offer.remind' AND entity_id = 'OF-1' ORDER BY id`,
    )
  ).rows;
const setWebhook = (value: object | null) =>
  value === null
    ? database.pool.query(`DELETE FROM settings WHERE key = 'remind.webhook'`)
    : database.pool.query(
        `INSERT INTO settings (key, value) VALUES ('remind.webhook', $1::jsonb)
         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
        [JSON.stringify(value)],
      );

describe("without a webhook", () => {
  it("is unavailable and refused with a bilingual message; nothing is recorded or sent", async () => {
    expect(await remindConfigured(database.pool, noEnv)).toBe(false);
    const e = await refused(remind());
    expect(e.code).toBe("offer.remind_unavailable");
    expect(e.messageFor("en")).toContain("no reminder webhook is configured");
    expect(e.messageFor("zh-CN")).toContain("未配置候选人提醒");
    expect(await reminds()).toEqual([]);
    expect(server.received).toEqual([]);
  });

  it("a url without any secret is still unavailable", async () => {
    await setWebhook({ url: server.url });
    try {
      expect(await remindConfigured(database.pool, noEnv)).toBe(false);
      expect((await refused(remind())).code).toBe("offer.remind_unavailable");
    } finally {
      await setWebhook(null);
    }
  });
});

describe("with a webhook", () => {
  beforeAll(async () => {
    await setWebhook({ url: server.url, secret: server.secret });
  });

  it("posts the signed reminder, retries once after a 500, and audits reminder 1 with its key", async () => {
    expect(await remindConfigured(database.pool, noEnv)).toBe(true);
    server.received.length = 0;
    server.script.push(500);
    const r = await remind();
    expect(r.offer).toMatchObject({ status: "pending", reminders: 1, lastRemindedAt: NOW });
    expect(server.received.map((x) => [x.answered, x.signatureValid, x.idempotencyKey])).toEqual([
      [500, true, "offer-remind:OF-1:1"],
      [200, true, "offer-remind:OF-1:1"],
    ]);
    const body = server.received[1]!.body;
    expect(body).toMatchObject({
      type: "offer.remind",
      idempotencyKey: "offer-remind:OF-1:1",
      reminder: 1,
      createdAt: NOW.toISOString(),
      actor: "E-H1",
      candidate: { externalId: "C-4", name: "刘洋", email: "liuyang@example.com", phone: null },
      offer: { externalId: "OF-1", applicationExternalId: "AP-4", deadlineAt: "2026-10-22T10:00:00.000Z" },
      opening: { externalId: "J-1", title: "海运销售代表 / Ocean freight sales" },
      deadline: { local: "2026-10-22 18:00", timezone: "Asia/Shanghai" },
    });
    expect(body.message["zh-CN"]).toContain("刘洋您好");
    expect(body.message.en).toContain("Hello 刘洋");
    expect((await reminds()).map((a) => [a.actor, a.details.reminder, a.details.idempotencyKey])).toEqual([
      ["E-H1", 1, "offer-remind:OF-1:1"],
    ]);
  });

  it("a delivery that fails records nothing; trying again sends the same reminder with the same key", async () => {
    server.received.length = 0;
    server.script.push(500, 500, 500);
    const e = await refused(remind("E-M1"));
    expect(e.code).toBe("offer.remind_failed");
    expect(e.messageFor("zh-CN")).toContain("未能送达");
    expect(await reminds()).toHaveLength(1);
    await remind("E-M1");
    expect(server.received.map((x) => x.idempotencyKey)).toEqual(Array(4).fill("offer-remind:OF-1:2"));
    expect((await reminds()).map((a) => a.details.reminder)).toEqual([1, 2]);
  });

  it("the secret may come from the environment instead of the setting", async () => {
    await setWebhook({ url: server.url });
    server.received.length = 0;
    const r = await remind("E-H1", { remind: { env: { PACER_REMIND_WEBHOOK_SECRET: server.secret } } });
    expect(r.offer.reminders).toBe(3);
    expect(server.received.map((x) => [x.signatureValid, x.idempotencyKey])).toEqual([[true, "offer-remind:OF-1:3"]]);
  });
});
