// The quarterly motivation survey and the employee profile on Slack and Lark, through the worker,
// the real service and the real SDKs against the fake platforms: each active salesperson gets the
// one-question card once a quarter; their press is stored (a second press replaces it); the
// profile then shows the answer to their manager — on Slack with the trend as a picture in the
// manager's DM, on Lark as the card's own charts — and is refused to another team's manager and to
// another rep. The generated-s1 world with August to October closed.
import * as larkSdk from "@larksuiteoapi/node-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findJob } from "../../jobs/registry.ts";
import { loadEnv } from "../../src/config/env.ts";
import { openDatabase, type Database } from "../../src/db/client.ts";
import { startService, type Service } from "../../src/main.ts";
import type { PlatformName } from "../../src/platform.ts";
import { closeMonth } from "../../src/services/month-close.ts";
import type { PacerWorker } from "../../src/worker/main.ts";
import { enqueueRun, planRun } from "../../src/worker/trigger.ts";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";
import { FakeLark } from "../helpers/fake-lark.ts";
import { FakeSlack, slackSignature } from "../helpers/fake-slack.ts";
import { freePort } from "../helpers/service.ts";
import {
  dropQueues,
  finished,
  larkEnv,
  larkIdOf,
  loadWorld,
  REDIS_URL,
  salespeople,
  slackIdOf,
  startTestWorker,
} from "./helpers.ts";

// Thursday 8 October 2026: the first working day of the fourth quarter (1–7 October are the
// National Day holidays).
const OCTOBER_8 = "2026-10-08T10:00:00+08:00";
const SECRET = "profile-survey-secret";
const JOB = findJob("motivation-survey")!;
const REP = "E1-006"; // 王伟伟, team T1-0 (manager M1-0); top of the team on repurchase rate Aug–Oct
const TEAMMATE = "郭明超"; // E1-001, also T1-0
const OTHER_MANAGER = "M1-1";

interface World {
  fresh: FreshDatabase;
  database: Database;
  worker: PacerWorker;
  service: Service;
  slack?: FakeSlack;
  lark?: FakeLark;
  /** What the app sent to a person's DM, as JSON strings (Slack: the message bodies; Lark: the contents). */
  sentTo(externalId: string): string[];
  press(externalId: string, intent: unknown, ts: string): Promise<string>;
  /** A DM to the bot; resolves to the card that came back. */
  say(externalId: string, text: string): Promise<string>;
}

let seq = 0;

