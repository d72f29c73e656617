// Socket Mode: with SLACK_APP_TOKEN set, the real SocketModeReceiver connects to the URL that
// apps.connections.open returns (the fake's ws://), receives envelopes and acknowledges them.
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadEnv } from "../../src/config/env.ts";
import { startService, type Service } from "../../src/main.ts";
import { openDatabase, type Database } from "../../src/db/client.ts";
import { importScenario } from "../../src/scenario/import.ts";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";
import { FakeSlack } from "../helpers/fake-slack.ts";
import { readFixture } from "../helpers/fixtures.ts";
import { REDIS_URL } from "../helpers/server.ts";

let fresh: FreshDatabase;
let database: Database;
let slack: FakeSlack;
let service: Service;
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
  slack.users({ id: "U0WANG", email: "wanglei@example.com" });
  const env = loadEnv({
    DATABASE_URL: fresh.url,
    REDIS_URL,
    PORT: String(await freePort()),
    LOG_LEVEL: "silent",
    SLACK_BOT_TOKEN: "xoxb-test",
    SLACK_APP_TOKEN: "xapp-test",
    SLACK_API_URL: slack.apiUrl,
    PACER_NOW: "2026-10-20T12:00:00+08:00",
  });
  service = await startService(env, { host: "127.0.0.1" });
  await slack.socketConnected();
});

afterAll(async () => {
  await service?.stop();
  await slack?.stop();
  await database?.close();
  await fresh?.drop();
});

describe("Socket Mode", () => {
  it("opens the connection with the app token and answers an event envelope after acking it", async () => {
    const open = slack.callsTo("apps.connections.open")[0];
    expect(open?.authorization).toBe("Bearer xapp-test");
    slack.sendEnvelope({
      envelope_id: `env-${RUN}`,
      type: "events_api",
      payload: {
        type: "event_callback",
        team_id: slack.teamId,
        event_id: `Ev${RUN}`,
        event: { type: "message", channel_type: "im", channel: "DU0WANG", user: "U0WANG", text: "kpi", ts: "1.1" },
      },
    });
    await slack.waitFor(() => slack.acks.find((a) => a.envelope_id === `env-${RUN}`));
    const sent = await slack.waitFor(() => slack.callsTo("chat.postMessage").find((c) => c.body.channel === "DU0WANG"));
    expect(JSON.stringify(sent.body.blocks)).toContain("¥35,000.00");
  });

  it("does not serve /slack/events over HTTP in Socket Mode", async () => {
    const res = await fetch(`${service.url}/slack/events`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(res.status).toBe(404);
  });
});
