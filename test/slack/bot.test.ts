// Slack end to end: the real service (startService) with the real Bolt and Web API client, talking
// to a fake Slack on 127.0.0.1. Requests to Pacer are signed exactly as Slack signs them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.ts";
import type { Service } from "../../src/main.ts";
import { startGoldenService, type GoldenService } from "../helpers/service.ts";
import { FakeSlack, slackSignature } from "../helpers/fake-slack.ts";
import { readFixture } from "../helpers/fixtures.ts";

const SECRET = "test-signing-secret";
const NOW = "2026-10-20T12:00:00+08:00";

/** 王磊's collected revenue as of NOW, computed from the fixture here, not by Pacer's code. */
function expectedCollected(): string {
  const golden = readFixture("golden-east-2026-10.scenario.json");
  const mine = new Set(
    golden.orders
      .filter((o: { ownerExternalId: string }) => o.ownerExternalId === "E-A")
      .map((o: { externalId: string }) => o.externalId),
  );
  const from = Date.parse("2026-10-01T00:00:00+08:00");
  const to = Date.parse(NOW);
  const cents = golden.payments
    .filter(
      (p: { orderExternalId: string; paidAt: string }) =>
        mine.has(p.orderExternalId) && Date.parse(p.paidAt) >= from && Date.parse(p.paidAt) < to,
    )
    .reduce((sum: number, p: { amount: string }) => sum + Math.round(Number(p.amount) * 100), 0);
  return `¥${(cents / 100).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}
let database: Database;
let slack: FakeSlack;
let service: Service;
let eventSeq = 0;
// Event ids must be unique across runs: dedupe lives in the shared Redis.
const RUN = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

let golden: GoldenService;

beforeAll(async () => {
  slack = await new FakeSlack().start();
  slack.users(
    { id: "U0WANG", email: "WangLei@example.com", name: "王磊" },
    { id: "U0LI", email: "lijing@example.com", name: "李静" },
    { id: "U0ZHOU", email: "zhoumin@example.com", name: "周敏" },
    { id: "U0ZHANG", email: "zhangwei@example.com", name: "张伟" },
    { id: "U0STRANGER", email: "someone@elsewhere.com" },
  );
  golden = await startGoldenService({
    SLACK_BOT_TOKEN: "xoxb-test",
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.apiUrl,
    PACER_NOW: NOW,
  });
  ({ service, database } = golden);
});

afterAll(async () => {
  await golden?.stop();
  await slack?.stop();
});

function post(body: string, contentType: string, headers: Record<string, string> = slackSignature(body, SECRET)) {
  return fetch(`${service.url}/slack/events`, {
    method: "POST",
    headers: { "content-type": contentType, ...headers },
    body,
  });
}

function eventBody(event: Record<string, unknown>, eventId = `Ev${RUN}${++eventSeq}`) {
  return JSON.stringify({
    type: "event_callback",
    team_id: slack.teamId,
    api_app_id: "A0PACER",
    event_id: eventId,
    event_time: 1,
    event,
  });
}

const dm = (user: string, textValue: string) =>
  eventBody({
    type: "message",
    channel_type: "im",
    channel: `D${user}`,
    user,
    text: textValue,
    ts: `${Date.now() / 1000}`,
  });

function blocksText(call: { body: Record<string, unknown> }): string {
  return JSON.stringify(call.body.blocks ?? call.body.view ?? "") + String(call.body.text ?? "");
}

describe("request verification", () => {
  it("answers url_verification with the challenge", async () => {
    const body = JSON.stringify({ type: "url_verification", challenge: "abc123", token: "x" });
    const res = await post(body, "application/json");
    expect(await res.json()).toEqual({ challenge: "abc123" });
  });

  it("rejects a forged signature and a timestamp 6 minutes old or ahead with 401, doing nothing", async () => {
    const before = slack.calls.length;
    const body = dm("U0WANG", "kpi");
    expect((await post(body, "application/json", slackSignature(body, "wrong-secret"))).status).toBe(401);
    const stale = slackSignature(body, SECRET, Math.floor(Date.now() / 1000) - 6 * 60);
    expect((await post(body, "application/json", stale)).status).toBe(401);
    const future = slackSignature(body, SECRET, Math.floor(Date.now() / 1000) + 6 * 60);
    expect((await post(body, "application/json", future)).status).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(slack.calls.length).toBe(before);
  });

  it("reads no more than Slack can send before checking the signature: a body over 1 MB is refused with 413", async () => {
    const before = slack.calls.length;
    const body = dm("U0WANG", `kpi ${"x".repeat(1024 * 1024)}`);
    const res = await post(body, "application/json");
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: string }).error).toBe("payload_too_large");
    await new Promise((r) => setTimeout(r, 200));
    expect(slack.calls.length).toBe(before);
  });
});

describe("direct messages", () => {
  it("acks at once, links the user by email, and answers with his actual numbers", async () => {
    const started = Date.now();
    const res = await post(dm("U0WANG", "how far from target?"), "application/json");
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(3000);
    const sent = await slack.waitFor(() => slack.callsTo("chat.postMessage").find((c) => c.body.channel === "DU0WANG"));
    expect(slack.callsTo("chat.postMessage").filter((c) => c.body.channel === "DU0WANG")).toHaveLength(1);
    expect(expectedCollected()).toBe("¥35,000.00");
    expect(blocksText(sent)).toContain(`${expectedCollected()} / ¥40,000.00`);
    expect(sent.authorization).toBe("Bearer xoxb-test");
    const link = await database.pool.query(
      `SELECT e.external_id, c.linked_by FROM chat_identities c JOIN employees e ON e.id = c.employee_id WHERE c.user_id = 'U0WANG'`,
    );
    expect(link.rows).toEqual([{ external_id: "E-A", linked_by: "email" }]);
  });

  it("handles an event once even when Slack retries it", async () => {
    const body = dm("U0WANG", "details");
    const first = await post(body, "application/json");
    expect(first.status).toBe(200);
    await slack.waitFor(
      () => slack.callsTo("chat.postMessage").filter((c) => c.body.channel === "DU0WANG").length >= 2,
    );
    const retry = await post(body, "application/json", {
      ...slackSignature(body, SECRET),
      "x-slack-retry-num": "1",
      "x-slack-retry-reason": "http_timeout",
    });
    expect(retry.status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(slack.callsTo("chat.postMessage").filter((c) => c.body.channel === "DU0WANG")).toHaveLength(2);
  });

  it("tells an unlinked user only how to get linked", async () => {
    await post(dm("U0STRANGER", "how far from target?"), "application/json");
    const sent = await slack.waitFor(() =>
      slack.callsTo("chat.postMessage").find((c) => c.body.channel === "DU0STRANGER"),
    );
    expect(blocksText(sent)).toContain("pacer link");
    expect(blocksText(sent)).not.toContain("¥");
  });

  it("switches language on request", async () => {
    await post(dm("U0LI", "english"), "application/json");
    await slack.waitFor(() => slack.callsTo("chat.postMessage").find((c) => c.body.channel === "DU0LI"));
    await post(dm("U0LI", "kpi"), "application/json");
    const card = await slack.waitFor(
      () => slack.callsTo("chat.postMessage").filter((c) => c.body.channel === "DU0LI")[1],
    );
    expect(blocksText(card)).toMatch(/Collected revenue/);
    expect(blocksText(card)).not.toMatch(/回款/);
  });
});

describe("channels", () => {
  it("answers an @mention with personal numbers visible only to the asker (ephemeral)", async () => {
    await post(
      eventBody({
        type: "app_mention",
        channel: "C0SALES",
        user: "U0WANG",
        text: `<@${slack.botUserId}> kpi`,
        ts: "1.1",
      }),
      "application/json",
    );
    const eph = await slack.waitFor(() =>
      slack.callsTo("chat.postEphemeral").find((c) => c.body.channel === "C0SALES"),
    );
    expect(eph.body.user).toBe("U0WANG");
    expect(slack.callsTo("chat.postMessage").find((c) => c.body.channel === "C0SALES")).toBeUndefined();
  });

  it("answers a manager about a teammate @mentioned with the bot — found in the directory though he never wrote to it — to the manager only", async () => {
    const links = () => database.pool.query(`SELECT linked_by FROM chat_identities WHERE user_id = 'U0ZHANG'`);
    expect((await links()).rows).toEqual([]);
    await post(
      eventBody({
        type: "app_mention",
        channel: "C0SALES2",
        user: "U0ZHOU",
        text: `<@${slack.botUserId}> <@U0ZHANG> 怎么样了`,
        ts: "1.3",
      }),
      "application/json",
    );
    const eph = await slack.waitFor(() =>
      slack.callsTo("chat.postEphemeral").find((c) => c.body.channel === "C0SALES2"),
    );
    expect(eph.body.user).toBe("U0ZHOU");
    expect(blocksText(eph)).toContain("张伟");
    expect(blocksText(eph)).toContain("¥");
    expect((await links()).rows).toEqual([{ linked_by: "email" }]);
  });

  it("falls back to a DM with a short note in the channel when an ephemeral message is not possible", async () => {
    await post(
      eventBody({
        type: "app_mention",
        channel: "CNOTIN1",
        user: "U0WANG",
        text: `<@${slack.botUserId}> kpi`,
        ts: "1.2",
      }),
      "application/json",
    );
    await slack.waitFor(() => slack.callsTo("chat.postMessage").find((c) => c.body.channel === "U0WANG"));
    const note = await slack.waitFor(() => slack.callsTo("chat.postMessage").find((c) => c.body.channel === "CNOTIN1"));
    expect(String(note.body.text)).toContain("<@U0WANG>");
    expect(blocksText(note)).not.toContain("¥");
  });
});

/** The form Slack posts for a `/kpi` command; its response_url is the fake's `id`. */
function kpiCommand(c: {
  text: string;
  user: string;
  channel: string;
  channelName: string;
  id: string;
  trigger: string;
}) {
  return new URLSearchParams({
    command: "/kpi",
    text: c.text,
    team_id: slack.teamId,
    user_id: c.user,
    channel_id: c.channel,
    channel_name: c.channelName,
    response_url: slack.responseUrl(c.id),
    trigger_id: c.trigger,
  }).toString();
}

describe("/kpi, buttons and App Home", () => {
  it("/kpi team from a manager acks at once and answers with the team view", async () => {
    const form = kpiCommand({
      text: "team",
      user: "U0ZHOU",
      channel: "D0ZHOU",
      channelName: "directmessage",
      id: "cmd1",
      trigger: "t1",
    });
    const res = await post(form, "application/x-www-form-urlencoded");
    expect(res.status).toBe(200);
    // Through the command's response_url: D0ZHOU may be a DM the bot is not in.
    const sent = await slack.waitFor(() => slack.responses.find((r) => r.id === "cmd1"));
    expect(blocksText(sent)).toContain("王磊");
  });

  it("/kpi typed in a DM between two people is answered through its response_url, to the asker only", async () => {
    const refusedBefore = slack.refused.length;
    const form = kpiCommand({
      text: "",
      user: "U0WANG",
      // 王磊 and 李静's DM, which the bot is not in.
      channel: "D0WANGLI",
      channelName: "directmessage",
      id: "cmd-dm",
      trigger: "t1b",
    });
    expect((await post(form, "application/x-www-form-urlencoded")).status).toBe(200);
    const sent = await slack.waitFor(() => slack.responses.find((r) => r.id === "cmd-dm"));
    expect(sent.body.response_type).toBe("ephemeral");
    expect(blocksText(sent)).toContain(expectedCollected());
    // Nothing was tried in the DM the bot is not in (earlier tests' refusals stay on the list).
    expect(slack.refused.slice(refusedBefore)).toEqual([]);
  });

  it("/kpi answered after its response_url is spent (30 minutes, 5 replies) comes to the asker's DM instead", async () => {
    const lifetime = slack.responseUrlLifetimeMs;
    slack.responseUrlLifetimeMs = 0; // the answer waited in the queue longer than Slack keeps the URL
    try {
      const form = kpiCommand({
        text: "team",
        user: "U0WANG",
        channel: "C0SALES",
        channelName: "sales",
        id: "cmd-late",
        trigger: "t1late",
      });
      const postsBefore = slack.callsTo("chat.postMessage").length;
      expect((await post(form, "application/x-www-form-urlencoded")).status).toBe(200);
      const dm = await slack.waitFor(() =>
        slack
          .callsTo("chat.postMessage")
          .slice(postsBefore)
          .find((c) => c.body.channel === "U0WANG"),
      );
      expect(blocksText(dm)).toContain("王磊");
      expect(dm.body.response_type).toBeUndefined();
      expect(slack.expiredResponses).toContainEqual({ id: "cmd-late", error: "expired_url" });
      expect(slack.responses.find((r) => r.id === "cmd-late")).toBeUndefined();
      // Not in the channel: the fallback is private.
      expect(slack.callsTo("chat.postMessage").filter((c) => c.body.channel === "C0SALES")).toEqual([]);
    } finally {
      slack.responseUrlLifetimeMs = lifetime;
    }
  });

  it("/kpi team from a rep in a channel is answered in the channel (the channel view) through the response_url", async () => {
    const form = kpiCommand({
      text: "team",
      user: "U0WANG",
      channel: "C0SALES",
      channelName: "sales",
      id: "cmd-channel",
      trigger: "t1c",
    });
    expect((await post(form, "application/x-www-form-urlencoded")).status).toBe(200);
    const sent = await slack.waitFor(() => slack.responses.find((r) => r.id === "cmd-channel"));
    expect(sent.body.response_type).toBe("in_channel");
    expect(blocksText(sent)).toContain("王磊");
    expect(slack.callsTo("chat.postMessage").filter((c) => c.body.channel === "C0SALES")).toEqual([]);
  });

  it("an identical signed /kpi request replayed within Slack's window is answered once", async () => {
    const form = kpiCommand({
      text: "team",
      user: "U0ZHOU",
      channel: "D0ZHOUREPLAY",
      channelName: "directmessage",
      id: "cmd-replay",
      trigger: "t-replay",
    });
    const headers = slackSignature(form, SECRET);
    expect((await post(form, "application/x-www-form-urlencoded", headers)).status).toBe(200);
    expect((await post(form, "application/x-www-form-urlencoded", headers)).status).toBe(200);
    // Commands are answered through their response_url.
    const replies = () => slack.responses.filter((r) => r.id === "cmd-replay");
    await slack.waitFor(() => replies()[0]);
    // A later question in the same place is answered: anything the replay was going to post is posted by then.
    await post(
      form.replace("t-replay", "t-replay-2").replace("text=team", "text=help"),
      "application/x-www-form-urlencoded",
    );
    await slack.waitFor(() => replies().length >= 2);
    await new Promise((r) => setTimeout(r, 300));
    // The team answer (it lists 王磊) came once; the help card's examples may name people too.
    const teamAnswers = replies().filter(
      (r) => blocksText(r).includes("王磊") && !/Pacer 可以回答这些问题|What you can ask Pacer/.test(blocksText(r)),
    );
    expect(teamAnswers).toHaveLength(1);
  });

  it("a button press delivered twice updates the message once", async () => {
    const payload = {
      type: "block_actions",
      team: { id: slack.teamId },
      user: { id: "U0WANG" },
      container: { type: "message", channel_id: "DU0WANG", message_ts: "8.8", is_ephemeral: false },
      response_url: slack.responseUrl("btn-twice"),
      trigger_id: "t-twice",
      actions: [
        {
          type: "button",
          action_id: "details",
          value: JSON.stringify({ kind: "details", period: "2026-10", page: 1 }),
        },
      ],
    };
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    expect((await post(body, "application/x-www-form-urlencoded")).status).toBe(200);
    expect((await post(body, "application/x-www-form-urlencoded")).status).toBe(200);
    await slack.waitFor(() => slack.callsTo("chat.update").find((c) => c.body.ts === "8.8"));
    await new Promise((r) => setTimeout(r, 500));
    expect(slack.callsTo("chat.update").filter((c) => c.body.ts === "8.8")).toHaveLength(1);
  });

  it("pressing details updates the message in place (chat.update) with the rows", async () => {
    const payload = {
      type: "block_actions",
      team: { id: slack.teamId },
      user: { id: "U0WANG" },
      api_app_id: "A0PACER",
      container: { type: "message", channel_id: "DU0WANG", message_ts: "1.3", is_ephemeral: false },
      channel: { id: "DU0WANG" },
      response_url: slack.responseUrl("btn1"),
      trigger_id: "t2",
      actions: [
        {
          type: "button",
          action_id: "details",
          block_id: "b1",
          value: JSON.stringify({ kind: "details", period: "2026-10", page: 1 }),
          action_ts: "1.4",
        },
      ],
    };
    const res = await post(
      new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      "application/x-www-form-urlencoded",
    );
    expect(res.status).toBe(200);
    const update = await slack.waitFor(() => slack.callsTo("chat.update").find((c) => c.body.ts === "1.3"));
    expect(update.body.channel).toBe("DU0WANG");
    // 王磊's live orders booked in October up to the 20th: O2 and O3 (O4 is cancelled).
    expect(blocksText(update)).toContain("O2");
    expect(blocksText(update)).toContain("O3");
    expect(blocksText(update)).not.toContain("O4");
  });

  it("every button of a real card works: pressing the progress card's own buttons updates it in place", async () => {
    const card = slack.callsTo("chat.postMessage").find((c) => c.body.channel === "DU0WANG")!;
    const buttons = (
      card.body.blocks as { type: string; elements?: { type: string; action_id: string; value: string }[] }[]
    )
      .filter((b) => b.type === "actions")
      .flatMap((b) => b.elements ?? [])
      .filter((e) => e.type === "button");
    expect(buttons.length).toBeGreaterThanOrEqual(3);
    for (const [i, button] of buttons.entries()) {
      const ts = `7.${i}`;
      const payload = {
        type: "block_actions",
        team: { id: slack.teamId },
        user: { id: "U0WANG" },
        container: { type: "message", channel_id: "DU0WANG", message_ts: ts, is_ephemeral: false },
        response_url: slack.responseUrl(`real${i}`),
        actions: [{ type: "button", action_id: button.action_id, value: button.value, action_ts: ts }],
      };
      const res = await post(
        new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
        "application/x-www-form-urlencoded",
      );
      expect(res.status).toBe(200);
      const update = await slack.waitFor(() => slack.callsTo("chat.update").find((c) => c.body.ts === ts));
      expect(blocksText(update)).not.toMatch(/出了点问题|Something went wrong|没听懂|didn't understand/);
    }
  });

  it("上个月 answers for the previous period", async () => {
    await post(dm("U0WANG", "上个月"), "application/json");
    const card = await slack.waitFor(() =>
      slack
        .callsTo("chat.postMessage")
        .filter((c) => c.body.channel === "DU0WANG")
        .find((c) => blocksText(c).includes("2026年9月")),
    );
    expect(blocksText(card)).toContain("2026年9月");
  });

  it("a rep asking for a teammate is refused; the manager is allowed", async () => {
    await post(dm("U0WANG", "李静的业绩"), "application/json");
    const refused = await slack.waitFor(() =>
      slack
        .callsTo("chat.postMessage")
        .filter((c) => c.body.channel === "DU0WANG")
        .find((c) => /李静/.test(blocksText(c))),
    );
    expect(blocksText(refused)).toMatch(/找不到你可以查看的|can see/);
    expect(blocksText(refused)).not.toContain("¥");
    await post(dm("U0ZHOU", "李静的业绩"), "application/json");
    const allowed = await slack.waitFor(() =>
      slack.callsTo("chat.postMessage").find((c) => c.body.channel === "DU0ZHOU" && blocksText(c).includes("李静")),
    );
    expect(blocksText(allowed)).toContain("¥");
  });

  // The platforms used to disagree here (a help card on Slack, an error card on Lark); the
  // conversation core answers every platform with the same "out of date" error card.
  it("a tampered button value is refused with the out-of-date error card, not guessed", async () => {
    const payload = {
      type: "block_actions",
      team: { id: slack.teamId },
      user: { id: "U0WANG" },
      container: { type: "message", channel_id: "DU0WANG", message_ts: "1.5" },
      response_url: slack.responseUrl("btn2"),
      actions: [
        {
          type: "button",
          action_id: "details",
          value: '{"kind":"details","subject":"E-B","page":-4}',
          action_ts: "1.6",
        },
      ],
    };
    await post(
      new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      "application/x-www-form-urlencoded",
    );
    const response = await slack.waitFor(() => slack.callsTo("chat.update").find((c) => c.body.ts === "1.5"));
    expect(blocksText(response)).toMatch(/这个按钮已失效或被修改|This button is out of date/);
    expect(blocksText(response)).not.toContain("李静");
  });

  it("a salesperson cannot open a teammate's details with a forged button", async () => {
    const payload = {
      type: "block_actions",
      team: { id: slack.teamId },
      user: { id: "U0WANG" },
      container: { type: "message", channel_id: "DU0WANG", message_ts: "1.7" },
      response_url: slack.responseUrl("btn3"),
      actions: [
        {
          type: "button",
          action_id: "details",
          value: JSON.stringify({ kind: "details", subject: "E-B", page: 1 }),
          action_ts: "1.8",
        },
      ],
    };
    await post(
      new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      "application/x-www-form-urlencoded",
    );
    const response = await slack.waitFor(() => slack.callsTo("chat.update").find((c) => c.body.ts === "1.7"));
    expect(blocksText(response)).not.toContain("O6");
    expect(blocksText(response)).toMatch(/没有权限|can't see/);
  });

  it("a button on an ephemeral message answers through its response_url", async () => {
    const payload = {
      type: "block_actions",
      team: { id: slack.teamId },
      user: { id: "U0WANG" },
      container: { type: "message", channel_id: "C0SALES", message_ts: "1.9", is_ephemeral: true },
      response_url: slack.responseUrl("eph1"),
      actions: [
        { type: "button", action_id: "unpaid", value: JSON.stringify({ kind: "unpaid", page: 1 }), action_ts: "2.0" },
      ],
    };
    await post(
      new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      "application/x-www-form-urlencoded",
    );
    const response = await slack.waitFor(() => slack.responses.find((r) => r.id === "eph1"));
    expect(response.body.replace_original).toBe(true);
    expect(JSON.stringify(response.body.blocks)).toContain("O2");
  });

  it("publishes the personal dashboard on the App Home tab", async () => {
    await post(
      eventBody({ type: "app_home_opened", user: "U0WANG", channel: "DU0WANG", tab: "home" }),
      "application/json",
    );
    const view = await slack.waitFor(() => slack.callsTo("views.publish").find((c) => c.body.user_id === "U0WANG"));
    expect((view.body.view as { type: string }).type).toBe("home");
  });
});
