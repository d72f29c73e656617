// A card button whose answer is not ready within Lark's 3 seconds: the callback answers a toast,
// and the new card follows later. Lark cannot PATCH an ephemeral card (the fake refuses it as Lark
// does), so a late answer to a button on an ephemeral card is sent anew to the asker alone; an
// ordinary card is patched in place. The late answer is the inbound queue's job
// (src/events/inbound-queue.ts): lateness is made certain, not timed — the queue's worker starts
// only once the toast has been answered. The job is answered either in the process that took the
// callback (with its live ref) or in another one (the ref read back from the job's JSON).
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Env } from "../../src/config/env.ts";
import { openDatabase, type Database } from "../../src/db/client.ts";
import { createInboundQueue, type InboundPlatform, type InboundQueue } from "../../src/events/inbound-queue.ts";
import { createLarkBot, type LarkBot } from "../../src/lark/bot.ts";
import { sendCard, sendEphemeralCard } from "../../src/lark/client.ts";
import { renderLarkCard } from "../../src/lark/render.ts";
import { storeLink } from "../../src/chat/identity.ts";
import { serializeIntent } from "../../src/chat/intents.ts";
import { importScenario } from "../../src/scenario/import.ts";
import { helpCard } from "../../cards/index.ts";
import { createLogger } from "../../src/log.ts";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";
import { FakeLark } from "../helpers/fake-lark.ts";
import { readFixture } from "../helpers/fixtures.ts";
import { REDIS_URL } from "../helpers/server.ts";

const WANG = { open_id: "ou_wang000000000000000000000000001" };
const GROUP = "oc_group_late";
const NOW = new Date("2026-10-20T04:00:00Z");
const RUN = `test-late-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

let fresh: FreshDatabase;
let database: Database;
let fake: FakeLark;
let env: Env;
let bot: LarkBot;
let server: FastifyInstance;
let hook: string;
/** The queue the webhook records callbacks in: a fresh prefix per test, its worker not started. */
let inbound: InboundQueue;
let prefix: string;
let queues = 0;
const opened: InboundQueue[] = [];

function openQueue(prefix: string): InboundQueue {
  const queue = createInboundQueue({ redisUrl: REDIS_URL, prefix, log: createLogger("silent") });
  opened.push(queue);
  return queue;
}

beforeAll(async () => {
  fresh = await freshDatabase();
  database = openDatabase(fresh.url, { max: 2 });
  await importScenario(database.pool, readFixture("golden-east-2026-10.scenario.json"));
  const wang = (await database.pool.query<{ id: number }>(`SELECT id FROM employees WHERE external_id = 'E-A'`))
    .rows[0]!.id;
  fake = await new FakeLark().start();
  await storeLink(
    database.pool,
    { platform: "lark", workspaceId: fake.tenantKey, userId: WANG.open_id },
    wang,
    "admin",
  );
  env = {
    LARK_APP_ID: fake.appId,
    LARK_APP_SECRET: fake.appSecret,
    LARK_VERIFICATION_TOKEN: fake.verificationToken,
    LARK_ENCRYPT_KEY: fake.encryptKey,
    LARK_DOMAIN: fake.url,
    LARK_MODE: "webhook",
  } as unknown as Env;
  bot = createLarkBot({
    env,
    log: createLogger("silent"),
    // Each test records into its own queue (see `beforeEach`).
    inbound: {
      accept: (platform, question) => inbound.accept(platform, question),
      ready: () => inbound.ready(),
      start: (deps, platforms) => inbound.start(deps, platforms),
      close: () => inbound.close(),
    },
    callbackBudgetMs: 50,
  });
  server = Fastify();
  server.addContentTypeParser("application/json", { parseAs: "string" }, (_req, body, done) => done(null, body));
  bot.register(server);
  await bot.start();
  hook = `${await server.listen({ port: 0, host: "127.0.0.1" })}/lark/events`;
});

beforeEach(async () => {
  prefix = `${RUN}-${++queues}`;
  inbound = openQueue(prefix);
  await inbound.ready();
});

afterAll(async () => {
  for (const queue of opened) await queue.close();
  await server?.close();
  await fake?.stop();
  await database?.close();
  await fresh?.drop();
});

const HELP = { intent: serializeIntent({ kind: "help" }), action: "help" };

/**
 * Presses a button late: nothing answers the recorded job within the callback's budget, so the
 * callback answers a toast; then the job is answered — here (the live ref), or by another process
 * (a second queue on the same prefix, with its own bot: the ref revived from the job's JSON).
 */
async function pressLate(
  value: Record<string, unknown>,
  messageId: string,
  answeredBy: "this process" | "another process",
): Promise<void> {
  const res = await fake.deliver(hook, fake.cardActionEvent({ operator: WANG, value, messageId, chatId: GROUP }));
  expect(res.status).toBe(200);
  expect(res.json).toMatchObject({ toast: { type: "info" } });
  const deps = { pool: database.pool, now: () => NOW };
  if (answeredBy === "this process") inbound.start(deps, { lark: bot.platform as InboundPlatform<never> });
  else {
    const queue = openQueue(prefix);
    const other = createLarkBot({ env, log: createLogger("silent"), inbound: queue });
    queue.start(deps, { lark: other.platform as InboundPlatform<never> });
  }
}

describe.each(["this process", "another process"] as const)("a late answer to a card button, answered by %s", (by) => {
  it("on an ephemeral card: never PATCHed (Lark cannot), sent anew to the asker alone, in one language", async () => {
    const card = renderLarkCard(helpCard(), { locale: "zh-CN", bilingual: false, ephemeral: true });
    await sendEphemeralCard(bot.client, { chatId: GROUP, openId: WANG.open_id }, card);
    const pressed = fake.ephemerals.at(-1)!;
    const mark = fake.ephemerals.length;
    // The card says on every button that it is ephemeral.
    expect(JSON.stringify(pressed.card)).toContain('"ephemeral":true');

    await pressLate({ ...HELP, ephemeral: true }, pressed.message_id, by);
    const answer = await fake.waitFor(() => fake.ephemerals.slice(mark).find((e) => e.open_id === WANG.open_id));
    expect(answer.chat_id).toBe(GROUP);
    expect(JSON.stringify(answer.card)).toContain('"ephemeral":true');
    expect(
      fake.callsTo("PATCH", "/open-apis/im/v1/messages/:id").filter((c) => c.path.includes(pressed.message_id)),
    ).toEqual([]);
    expect(fake.calls.filter((c) => c.error)).toEqual([]);
  });

  it("on an ordinary card: patched in place", async () => {
    const card = renderLarkCard(helpCard());
    const messageId = await sendCard(bot.client, { type: "chat_id", id: GROUP }, card, `late-ordinary-${by}`);
    await pressLate(HELP, messageId, by);
    const message = await fake.waitFor(() => fake.messages.find((m) => m.message_id === messageId && m.patches.length));
    expect(message.patches).toHaveLength(1);
    expect(fake.calls.filter((c) => c.error)).toEqual([]);
  });
});
