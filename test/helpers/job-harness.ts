// What the job tests stand on: a fresh database with the test's world in it, the fake Slack or the
// fake Lark, a worker on queues of its own, and — where people answer the worker's cards — the real
// service, with a signed way to press a card's button and to write to the bot one to one. One
// stop() takes down whatever of it started, in reverse order, even when the start failed halfway.
import { randomBytes } from "node:crypto";
import * as larkSdk from "@larksuiteoapi/node-sdk";
import { afterAll, beforeAll, expect } from "vitest";
import type { AnyJob } from "../../jobs/define.ts";
import { loadEnv } from "../../src/config/env.ts";
import { openDatabase, type Database } from "../../src/db/client.ts";
import { startService, type Service } from "../../src/main.ts";
import type { PlatformName } from "../../src/platform.ts";
import type { PacerWorker, StartWorkerOptions } from "../../src/worker/main.ts";
import { planRun } from "../../src/worker/trigger.ts";
import {
  dropQueues,
  freePort,
  larkEnv,
  larkIdOf,
  loadWorld,
  REDIS_URL,
  slackIdOf,
  startTestWorker,
} from "../jobs/helpers.ts";
import { freshDatabase, type FreshDatabase } from "./db.ts";
import { FakeLark } from "./fake-lark.ts";
import { FakeSlack, slackSignature } from "./fake-slack.ts";

/** Fills the fresh database before anything reads it. */
export type Seed = (database: Database, platform: PlatformName) => Promise<void>;

export interface JobDatabase {
  fresh: FreshDatabase;
  database: Database;
  stop(): Promise<void>;
}

export interface WorkerOptions extends Partial<StartWorkerOptions> {
  /** The worker's clock (PACER_NOW); the job helpers' NOW unless given. */
  now?: string;
  envExtra?: Record<string, string>;
}

export interface JobHarness extends JobDatabase {
  platform: PlatformName;
  slack?: FakeSlack;
  lark?: FakeLark;
  /** The worker started last (throws when none is running). */
  readonly worker: PacerWorker;
  /** The real service, when asked for (throws otherwise). */
  readonly service: Service;
  /** Starts a worker on fresh queues, sending to this harness's fake platform. */
  startWorker(options?: WorkerOptions): Promise<PacerWorker>;
  /** Drops the running worker's queues and closes it. */
  stopWorker(): Promise<void>;
  /** POSTs a body to the service's Slack endpoint, signed with the service's signing secret. */
  slackPost(body: string, contentType: string): Promise<Response>;
  /** What the worker sent a person, one JSON string per message (a DM addressed by their user id). */
  sentTo(externalId: string): string[];
  /** Presses a button of a sent card as `externalId`; resolves to the card that replaced it. */
  press(externalId: string, intent: unknown, ts: string): Promise<string>;
  /** Writes to the bot one to one as `externalId`; resolves to its answer, as sentTo shows a message. */
  say(externalId: string, text: string): Promise<string>;
}

/** A fresh database with `seed` in it (the generated-s1 world linked on Slack unless given). */
export async function openJobDatabase(
  seed: (database: Database) => Promise<void> = (database) => loadWorld(database.pool),
  options: { max?: number } = {},
): Promise<JobDatabase> {
  const fresh = await freshDatabase();
  const database = openDatabase(fresh.url, { max: options.max ?? 4 });
  const stop = async () => {
    await database.close();
    await fresh.drop();
  };
  try {
    await seed(database);
  } catch (error) {
    await stop();
    throw error;
  }
  return { fresh, database, stop };
}

/**
 * For a job's schedule tests: the generated-s1 world (sends at the platforms' own pace) and what the
 * scheduler plans for `job` at `slot` (Shanghai time) on a date, as if it were that time. Call it
 * inside the describe: it brings its own beforeAll and afterAll.
 */
