// No question lost, none answered twice — end to end: the real service with Slack (Bolt, Web API
// client) and Lark (SDK client, webhook) against their fakes, Postgres and Redis behind TCP proxies
// the test cuts. During a Postgres outage every question is acknowledged (it is recorded in Redis)
// and answered exactly once after recovery, saying which question it answers; during a Redis
// outage nothing can be recorded, so every request is refused non-2xx and the platform's retry
// after recovery is answered exactly once. Each outage lasts 30 seconds; the retry backoff starts
// at 250 ms instead of production's 1 s (both double), so the answer comes soon after recovery.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { platformEnv } from "../helpers/both-platforms.ts";
import { FakeLark } from "../helpers/fake-lark.ts";
import { FakeSlack, slackRetryHeaders, slackSignature } from "../helpers/fake-slack.ts";
import { REDIS_URL } from "../helpers/server.ts";
import { startGoldenService, type GoldenService } from "../helpers/service.ts";
import { startTcpProxy, type TcpProxy } from "../helpers/tcp-proxy.ts";

const SECRET = "test-signing-secret";
const WANG = { open_id: "ou_wang000000000000000000000000001" };
const RUN = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const OUTAGE_MS = 30_000;

let slack: FakeSlack;
let lark: FakeLark;
let postgres: TcpProxy;
let redis: TcpProxy;
let golden: GoldenService;
/** The wall clock the inbound queue measures lateness with (the business clock is PACER_NOW). */
let wall = Date.parse("2026-10-20T11:58:00+08:00");

beforeAll(async () => {
  slack = await new FakeSlack().start();
  slack.users(
    { id: "U0WANG", email: "WangLei@example.com", name: "王磊" },
    { id: "U0ZHOU", email: "zhoumin@example.com", name: "周敏" },
  );
  lark = await new FakeLark().start();
  lark.users({ ...WANG, email: "wanglei@example.com", name: "王磊" });
  postgres = await startTcpProxy({ port: 5432 });
  redis = await startTcpProxy({ port: Number(new URL(REDIS_URL).port || 6379) });
  golden = await startGoldenService(
    {
      REDIS_URL: redis.url("redis"),
      ...platformEnv(slack, lark, SECRET),
      LARK_MODE: "webhook",
      PACER_NOW: "2026-10-20T12:00:00+08:00",
    },
    { inbound: { backoffMs: 250, attempts: 40, clock: () => wall } },
    { postgresPort: postgres.port },
  );
}, 60_000);

afterAll(async () => {
  await golden?.stop();
  await postgres?.close();
  await redis?.close();
  await slack?.stop();
  await lark?.stop();
});

/** One question of each kind, on each platform, with its own ids; `send` (re)delivers it, `answers` counts its answers. */
function burst(tag: string) {
  const team = () => slack.teamId;
  const slackPost = (body: string, contentType: string, retry: number) =>
    fetch(`${golden.service.url}/slack/events`, {
      method: "POST",
      headers: {
        "content-type": contentType,
        ...(retry ? slackRetryHeaders(body, SECRET, retry) : slackSignature(body, SECRET)),
      },
      body,
    }).then((r) => r.status);
  // The bot's DM with 王磊 (the fake refuses posts to a DM the bot is not in: see fake-slack.ts).
  const dm = `DU0WANG${tag.toUpperCase()}`;
  const dmBody = JSON.stringify({
    type: "event_callback",
    team_id: team(),
    api_app_id: "A0PACER",
    event_id: `Ev${RUN}${tag}`,
    event_time: 1,
    event: { type: "message", channel_type: "im", channel: dm, user: "U0WANG", text: "kpi", ts: "5.1" },
  });
  const commandBody = new URLSearchParams({
    command: "/kpi",
    text: "team",
    team_id: team(),
    user_id: "U0ZHOU",
    channel_id: `D${tag}ZHOU`,
    channel_name: "directmessage",
    response_url: slack.responseUrl(`cmd${tag}`),
    trigger_id: `t${RUN}${tag}cmd`,
  }).toString();
  const buttonBody = new URLSearchParams({
    payload: JSON.stringify({
      type: "block_actions",
      team: { id: team() },
      user: { id: "U0WANG" },
      api_app_id: "A0PACER",
      container: { type: "message", channel_id: `D${tag}WANG`, message_ts: `${tag}.9`, is_ephemeral: false },
      channel: { id: `D${tag}WANG` },
      response_url: slack.responseUrl(`btn${tag}`),
      trigger_id: `t${RUN}${tag}btn`,
      actions: [
        {
          type: "button",
          action_id: "details",
          block_id: "b1",
          value: JSON.stringify({ kind: "details", period: "2026-10", page: 1 }),
          action_ts: "1.4",
        },
      ],
    }),
  }).toString();
  const larkChat = `oc_${tag}_wang`;
  const larkMessage = lark.messageEvent({
    sender: WANG,
    chatType: "p2p",
    chatId: larkChat,
    text: "kpi",
    eventId: `ev_${RUN}_${tag}_msg`,
  });
  const larkCard = `om_${tag}_card`;
  const larkAction = lark.cardActionEvent({
    operator: WANG,
    value: { intent: JSON.stringify({ kind: "unpaid", page: 1 }), action: "unpaid" },
    messageId: larkCard,
    chatId: larkChat,
    eventId: `ev_${RUN}_${tag}_card`,
  });
  const hook = `${golden.service.url}/lark/events`;
  const questions = {
    "slack message": {
      send: (retry = 0) => slackPost(dmBody, "application/json", retry),
      answers: () => slack.callsTo("chat.postMessage").filter((c) => c.body.channel === dm),
    },
    "slack /kpi": {
      send: (retry = 0) => slackPost(commandBody, "application/x-www-form-urlencoded", retry),
      // Answered through the command's response_url (in a DM: to the asker only).
      answers: () => slack.responses.filter((r) => r.id === `cmd${tag}`),
    },
    "slack button": {
      send: (retry = 0) => slackPost(buttonBody, "application/x-www-form-urlencoded", retry),
      answers: () => slack.callsTo("chat.update").filter((c) => c.body.ts === `${tag}.9`),
    },
    "lark message": {
      send: () => lark.deliver(hook, larkMessage).then((r) => r.status),
      answers: () => lark.messages.filter((m) => m.chat_id === larkChat || m.receive_id === larkChat),
    },
    "lark button": {
      // Inline in the callback answer when in time, else a patch of the card: either is its one answer.
      send: async () => {
        const res = await lark.deliver(hook, larkAction);
        const inline = (res.json as { card?: unknown } | undefined)?.card;
        if (inline) inlineCards.push(tag);
        return res.status;
      },
      answers: () => [
        ...lark.callsTo("PATCH", new RegExp(`/messages/${larkCard}$`)),
        ...inlineCards.filter((t) => t === tag),
      ],
    },
  };
  return questions;
}
const inlineCards: string[] = [];