async function world(platform: PlatformName): Promise<World> {
  const fresh = await freshDatabase();
  const database = openDatabase(fresh.url, { max: 4 });
  await loadWorld(database.pool, { platform });
  for (const period of ["2026-08", "2026-09", "2026-10"]) await closeMonth(database.pool, period);
  const slack = platform === "slack" ? await new FakeSlack().start() : undefined;
  const lark = platform === "lark" ? await new FakeLark().start() : undefined;
  const worker = await startTestWorker(fresh.url, slack ?? null, {
    envExtra: { PACER_NOW: OCTOBER_8, ...(lark ? larkEnv(lark) : {}) },
  });
  const service = await startService(
    loadEnv({
      DATABASE_URL: fresh.url,
      REDIS_URL,
      PORT: String(await freePort()),
      LOG_LEVEL: "silent",
      PACER_NOW: "2026-11-16T10:00:00+08:00",
      ...(slack
        ? { SLACK_BOT_TOKEN: "xoxb-test", SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl }
        : {
            LARK_APP_ID: lark!.appId,
            LARK_APP_SECRET: lark!.appSecret,
            LARK_VERIFICATION_TOKEN: lark!.verificationToken,
            LARK_ENCRYPT_KEY: lark!.encryptKey,
            LARK_DOMAIN: lark!.url,
          }),
    }),
    { host: "127.0.0.1", larkCache: new larkSdk.DefaultCache() },
  );
  const sentTo = (externalId: string): string[] =>
    slack
      ? slack
          .callsTo("chat.postMessage")
          .filter((c) => c.body.channel === slackIdOf(externalId) || c.body.channel === `D${slackIdOf(externalId)}`)
          .map((c) => JSON.stringify(c.body))
      : lark!.messages
          .filter((m) => m.receive_id === larkIdOf(externalId) || m.chat_id === `oc_p2p_${larkIdOf(externalId)}`)
          .map((m) => m.content);
  const slackPost = (body: string, contentType: string) =>
    fetch(`${service.url}/slack/events`, {
      method: "POST",
      headers: { "content-type": contentType, ...slackSignature(body, SECRET) },
      body,
    });
  async function press(externalId: string, intent: unknown, ts: string): Promise<string> {
    if (slack) {
      const user = slackIdOf(externalId);
      const payload = {
        type: "block_actions",
        team: { id: slack.teamId },
        user: { id: user },
        container: { type: "message", channel_id: `D${user}`, message_ts: ts, is_ephemeral: false },
        response_url: slack.responseUrl(ts),
        actions: [{ type: "button", action_id: "motive_1", value: JSON.stringify(intent), action_ts: ts }],
      };
      const res = await slackPost(
        new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
        "application/x-www-form-urlencoded",
      );
      expect(res.status).toBe(200);
      const update = await slack.waitFor(() => slack.callsTo("chat.update").find((c) => c.body.ts === ts));
      return JSON.stringify(update.body.blocks);
    }
    const res = await lark!.deliver(
      `${service.url}/lark/events`,
      lark!.cardActionEvent({
        operator: { open_id: larkIdOf(externalId) },
        value: { intent: JSON.stringify(intent), action: "motive_1" },
        messageId: `om_${ts}`,
        chatId: `oc_${ts}`,
      }),
    );
    expect(res.status).toBe(200);
    return JSON.stringify((res.json as { card?: { data: unknown } }).card?.data);
  }
  async function say(externalId: string, text: string): Promise<string> {
    const before = sentTo(externalId).length;
    if (slack) {
      const user = slackIdOf(externalId);
      const body = JSON.stringify({
        type: "event_callback",
        team_id: slack.teamId,
        api_app_id: "A0PACER",
        event_id: `EvPs${Date.now().toString(36)}${++seq}`,
        event_time: 1,
        event: {
          type: "message",
          channel_type: "im",
          channel: `D${user}`,
          user,
          text,
          ts: `${1_700_000_000 + seq}.0001`,
        },
      });
      expect((await slackPost(body, "application/json")).status).toBe(200);
    } else {
      const open_id = larkIdOf(externalId);
      await lark!.deliver(
        `${service.url}/lark/events`,
        lark!.messageEvent({ sender: { open_id }, chatType: "p2p", chatId: `oc_p2p_${open_id}`, text }),
      );
    }
    return (slack ?? lark)!.waitFor(() => sentTo(externalId)[before], 30_000);
  }
  return { fresh, database, worker, service, slack, lark, sentTo, press, say };
}

async function close(w: World | undefined): Promise<void> {
  if (!w) return;
  await dropQueues(w.worker.queues);
  await w.worker.close();
  await w.service.stop();
  await w.slack?.stop();
  await w.lark?.stop();
  await w.database.close();
  await w.fresh.drop();
}

/** The motivation intents of the buttons in a sent message (Slack: button values; Lark: callback values). */
function surveyIntents(message: string): { kind: string; quarter: string; answer: string }[] {
  const found: { kind: string; quarter: string; answer: string }[] = [];
  const walk = (node: unknown): void => {
    if (typeof node === "string") {
      if (node.includes('"motivation"'))
        try {
          walk(JSON.parse(node) as unknown);
        } catch {
          // a label, not a value
        }
    } else if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      if ((node as { kind?: string }).kind === "motivation") found.push(node as (typeof found)[number]);
      else Object.values(node).forEach(walk);
    }
  };
  walk(JSON.parse(message));
  return found;
}

describe("the survey's schedule", () => {
  let fresh: FreshDatabase;
  let database: Database;
  beforeAll(async () => {
    fresh = await freshDatabase();
    database = openDatabase(fresh.url, { max: 2 });
    await loadWorld(database.pool, { fast: false });
  });
  afterAll(async () => {
    await database.close();
    await fresh.drop();
  });
  const plan = (date: string) =>
    planRun(database.pool, JOB, { date, slot: "10:00", asOf: new Date(`${date}T10:00:00+08:00`), manual: false });

  it("runs on the first working day of a quarter only, once per quarter", async () => {
    expect(await plan("2026-10-08")).toEqual({ runId: "motivation-survey.2026-Q4", payload: { quarter: "2026-Q4" } });
    expect(await plan("2026-10-01")).toMatchObject({ skip: expect.any(String) }); // a holiday
    expect(await plan("2026-10-09")).toMatchObject({ skip: expect.any(String) });
    expect(await plan("2026-11-02")).toMatchObject({ skip: expect.any(String) }); // first working day, not of a quarter
    expect(await plan("2026-07-01")).toMatchObject({ runId: "motivation-survey.2026-Q3" });
  });
});

