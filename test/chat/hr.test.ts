// HR in chat: offers with actions, screening, candidates, onboarding — and who may see them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answer } from "../../src/chat/answer.ts";
import type { Intent } from "../../src/chat/intents.ts";
import { openDatabase, type Database } from "../../src/db/client.ts";
import { importScenario } from "../../src/scenario/import.ts";
import type { Card } from "../../cards/model.ts";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";
import { startWebhookServer, type WebhookServer } from "../helpers/webhook-server.ts";
import { readFixture } from "../helpers/fixtures.ts";

let fresh: FreshDatabase;
let database: Database;
let webhook: WebhookServer;
const id: Record<string, number> = {};
// Two days before OF-1's deadline (sent Oct 20 10:00, deadline Oct 23 10:00 Shanghai).
const NOW = new Date("2026-10-21T02:00:00Z");

beforeAll(async () => {
  fresh = await freshDatabase();
  database = openDatabase(fresh.url, { max: 3 });
  await importScenario(database.pool, {
    ...readFixture("golden-east-2026-10.scenario.json"),
    jobOpenings: [
      {
        externalId: "J-1",
        title: "货代销售经理 Freight sales manager",
        teamExternalId: "T-EAST",
        ownerExternalId: "E-M1",
        keywordProfile: {
          required: [{ keyword: "货代销售经验", weight: 3, synonyms: ["freight forwarding sales", "国际物流销售"] }],
          preferred: [{ keyword: "客户资源", weight: 2, synonyms: ["client book"] }],
        },
      },
    ],
    candidates: [
      { externalId: "CA-1", name: "赵强", resumeText: "工作经历：5年货代销售经验，自带客户资源。" },
      { externalId: "CA-2", name: "Amy Chen", resumeText: "Freight forwarding sales, 3 years." },
    ],
    applications: [
      {
        externalId: "AP-1",
        candidateExternalId: "CA-1",
        openingExternalId: "J-1",
        stage: "offer",
        appliedAt: "2026-10-02T02:00:00Z",
      },
      {
        externalId: "AP-2",
        candidateExternalId: "CA-2",
        openingExternalId: "J-1",
        stage: "screened",
        appliedAt: "2026-10-03T02:00:00Z",
      },
    ],
    offers: [{ externalId: "OF-1", applicationExternalId: "AP-1", sentAt: "2026-10-20T02:00:00Z" }],
  });
  // "Remind candidate" posts to the organization's webhook: a consumer on 127.0.0.1.
  webhook = await startWebhookServer();
  await database.pool.query(`INSERT INTO settings (key, value) VALUES ('remind.webhook', $1::jsonb)`, [
    JSON.stringify({ url: webhook.url, secret: webhook.secret }),
  ]);
  const rows = await database.pool.query<{ external_id: string; id: number }>(`SELECT external_id, id FROM employees`);
  for (const r of rows.rows) id[r.external_id] = r.id;
});
afterAll(async () => {
  await webhook.close();
  await database.close();
  await fresh.drop();
});

const ask = (who: string, intent: Intent) =>
  answer(
    { pool: database.pool, now: () => NOW },
    { employeeId: id[who]!, platform: "console", inGroup: false },
    intent,
  );
const json = (card: Card) => JSON.stringify(card);
const buttons = (card: Card) => card.elements.flatMap((e) => (e.type === "actions" ? e.buttons : []));