type Questions = ReturnType<typeof burst>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until every question has an answer, then a moment more for any second one, and counts. */
async function answerCounts(questions: Questions): Promise<Record<string, number>> {
  // Exponential backoff: the retry after a 30-second outage may come up to ~33 s after recovery.
  const deadline = Date.now() + 45_000;
  while (Object.values(questions).some((q) => q.answers().length === 0) && Date.now() < deadline) await sleep(100);
  await sleep(1000);
  return Object.fromEntries(Object.entries(questions).map(([name, q]) => [name, q.answers().length]));
}
const once = (questions: Questions) => Object.fromEntries(Object.keys(questions).map((name) => [name, 1]));

describe("a Postgres outage", () => {
  it("acknowledges every question, answers each exactly once after recovery, and says which question it answers", async () => {
    const questions = burst("pg");
    postgres.cut();
    const acks = await Promise.all(Object.values(questions).map((q) => q.send()));
    expect(acks).toEqual([200, 200, 200, 200, 200]);
    // The platforms' retries while the answers wait are taken as the same questions.
    const retries = await Promise.all(Object.values(questions).map((q) => q.send(1)));
    expect(retries).toEqual([200, 200, 200, 200, 200]);
    await sleep(OUTAGE_MS);
    expect(Object.values(questions).map((q) => q.answers().length)).toEqual([0, 0, 0, 0, 0]);
    wall += 2 * 60_000;
    postgres.restore();

    expect(await answerCounts(questions)).toEqual(once(questions));
    const [dm] = questions["slack message"].answers();
    // The real answer (his numbers), not "something went wrong".
    expect(JSON.stringify(dm?.body.blocks)).toContain("¥35,000.00");
    expect(JSON.stringify(dm?.body.blocks)).toMatch(/回复你 11:58 的提问（数据截至 12:00）|question from 11:58/);
    // Retries after the answer are duplicates too.
    await Promise.all(Object.values(questions).map((q) => q.send(2)));
    expect(await answerCounts(questions)).toEqual(once(questions));
    // Each answer was one Slack takes (a refused post would still count above).
    expect(slack.refused).toEqual([]);
  }, 150_000);
});

describe("a Redis outage", () => {
  it("refuses every question non-2xx so the platform retries, and answers the retry after recovery exactly once", async () => {
    const questions = burst("rd");
    redis.cut();
    const acks = await Promise.all(Object.values(questions).map((q) => q.send()));
    for (const status of acks) expect(status).toBeGreaterThanOrEqual(500);
    await sleep(OUTAGE_MS);
    redis.restore();
    // The platforms retry until acknowledged.
    for (const [name, q] of Object.entries(questions)) {
      let status = 0;
      for (let retry = 1; status !== 200; retry++) {
        if (retry > 40) throw new Error(`${name}: never acknowledged after the outage`);
        status = await q.send(retry);
        if (status !== 200) await sleep(250);
      }
    }
    expect(await answerCounts(questions)).toEqual(once(questions));
    // Each answer was one Slack takes (a refused post would still count above).
    expect(slack.refused).toEqual([]);
  }, 150_000);
});