export function schedulePlanner(job: AnyJob, slot: string): (date: string) => ReturnType<typeof planRun> {
  let jobs: JobDatabase | undefined;
  beforeAll(async () => {
    jobs = await openJobDatabase((database) => loadWorld(database.pool, { fast: false }), { max: 2 });
  });
  afterAll(async () => {
    await jobs?.stop();
  });
  return (date) => {
    if (!jobs) throw new Error("the schedule's database is not open");
    return planRun(jobs.database.pool, job, {
      date,
      slot,
      asOf: new Date(`${date}T${slot}:00+08:00`),
      manual: false,
    });
  };
}

export interface JobHarnessOptions {
  platform: PlatformName;
  /** The world; by default the generated-s1 fixture, everyone linked on `platform`. */
  seed?: Seed;
  /** The first worker; `false` when the test starts its own with startWorker. */
  worker?: WorkerOptions | false;
  /**
   * Starts the real service too, to take presses and DMs: its clock (PACER_NOW), and the action id
   * the pressed buttons carry (the intent in their value is what counts).
   */
  service?: { now: string; actionId?: string };
}

/**
 * For files whose tests each start their own harness: a start that stops every harness it started
 * (the last first) after the file's tests. Call it at the top level of the file.
 */
export function harnessesStoppedAfterAll(): (options: JobHarnessOptions) => Promise<JobHarness> {
  const started: JobHarness[] = [];
  afterAll(async () => {
    for (const h of started.reverse()) await h.stop();
  });
  return async (options) => {
    const h = await startJobHarness(options);
    started.push(h);
    return h;
  };
}

