// Slack end to end: the real service (startService) with the real Bolt and Web API client, talking
// to a fake Slack on 127.0.0.1. Requests to Pacer are signed exactly as Slack signs them.
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadEnv } from "../../src/config/env.ts";
import { openDatabase, type Database } from "../../src/db/client.ts";
import { startService, type Service } from "../../src/main.ts";
import { importScenario } from "../../src/scenario/import.ts";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";
import { FakeSlack, slackSignature } from "../helpers/fake-slack.ts";
import { readFixture } from "../helpers/fixtures.ts";
import { REDIS_URL } from "../helpers/server.ts";

const SECRET = "test-signing-secret";
let fresh: FreshDatabase;
let database: Database;
let slack: FakeSlack;
let service: Service;
let eventSeq = 0;
// Event ids must be unique across runs: dedupe lives in the shared Redis.
const RUN = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  fresh = await freshDatabase();
  database = openDatabase(fresh.url, { max: 2 });
  await importScenario(database.pool, readFixture("golden-east-2026-10.scenario.json"));
  slack = await new FakeSlack().start();
  slack.users(
    { id: "U0WANG", email: "WangLei@example.com", name: "王磊" },
    { id: "U0LI", email: "lijing@example.com", name: "李静" },
    { id: "U0ZHOU", email: "zhoumin@example.com", name: "周敏" },
    { id: "U0STRANGER", email: "someone@elsewhere.com" },
  );
  const env = loadEnv({
    DATABASE_URL: fresh.url,
    REDIS_URL,
    PORT: String(await freePort()),
    LOG_LEVEL: "silent",
    SLACK_BOT_TOKEN: "xoxb-test",
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.apiUrl,
    PACER_NOW: "2026-10-16T10:00:00+08:00",
  });
  service = await startService(env, { host: "127.0.0.1" });
});

afterAll(async () => {
  await service?.stop();
  await slack?.stop();
  await database?.close();
  await fresh?.drop();
});

function post(body: string, contentType: string, headers: Record<string, string> = slackSignature(body, SECRET)) {
  return fetch(`${service.url}/slack/events`, { method: "POST", headers: { "content-type": contentType, ...headers }, body });
}

function eventBody(event: Record<string, unknown>, eventId = `Ev${RUN}${++eventSeq}`) {
  return JSON.stringify({ type: "event_callback", team_id: slack.teamId, api_app_id: "A0PACER", event_id: eventId, event_time: 1, event });
}

const dm = (user: string, textValue: string) =>
  eventBody({ type: "message", channel_type: "im", channel: `D${user}`, user, text: textValue, ts: `${Date.now() / 1000}` });

function blocksText(call: { body: Record<string, unknown> }): string {
  return JSON.stringify(call.body.blocks ?? call.body.view ?? "") + String(call.body.text ?? "");
}

describe("request verification", () => {
  it("answers url_verification with the challenge", async () => {
    const body = JSON.stringify({ type: "url_verification", challenge: "abc123", token: "x" });
    const res = await post(body, "application/json");
    expect(await res.json()).toEqual({ challenge: "abc123" });
  });

  it("rejects a bad signature and a stale timestamp with 401, doing nothing", async () => {
    const before = slack.calls.length;
    const body = dm("U0WANG", "kpi");
    expect((await post(body, "application/json", slackSignature(body, "wrong-secret"))).status).toBe(401);
    const stale = slackSignature(body, SECRET, Math.floor(Date.now() / 1000) - 6 * 60);
    expect((await post(body, "application/json", stale)).status).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(slack.calls.length).toBe(before);
  });
});