for (const platform of ["slack", "lark"] as const)
  describe(`survey and profile on ${platform}`, () => {
    let w: World;
    let run: Record<string, unknown>;

    beforeAll(async () => {
      w = await world(platform);
      const plan = await planRun(w.database.pool, JOB, {
        date: "2026-10-08",
        slot: "10:00",
        asOf: new Date(OCTOBER_8),
        manual: false,
      });
      if ("skip" in plan) throw new Error(plan.skip);
      run = await finished(w.worker.queues, (await enqueueRun(w.worker.queues.runs, JOB, plan)).runId);
    }, 120_000);
    afterAll(() => close(w));

    it("sends every active salesperson the one question with four answers, once", async () => {
      const reps = (await salespeople(w.database.pool)).filter((p) => p.status === "active");
      expect(run).toMatchObject({ quarter: "2026-Q4", recipients: reps.length, sent: reps.length, failed: 0 });
      for (const rep of reps) {
        const sent = w.sentTo(rep.externalId);
        expect(sent).toHaveLength(1);
        expect(sent[0]).toContain("什么最能激励你");
        expect(surveyIntents(sent[0]!).map((i) => `${i.quarter}:${i.answer}`)).toEqual([
          "2026-Q4:bonus",
          "2026-Q4:promotion",
          "2026-Q4:training",
          "2026-Q4:flexibility",
        ]);
      }
      expect(w.sentTo("M1-0")).toHaveLength(0); // managers are not asked
      await dropQueues(w.worker.queues);
      const plan = await planRun(w.database.pool, JOB, {
        date: "2026-10-08",
        slot: "10:00",
        asOf: new Date(OCTOBER_8),
        manual: false,
      });
      if ("skip" in plan) throw new Error(plan.skip);
      const again = await finished(w.worker.queues, (await enqueueRun(w.worker.queues.runs, JOB, plan)).runId);
      expect(again).toMatchObject({ sent: 0, doneBefore: reps.length });
    });

    it("stores the press privately; a second press replaces it, and the card says what was recorded", async () => {
      const [, promotion, training] = surveyIntents(w.sentTo(REP)[0]!);
      expect(await w.press(REP, promotion, "1700000100.000100")).toContain("晋升");
      const card = await w.press(REP, training, "1700000200.000200");
      expect(card).toContain("培训");
      const rows = await w.database.pool.query(
        `SELECT m.quarter, m.answer FROM motivation_answers m JOIN employees e ON e.id = m.employee_id WHERE e.external_id = $1`,
        [REP],
      );
      expect(rows.rows).toEqual([{ quarter: "2026-Q4", answer: "training" }]);
    });

    it("the manager asks for the rep's profile: the trend, the flag and the answer", async () => {
      const card = await w.say("M1-0", "profile 王伟伟");
      expect(card).toContain("王伟伟 · 员工画像");
      expect(card).toContain("高潜力");
      expect(card).toContain("培训（2026-Q4）");
      if (w.slack) {
        // Block Kit draws no charts: the picture goes to the manager's DM, and only there.
        const files = await w.slack.waitFor(() => {
          const shared = w.slack!.sharedIn(`D${slackIdOf("M1-0")}`);
          return shared.length ? shared : undefined;
        }, 30_000);
        expect(files.map((f) => f.filename)).toEqual([`pacer-profile-${REP}.png`]);
        expect(files[0]!.data!.subarray(1, 4).toString("latin1")).toBe("PNG");
        expect(w.slack.shares).toHaveLength(1);
      } else {
        // Lark's card draws the trend itself; no file goes with it.
        expect(card).toContain('"tag":"chart"');
        expect(w.lark!.files.size).toBe(0);
      }
    });

    it("another team's manager and another rep are refused, and get no picture", async () => {
      for (const [who, asked] of [
        [OTHER_MANAGER, "profile 王伟伟"],
        [REP, `profile ${TEAMMATE}`],
      ] as const) {
        const card = await w.say(who, asked);
        expect(card).not.toContain("员工画像");
        expect(card).toContain("找不到你可以查看的");
      }
      if (w.slack) expect(w.slack.shares).toHaveLength(1);
    });

    it("the rep asks '趋势' and gets their own profile (was “I can't do that yet”)", async () => {
      const card = await w.say(REP, "趋势");
      expect(card).toContain("王伟伟 · 员工画像");
      expect(card).not.toContain("暂时做不到");
    });
  });