export async function startJobHarness(options: JobHarnessOptions): Promise<JobHarness> {
  const { platform } = options;
  const seed = options.seed ?? ((database: Database) => loadWorld(database.pool, { platform }));
  const jobs = await openJobDatabase((database) => seed(database, platform));
  const { fresh, database } = jobs;
  // Undone in reverse order by stop().
  const undo: (() => Promise<unknown>)[] = [() => jobs.stop()];
  let slack: FakeSlack | undefined;
  let lark: FakeLark | undefined;
  let worker: { running: PacerWorker; step: () => Promise<void> } | undefined;
  let service: Service | undefined;
  const secret = randomBytes(8).toString("hex");
  // Slack deduplicates event ids in Redis for a day: unique to this harness.
  const eventTag = `Ev${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
  let seq = 0;

  // Every step runs even when one fails (a leaked worker or database outlives the file); the first
  // failure is reported.
  const stop = async () => {
    let failure: unknown;
    for (const step of undo.splice(0).reverse()) await step().catch((error) => (failure ??= error));
    if (failure) throw failure;
  };

  async function startWorker(workerOptions: WorkerOptions = {}): Promise<PacerWorker> {
    const { now, envExtra, ...rest } = workerOptions;
    const started = await startTestWorker(fresh.url, slack ?? null, {
      ...rest,
      envExtra: { ...(now ? { PACER_NOW: now } : {}), ...(lark ? larkEnv(lark) : {}), ...envExtra },
    });
    const step = async () => {
      await dropQueues(started.queues);
      await started.close();
    };
    worker = { running: started, step };
    undo.push(step);
    return started;
  }

  async function stopWorker(): Promise<void> {
    if (!worker) return;
    const { step } = worker;
    worker = undefined;
    undo.splice(undo.indexOf(step), 1);
    await step();
  }

  try {
    if (platform === "slack") {
      const started = await new FakeSlack().start();
      slack = started;
      undo.push(() => started.stop());
    } else {
      const started = await new FakeLark().start();
      lark = started;
      undo.push(() => started.stop());
    }
    if (options.worker !== false) await startWorker(options.worker);
    if (options.service) {
      const started = await startService(
        loadEnv({
          DATABASE_URL: fresh.url,
          REDIS_URL,
          PORT: String(await freePort()),
          LOG_LEVEL: "silent",
          PACER_NOW: options.service.now,
          ...(slack
            ? { SLACK_BOT_TOKEN: "xoxb-test", SLACK_SIGNING_SECRET: secret, SLACK_API_URL: slack.apiUrl }
            : {
                LARK_APP_ID: lark!.appId,
                LARK_APP_SECRET: lark!.appSecret,
                LARK_VERIFICATION_TOKEN: lark!.verificationToken,
                LARK_ENCRYPT_KEY: lark!.encryptKey,
                LARK_DOMAIN: lark!.url,
              }),
        }),
        // Its own Lark token cache (the SDK's default is module-global) and its own inbound queue:
        // services of test files running side by side must not answer each other's questions.
        {
          host: "127.0.0.1",
          larkCache: new larkSdk.DefaultCache(),
          eventPrefix: `test-${eventTag.toLowerCase()}`,
        },
      );
      service = started;
      undo.push(() => started.stop());
    }
  } catch (error) {
    await stop();
    throw error;
  }

  const serviceUrl = (): string => {
    if (!service) throw new Error("this harness was started without the service");
    return service.url;
  };
  const slackPost = (body: string, contentType: string) =>
    fetch(`${serviceUrl()}/slack/events`, {
      method: "POST",
      headers: { "content-type": contentType, ...slackSignature(body, secret) },
      body,
    });

  const sentTo = (externalId: string): string[] =>
    slack
      ? slack
          .callsTo("chat.postMessage")
          .filter((c) => c.body.channel === slackIdOf(externalId))
          .map((c) => JSON.stringify(c.body))
      : lark!.messages.filter((m) => m.receive_id === larkIdOf(externalId)).map((m) => m.content);

  /** Everything a person got: the worker's DMs and the bot's answers in their one-to-one chat. */
  const dmsOf = (externalId: string): string[] =>
    slack
      ? slack
          .callsTo("chat.postMessage")
          .filter((c) => c.body.channel === slackIdOf(externalId) || c.body.channel === `D${slackIdOf(externalId)}`)
          .map((c) => JSON.stringify(c.body))
      : lark!.messages
          .filter((m) => m.receive_id === larkIdOf(externalId) || m.chat_id === `oc_p2p_${larkIdOf(externalId)}`)
          .map((m) => m.content);

  const actionId = options.service?.actionId ?? "button_1";
  async function press(externalId: string, intent: unknown, ts: string): Promise<string> {
    if (slack) {
      const body = slack.buttonPress({ user: slackIdOf(externalId), value: JSON.stringify(intent), ts, actionId });
      const res = await slackPost(body, "application/x-www-form-urlencoded");
      expect(res.status).toBe(200);
      const update = await slack.waitFor(() => slack!.callsTo("chat.update").find((c) => c.body.ts === ts));
      return JSON.stringify(update.body.blocks);
    }
    const res = await lark!.deliver(
      `${serviceUrl()}/lark/events`,
      lark!.cardActionEvent({
        operator: { open_id: larkIdOf(externalId) },
        value: { intent: JSON.stringify(intent), action: actionId },
        messageId: `om_${ts}`,
        chatId: `oc_${ts}`,
      }),
    );
    expect(res.status).toBe(200);
    const answer = res.json as { card?: { type: string; data: unknown } };
    expect(answer.card?.type).toBe("raw");
    return JSON.stringify(answer.card?.data);
  }

  async function say(externalId: string, text: string): Promise<string> {
    const before = dmsOf(externalId).length;
    seq += 1;
    if (slack) {
      const body = slack.dmEvent({ eventId: `${eventTag}${seq}`, user: slackIdOf(externalId), text, seq });
      expect((await slackPost(body, "application/json")).status).toBe(200);
    } else {
      const openId = larkIdOf(externalId);
      const res = await lark!.deliver(
        `${serviceUrl()}/lark/events`,
        lark!.messageEvent({ sender: { open_id: openId }, chatType: "p2p", chatId: `oc_p2p_${openId}`, text }),
      );
      expect(res.status).toBe(200);
    }
    // An answer that draws a chart takes a while.
    return (slack ?? lark)!.waitFor(() => dmsOf(externalId)[before], 30_000);
  }

  return {
    platform,
    fresh,
    database,
    slack,
    lark,
    get worker() {
      if (!worker) throw new Error("no worker is running");
      return worker.running;
    },
    get service() {
      if (!service) throw new Error("this harness was started without the service");
      return service;
    },
    startWorker,
    stopWorker,
    slackPost,
    sentTo,
    press,
    say,
    stop,
  };
}
