// Socket Mode: with SLACK_APP_TOKEN set, the real SocketModeReceiver connects to the URL that
// apps.connections.open returns (the fake's ws://), receives envelopes and acknowledges them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Service } from "../../src/main.ts";
import { startGoldenService, type GoldenService } from "../helpers/service.ts";
import { FakeSlack } from "../helpers/fake-slack.ts";

let slack: FakeSlack;
let service: Service;
const RUN = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

let golden: GoldenService;

beforeAll(async () => {
  slack = await new FakeSlack().start();
  slack.users({ id: "U0WANG", email: "wanglei@example.com" });
  golden = await startGoldenService({
    SLACK_BOT_TOKEN: "xoxb-test",
    SLACK_APP_TOKEN: "xapp-test",
    SLACK_API_URL: slack.apiUrl,
  });
  service = golden.service;
  await slack.socketConnected();
});

afterAll(async () => {
  await golden?.stop();
  await slack?.stop();
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
    const res = await fetch(`${service.url}/slack/events`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(res.status).toBe(404);
  });
});