describe("offers", () => {
  it("HR sees the offer due within 48 hours with its four actions", async () => {
    const { card } = await ask("E-H1", { kind: "offers" });
    expect(json(card)).toContain("赵强");
    const intents = buttons(card).map((b) => b.intent);
    expect(intents).toEqual(
      expect.arrayContaining([
        { kind: "offer_action", offer: "OF-1", action: "accept" },
        { kind: "offer_action", offer: "OF-1", action: "decline" },
        expect.objectContaining({ kind: "offer_action", offer: "OF-1", action: "extend" }),
        { kind: "offer_action", offer: "OF-1", action: "remind" },
      ]),
    );
  });

  it("shows the remind button only with a webhook configured; pressing it posts to the webhook", async () => {
    const remindButtons = (card: Card) =>
      buttons(card).filter((b) => (b.intent as { action?: string }).action === "remind");
    const setting = await database.pool.query(`SELECT value FROM settings WHERE key = 'remind.webhook'`);
    await database.pool.query(`DELETE FROM settings WHERE key = 'remind.webhook'`);
    try {
      const without = await ask("E-H1", { kind: "offers" });
      expect(json(without.card)).toContain("赵强");
      expect(remindButtons(without.card)).toEqual([]);
    } finally {
      await database.pool.query(`INSERT INTO settings (key, value) VALUES ('remind.webhook', $1::jsonb)`, [
        JSON.stringify(setting.rows[0].value),
      ]);
    }
    const withWebhook = await ask("E-H1", { kind: "offers" });
    expect(remindButtons(withWebhook.card).map((b) => b.intent)).toEqual([
      { kind: "offer_action", offer: "OF-1", action: "remind" },
    ]);
    const before = webhook.received.length;
    const pressed = await ask("E-H1", { kind: "offer_action", offer: "OF-1", action: "remind" });
    expect(webhook.received.slice(before)).toHaveLength(1);
    expect(webhook.received[before]).toMatchObject({
      signatureValid: true,
      body: { type: "offer.remind", offer: { externalId: "OF-1" } },
    });
    expect(json(pressed.card)).toContain("赵强");
    // Leaves the audit trail the next test reads as it found it.
    await database.pool.query(`DELETE FROM audit_log WHERE action = 'offer.remind'`);
  });

  it("the hiring manager sees their opening's offer read-only and cannot act; a salesperson sees nothing", async () => {
    const manager = await ask("E-M1", { kind: "offers" });
    expect(json(manager.card)).toContain("赵强");
    expect(buttons(manager.card).filter((b) => b.intent.kind === "offer_action")).toEqual([]);
    const forged = await ask("E-M1", { kind: "offer_action", offer: "OF-1", action: "accept" });
    expect(json(forged.card)).toMatch(/Only HR can act on offers/);
    const rep = await ask("E-A", { kind: "offers" });
    expect(json(rep.card)).not.toContain("赵强");
    expect(json(rep.card)).toMatch(/for HR, admins and hiring managers/);
  });

  it("extend, remind, then accept: the card updates with the result; an answered offer refuses more", async () => {
    const extended = await ask("E-H1", { kind: "offer_action", offer: "OF-1", action: "extend", days: 3 });
    expect(json(extended.card)).toContain("Extended OF-1's deadline by 3 days");
    const offer = await database.pool.query(`SELECT deadline_at FROM offers WHERE external_id = 'OF-1'`);
    expect(offer.rows[0].deadline_at.toISOString()).toBe("2026-10-26T02:00:00.000Z");
    await ask("E-H1", { kind: "offer_action", offer: "OF-1", action: "remind" });
    const accepted = await ask("E-H1", { kind: "offer_action", offer: "OF-1", action: "accept" });
    expect(json(accepted.card)).toContain("Marked OF-1 accepted");
    const state = await database.pool.query(
      `SELECT o.status::text AS offer, a.stage::text AS stage FROM offers o JOIN applications a ON a.id = o.application_id WHERE o.external_id = 'OF-1'`,
    );
    expect(state.rows[0]).toEqual({ offer: "accepted", stage: "accepted" });
    const again = await ask("E-H1", { kind: "offer_action", offer: "OF-1", action: "decline" });
    expect(json(again.card)).not.toContain("Marked OF-1 declined");
    const audit = await database.pool.query(`SELECT action FROM audit_log WHERE action LIKE 'offer.%' ORDER BY id`);
    expect(audit.rows.map((r) => r.action)).toEqual(["offer.extend", "offer.remind", "offer.accept"]);
  });
});

describe("screening and candidates", () => {
  it("ranks the opening's candidates and explains one candidate's matches", async () => {
    const ranking = await ask("E-H1", { kind: "screening" });
    expect(json(ranking.card)).toContain("赵强");
    expect(json(ranking.card)).toContain("Amy Chen");
    const one = await ask("E-H1", { kind: "candidate", query: "Amy Chen" });
    expect(json(one.card)).toContain("freight forwarding sales");
  });

  it("salespeople cannot see candidates", async () => {
    const rep = await ask("E-A", { kind: "candidate", query: "赵强" });
    expect(json(rep.card)).not.toContain("客户资源");
  });
});

describe("onboarding", () => {
  it("HR gets the onboarding card; a salesperson does not", async () => {
    const hr = await ask("E-H1", { kind: "onboarding" });
    expect(hr.card.header.title.en).toMatch(/onboarding|probation|new hires/i);
    const rep = await ask("E-A", { kind: "onboarding" });
    expect(json(rep.card)).toMatch(/for HR, admins and hiring managers/);
  });
});