describe("direct messages", () => {
  it("acks at once, links the user by email, and answers with the progress card", async () => {
    const started = Date.now();
    const res = await post(dm("U0WANG", "离目标还差多少？"), "application/json");
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(3000);
    const sent = await slack.waitFor(() => slack.callsTo("chat.postMessage").find((c) => c.body.channel === "DU0WANG"));
    expect(blocksText(sent)).toContain("¥");
    expect(sent.authorization).toBe("Bearer xoxb-test");
    const link = await database.pool.query(`SELECT e.external_id, c.linked_by FROM chat_identities c JOIN employees e ON e.id = c.employee_id WHERE c.user_id = 'U0WANG'`);
    expect(link.rows).toEqual([{ external_id: "E-A", linked_by: "email" }]);
  });

  it("handles an event once even when Slack retries it", async () => {
    const body = dm("U0WANG", "details");
    const first = await post(body, "application/json");
    expect(first.status).toBe(200);
    await slack.waitFor(() => slack.callsTo("chat.postMessage").filter((c) => c.body.channel === "DU0WANG").length >= 2);
    const retry = await post(body, "application/json", { ...slackSignature(body, SECRET), "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" });
    expect(retry.status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(slack.callsTo("chat.postMessage").filter((c) => c.body.channel === "DU0WANG")).toHaveLength(2);
  });

  it("tells an unlinked user only how to get linked", async () => {
    await post(dm("U0STRANGER", "how far from target?"), "application/json");
    const sent = await slack.waitFor(() => slack.callsTo("chat.postMessage").find((c) => c.body.channel === "DU0STRANGER"));
    expect(blocksText(sent)).toContain("pacer link");
    expect(blocksText(sent)).not.toContain("¥");
  });

  it("switches language on request", async () => {
    await post(dm("U0LI", "english"), "application/json");
    await slack.waitFor(() => slack.callsTo("chat.postMessage").find((c) => c.body.channel === "DU0LI"));
    await post(dm("U0LI", "kpi"), "application/json");
    const card = await slack.waitFor(() => slack.callsTo("chat.postMessage").filter((c) => c.body.channel === "DU0LI")[1]);
    expect(blocksText(card)).toMatch(/Collected revenue/);
    expect(blocksText(card)).not.toMatch(/回款/);
  });
});

describe("channels", () => {
  it("answers an @mention with personal numbers visible only to the asker (ephemeral)", async () => {
    await post(eventBody({ type: "app_mention", channel: "C0SALES", user: "U0WANG", text: `<@${slack.botUserId}> kpi`, ts: "1.1" }), "application/json");
    const eph = await slack.waitFor(() => slack.callsTo("chat.postEphemeral").find((c) => c.body.channel === "C0SALES"));
    expect(eph.body.user).toBe("U0WANG");
    expect(slack.callsTo("chat.postMessage").find((c) => c.body.channel === "C0SALES")).toBeUndefined();
  });

  it("falls back to a DM with a short note in the channel when an ephemeral message is not possible", async () => {
    await post(eventBody({ type: "app_mention", channel: "CNOTIN1", user: "U0WANG", text: `<@${slack.botUserId}> kpi`, ts: "1.2" }), "application/json");
    await slack.waitFor(() => slack.callsTo("chat.postMessage").find((c) => c.body.channel === "U0WANG"));
    const note = await slack.waitFor(() => slack.callsTo("chat.postMessage").find((c) => c.body.channel === "CNOTIN1"));
    expect(String(note.body.text)).toContain("<@U0WANG>");
    expect(blocksText(note)).not.toContain("¥");
  });
});

describe("/kpi, buttons and App Home", () => {
  it("/kpi team from a manager acks at once and answers with the team view", async () => {
    const form = new URLSearchParams({
      command: "/kpi",
      text: "team",
      team_id: slack.teamId,
      user_id: "U0ZHOU",
      channel_id: "D0ZHOU",
      channel_name: "directmessage",
      response_url: slack.responseUrl("cmd1"),
      trigger_id: "t1",
    }).toString();
    const res = await post(form, "application/x-www-form-urlencoded");
    expect(res.status).toBe(200);
    const sent = await slack.waitFor(() => slack.callsTo("chat.postMessage").find((c) => c.body.channel === "D0ZHOU"));
    expect(blocksText(sent)).toContain("王磊");
  });

  it("a button press replaces the message in place through response_url", async () => {
    const payload = {
      type: "block_actions",
      team: { id: slack.teamId },
      user: { id: "U0WANG" },
      api_app_id: "A0PACER",
      container: { type: "message", channel_id: "DU0WANG", message_ts: "1.3" },
      channel: { id: "DU0WANG" },
      response_url: slack.responseUrl("btn1"),
      trigger_id: "t2",
      actions: [{ type: "button", action_id: "pacer_unpaid", block_id: "b1", value: JSON.stringify({ kind: "unpaid", page: 1 }), action_ts: "1.4" }],
    };
    const res = await post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), "application/x-www-form-urlencoded");
    expect(res.status).toBe(200);
    const response = await slack.waitFor(() => slack.responses.find((r) => r.id === "btn1"));
    expect(response.body.replace_original).toBe(true);
    expect(Array.isArray(response.body.blocks)).toBe(true);
  });

  it("a tampered button value is refused with the help card, not guessed", async () => {
    const payload = {
      type: "block_actions",
      team: { id: slack.teamId },
      user: { id: "U0WANG" },
      container: { type: "message", channel_id: "DU0WANG", message_ts: "1.5" },
      response_url: slack.responseUrl("btn2"),
      actions: [{ type: "button", action_id: "pacer_details", value: '{"kind":"details","subject":"E-B","page":-4}', action_ts: "1.6" }],
    };
    await post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), "application/x-www-form-urlencoded");
    const response = await slack.waitFor(() => slack.responses.find((r) => r.id === "btn2"));
    expect(JSON.stringify(response.body)).not.toContain("李静");
  });

  it("a salesperson cannot open a teammate's details with a forged button", async () => {
    const payload = {
      type: "block_actions",
      team: { id: slack.teamId },
      user: { id: "U0WANG" },
      container: { type: "message", channel_id: "DU0WANG", message_ts: "1.7" },
      response_url: slack.responseUrl("btn3"),
      actions: [{ type: "button", action_id: "pacer_details", value: JSON.stringify({ kind: "details", subject: "E-B", page: 1 }), action_ts: "1.8" }],
    };
    await post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), "application/x-www-form-urlencoded");
    const response = await slack.waitFor(() => slack.responses.find((r) => r.id === "btn3"));
    expect(JSON.stringify(response.body)).not.toContain("O6");
    expect(JSON.stringify(response.body)).toMatch(/没有权限|can't see/);
  });

  it("publishes the personal dashboard on the App Home tab", async () => {
    await post(eventBody({ type: "app_home_opened", user: "U0WANG", channel: "DU0WANG", tab: "home" }), "application/json");
    const view = await slack.waitFor(() => slack.callsTo("views.publish").find((c) => c.body.user_id === "U0WANG"));
    expect((view.body.view as { type: string }).type).toBe("home");
  });
});
