// HR's offer buttons on both platforms, through the real SDKs against the fakes: the card comes
// back updated with the result (Slack: chat.update in place; Lark: inside the callback answer).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.ts";
import type { Service } from "../../src/main.ts";
import { importScenario } from "../../src/scenario/import.ts";
import { platformEnv } from "../helpers/both-platforms.ts";
import { FakeLark } from "../helpers/fake-lark.ts";
import { FakeSlack, slackSignature } from "../helpers/fake-slack.ts";
import { startGoldenService, type GoldenService } from "../helpers/service.ts";

const SECRET = "hr-test-secret";
const HR_LARK = { open_id: "ou_linfang00000000000000000000005" };
let golden: GoldenService;
let service: Service;
let database: Database;
let slack: FakeSlack;
let lark: FakeLark;

beforeAll(async () => {
  slack = await new FakeSlack().start();
  slack.users({ id: "U0LINFANG", email: "linfang@example.com" }, { id: "U0ZHOU", email: "zhoumin@example.com" });
  lark = await new FakeLark().start();
  lark.users({ ...HR_LARK, email: "linfang@example.com" });
  golden = await startGoldenService({
    ...platformEnv(slack, lark, SECRET),
  });
  ({ service, database } = golden);
  const cand = (n: number) => ({ externalId: `CA-${n}`, name: `候选人${n}`, resumeText: "货代销售经验" });
  const app = (n: number) => ({
    externalId: `AP-${n}`,
    candidateExternalId: `CA-${n}`,
    openingExternalId: "J-1",
    stage: "offer",
    appliedAt: "2026-10-02T02:00:00Z",
  });
  await importScenario(database.pool, {
    organization: { name: "远航国际货运 (demo)", timezone: "Asia/Shanghai", currency: "CNY" },
    jobOpenings: [
      {
        externalId: "J-1",
        title: "货代销售",
        teamExternalId: "T-EAST",
        ownerExternalId: "E-M1",
        keywordProfile: { required: [], preferred: [] },
      },
    ],
    candidates: [cand(1), cand(2)],
    applications: [app(1), app(2)],
    // PACER_NOW is 2026-10-20 12:00 Shanghai: both deadlines are within 3 days.
    offers: [
      { externalId: "OF-1", applicationExternalId: "AP-1", sentAt: "2026-10-19T02:00:00Z" },
      { externalId: "OF-2", applicationExternalId: "AP-2", sentAt: "2026-10-19T03:00:00Z" },
    ],
  });
});

afterAll(async () => {
  await golden?.stop();
  await slack?.stop();
  await lark?.stop();
});

function press(user: string, value: object, ts: string) {
  const body = slack.buttonPress({ user, value: JSON.stringify(value), ts, actionId: "accept_1" });
  return fetch(`${service.url}/slack/events`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...slackSignature(body, SECRET) },
    body,
  });
}

describe("offer buttons", () => {
  it("Slack: HR accepts OF-1 and the card is updated in place with the result", async () => {
    expect((await press("U0LINFANG", { kind: "offer_action", offer: "OF-1", action: "accept" }, "5.1")).status).toBe(
      200,
    );
    const update = await slack.waitFor(() => slack.callsTo("chat.update").find((c) => c.body.ts === "5.1"));
    expect(JSON.stringify(update.body.blocks)).toContain("OF-1");
    const state = await database.pool.query(`SELECT status::text FROM offers WHERE external_id = 'OF-1'`);
    expect(state.rows[0].status).toBe("accepted");
  });

  it("Slack: the hiring manager's forged accept is refused and changes nothing", async () => {
    await press("U0ZHOU", { kind: "offer_action", offer: "OF-2", action: "accept" }, "5.2");
    const update = await slack.waitFor(() => slack.callsTo("chat.update").find((c) => c.body.ts === "5.2"));
    expect(JSON.stringify(update.body.blocks)).toMatch(/只有人事|Only HR/);
    const state = await database.pool.query(`SELECT status::text FROM offers WHERE external_id = 'OF-2'`);
    expect(state.rows[0].status).toBe("pending");
  });

  it("Lark: HR declines OF-2 and the updated card comes back inside the callback", async () => {
    const value = {
      intent: JSON.stringify({ kind: "offer_action", offer: "OF-2", action: "decline" }),
      action: "decline_1",
    };
    const res = await lark.deliver(
      `${service.url}/lark/events`,
      lark.cardActionEvent({ operator: HR_LARK, value, messageId: "om_offers", chatId: "oc_hr" }),
    );
    expect(res.status).toBe(200);
    const body = res.json as { card?: { type: string; data: unknown } };
    expect(body.card?.type).toBe("raw");
    expect(JSON.stringify(body.card?.data)).toContain("OF-2");
    const state = await database.pool.query(`SELECT status::text FROM offers WHERE external_id = 'OF-2'`);
    expect(state.rows[0].status).toBe("declined");
  });
});
