// A card button whose answer is not ready within Lark's 3 seconds: the callback answers a toast,
// and the new card follows later. Lark cannot PATCH an ephemeral card (the fake refuses it as Lark
// does), so a late answer to a button on an ephemeral card is sent anew to the asker alone; an
// ordinary card is patched in place. Lateness is made certain, not timed: the conversation waits
// (in its event-claim step) until the toast has been answered.
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Env } from "../../src/config/env.ts";
import { openDatabase, type Database } from "../../src/db/client.ts";
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

const WANG = { open_id: "ou_wang000000000000000000000000001" };
const GROUP = "oc_group_late";

let fresh: FreshDatabase;
let database: Database;
let fake: FakeLark;
let bot: LarkBot;
let server: FastifyInstance;
let hook: string;
/** Releases the conversation of the callback in flight (it waits for this in its claim step). */
let release: () => void = () => {};

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
  const env = {
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
    chat: {
      pool: database.pool,
      now: () => new Date("2026-10-20T04:00:00Z"),
      claim: () => new Promise<boolean>((resolve) => (release = () => resolve(true))),
    },
    callbackBudgetMs: 50,
  });
  server = Fastify();
  server.addContentTypeParser("application/json", { parseAs: "string" }, (_req, body, done) => done(null, body));
  bot.register(server);
  await bot.start();
  hook = `${await server.listen({ port: 0, host: "127.0.0.1" })}/lark/events`;
});

afterAll(async () => {
  await server?.close();
  await fake?.stop();
  await database?.close();
  await fresh?.drop();
});

const HELP = { intent: serializeIntent({ kind: "help" }), action: "help" };

/** Presses a button late: the callback answers a toast, then the conversation goes on. */
async function pressLate(value: Record<string, unknown>, messageId: string): Promise<void> {
  const res = await fake.deliver(hook, fake.cardActionEvent({ operator: WANG, value, messageId, chatId: GROUP }));
  expect(res.status).toBe(200);
  expect(res.json).toMatchObject({ toast: { type: "info" } });
  release();
}

describe("a late answer to a card button", () => {
  it("on an ephemeral card: never PATCHed (Lark cannot), sent anew to the asker alone, in one language", async () => {
    const card = renderLarkCard(helpCard(), { locale: "zh-CN", bilingual: false, ephemeral: true });
    await sendEphemeralCard(bot.client, { chatId: GROUP, openId: WANG.open_id }, card);
    const pressed = fake.ephemerals.at(-1)!;
    // The card says on every button that it is ephemeral.
    expect(JSON.stringify(pressed.card)).toContain('"ephemeral":true');

    await pressLate({ ...HELP, ephemeral: true }, pressed.message_id);
    const answer = await fake.waitFor(() => fake.ephemerals.find((e) => e !== pressed && e.open_id === WANG.open_id));
    expect(answer.chat_id).toBe(GROUP);
    expect(JSON.stringify(answer.card)).toContain('"ephemeral":true');
    expect(fake.callsTo("PATCH", "/open-apis/im/v1/messages/:id")).toEqual([]);
  });

  it("on an ordinary card: patched in place", async () => {
    const card = renderLarkCard(helpCard());
    const messageId = await sendCard(bot.client, { type: "chat_id", id: GROUP }, card, "late-ordinary-1");
    await pressLate(HELP, messageId);
    const message = await fake.waitFor(() => fake.messages.find((m) => m.message_id === messageId && m.patches.length));
    expect(message.patches).toHaveLength(1);
    expect(fake.calls.filter((c) => c.error)).toEqual([]);
  });
});
