// The conversation core, specified once for every platform against a recording adapter: dedupe,
// who is asking (and who they @mention), parsing with the organization's clock, answering, and
// where the answer goes (the group privacy rule), in the asker's language, with errors handled.
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCard } from "../../cards/index.ts";
import { text } from "../../cards/model.ts";
import { monthIn } from "../../src/chat/clock.ts";
import { type ConversationDeps, converse } from "../../src/chat/conversation.ts";
import { serializeIntent } from "../../src/chat/intents.ts";
import { TEXTS } from "../../src/chat/texts.ts";
import { openDatabase, type Database } from "../../src/db/client.ts";
import { createLogger } from "../../src/log.ts";
import type { FileMessage } from "../../src/outgoing-file.ts";
import { PlatformError } from "../../src/events/errors.ts";
import { claimEvent, eventKey } from "../../src/events/dedupe.ts";
import { importScenario } from "../../src/scenario/import.ts";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";
import { readFixture } from "../helpers/fixtures.ts";
import { REDIS_URL } from "../helpers/server.ts";
import { button, cardText, message, type RecordingAdapter, recordingAdapter } from "./recording-adapter.ts";

let fresh: FreshDatabase;
let database: Database;
let redis: Redis;
// Dedupe lives in the shared Redis: each run claims under its own deployment prefix.
const PREFIX = `test-chat-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const NOW = new Date("2026-10-20T04:00:00Z"); // Oct 20, 12:00 in Shanghai
let deps: ConversationDeps;

/** Unique chat user ids per test: the directory cache is per process. */
let users = 0;
const user = (name: string) => `U${name}${++users}${Date.now().toString(36).toUpperCase()}`;

beforeAll(async () => {
  fresh = await freshDatabase();
  database = openDatabase(fresh.url, { max: 3 });
  await importScenario(database.pool, readFixture("golden-east-2026-10.scenario.json"));
  redis = new Redis(REDIS_URL);
  deps = {
    pool: database.pool,
    now: () => NOW,
    claim: (platform, eventId) => claimEvent(redis, platform, eventId, { prefix: PREFIX }),
  };
});
afterAll(async () => {
  const keys = await redis.keys(`${PREFIX}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  await database.close();
  await fresh.drop();
});

describe("identity", () => {
  it("links an unknown account through the platform directory (email, any case) and answers as that employee", async () => {
    const wang = user("WANG");
    const adapter = recordingAdapter({ directory: { [wang]: { email: " WangLei@Example.com " } } });
    const outcome = await converse(deps, adapter, message(wang, "离目标还差多少？"));
    expect(outcome).toMatchObject({ status: "answered", intent: { kind: "progress" }, delivery: "post" });
    const link = await database.pool.query(
      `SELECT e.external_id, c.linked_by FROM chat_identities c JOIN employees e ON e.id = c.employee_id WHERE c.user_id = $1`,
      [wang],
    );
    expect(link.rows).toEqual([{ external_id: "E-A", linked_by: "email" }]);
    if (outcome.status !== "answered") return;
    expect(cardText(outcome.reply)).toContain("王磊");
    expect(adapter.sent).toEqual([{ verb: "post", reply: outcome.reply }]);
  });

  it("an account the directory cannot match is not linked and is told how to get linked", async () => {
    const stranger = user("STRANGER");
    const adapter = recordingAdapter({ directory: { [stranger]: { email: "someone@elsewhere.com" } } });
    const outcome = await converse(deps, adapter, message(stranger, "kpi"));
    expect(outcome.status).toBe("answered");
    if (outcome.status !== "answered") return;
    expect(outcome.reply.card.header.title.en).toBe("Your account isn't linked yet");
  });

  it("a teammate @mentioned is linked from the directory too: the manager gets their card", async () => {
    const zhou = user("ZHOU");
    const li = user("LI");
    // Someone the directory does not know cannot be found: refused, like anyone the manager may not see.
    const adapter = recordingAdapter({ directory: { [zhou]: { email: "zhoumin@example.com" } } });
    const unknown = await converse(deps, adapter, message(zhou, `<@${li}> kpi`, { mentions: [li] }));
    if (unknown.status !== "answered") throw new Error(unknown.status);
    expect(unknown.intent).toMatchObject({ kind: "lookup", query: `@${li}` });
    expect(unknown.reply.card.header.tone).toBe("bad");

    const li2 = user("LI");
    const known = recordingAdapter({
      directory: { [zhou]: { email: "zhoumin@example.com" }, [li2]: { email: "lijing@example.com" } },
    });
    const outcome = await converse(deps, known, message(zhou, `<@${li2}> kpi`, { mentions: [li2] }));
    if (outcome.status !== "answered") throw new Error(outcome.status);
    expect(cardText(outcome.reply)).toContain("李静");
  });

  it("a salesperson asking about a teammate is refused without learning anything", async () => {
    const wang = user("WANG");
    const li = user("LI");
    const adapter = recordingAdapter({
      directory: { [wang]: { email: "wanglei@example.com" }, [li]: { email: "lijing@example.com" } },
    });
    const outcome = await converse(deps, adapter, message(wang, `<@${li}>`, { mentions: [li] }));
    if (outcome.status !== "answered") throw new Error(outcome.status);
    expect(outcome.reply.card.header.tone).toBe("bad");
    expect(cardText(outcome.reply)).not.toMatch(/¥/);
  });
});

describe("the group privacy rule", () => {
  const wangIn = (options: Parameters<typeof recordingAdapter>[0] = {}) => {
    const wang = user("WANG");
    return { wang, adapter: recordingAdapter({ ...options, directory: { [wang]: { email: "wanglei@example.com" } } }) };
  };

  it("one-to-one: the answer is posted in the conversation", async () => {
    const { wang, adapter } = wangIn();
    await converse(deps, adapter, message(wang, "kpi"));
    expect(adapter.sent.map((s) => s.verb)).toEqual(["post"]);
  });

  it("in a group, personal numbers go to the asker only (ephemeral)", async () => {
    const { wang, adapter } = wangIn();
    const outcome = await converse(deps, adapter, message(wang, "kpi", { inGroup: true }));
    expect(outcome).toMatchObject({ delivery: "ephemeral" });
    expect(adapter.sent.map((s) => s.verb)).toEqual(["ephemeral"]);
  });

  it("when the platform declines the ephemeral message: a DM, then a short note in the asker's language", async () => {
    const { wang, adapter } = wangIn({ ephemeral: false });
    await converse(deps, adapter, message(wang, "kpi", { inGroup: true }));
    expect(adapter.sent.map((s) => s.verb)).toEqual(["dm", "note"]);
    expect(adapter.sent[1]).toEqual({ verb: "note", note: TEXTS.sentByDm, locale: "zh-CN" });
  });

  it("when the ephemeral send fails with a platform error (bot not in the channel): the same fallback", async () => {
    const { wang, adapter } = wangIn({
      ephemeral: new PlatformError("slack", "not_in_channel", false, "not_in_channel", "not_in_channel"),
    });
    const outcome = await converse(deps, adapter, message(wang, "kpi", { inGroup: true }));
    expect(outcome).toMatchObject({ status: "answered", delivery: "dm" });
    expect(adapter.sent.map((s) => s.verb)).toEqual(["dm", "note"]);
  });

  it("the names-and-scores board a salesperson asks for in a group is posted for everyone", async () => {
    const { wang, adapter } = wangIn();
    const outcome = await converse(deps, adapter, message(wang, "团队排名", { inGroup: true }));
    expect(outcome).toMatchObject({ status: "answered", delivery: "post", reply: { personal: false } });
  });
});

describe("locale", () => {
  it("switching to English answers in English from then on, the DM note included", async () => {
    const zhang = user("ZHANG");
    const adapter = recordingAdapter({ directory: { [zhang]: { email: "zhangwei@example.com" } }, ephemeral: false });
    const switched = await converse(deps, adapter, message(zhang, "english"));
    expect(switched).toMatchObject({ reply: { locale: "en" } });
    const next = await converse(deps, adapter, message(zhang, "kpi", { inGroup: true }));
    expect(next).toMatchObject({ reply: { locale: "en" }, delivery: "dm" });
    expect(adapter.sent.at(-1)).toEqual({ verb: "note", note: TEXTS.sentByDm, locale: "en" });
    await converse(deps, adapter, message(zhang, "中文"));
  });
});

describe("the clock", () => {
  it("takes this month in the organization's zone, not UTC's", () => {
    // Nov 1, 00:30 in Shanghai is still Oct 31 in UTC.
    const edge = new Date("2026-10-31T16:30:00Z");
    expect(monthIn(edge, "Asia/Shanghai")).toEqual({ year: 2026, month: 11 });
    expect(monthIn(edge, "UTC")).toEqual({ year: 2026, month: 10 });
  });

  it("at a month edge, '11月' on Nov 1 (Shanghai) is this November, not last year's", async () => {
    const wang = user("WANG");
    const adapter = recordingAdapter({ directory: { [wang]: { email: "wanglei@example.com" } } });
    const edge: ConversationDeps = { ...deps, now: () => new Date("2026-10-31T16:30:00Z") };
    const outcome = await converse(edge, adapter, message(wang, "11月的业绩"));
    expect(outcome).toMatchObject({ intent: { kind: "progress", period: "2026-11" } });
  });
});

describe("dedupe", () => {
  it("a retried event (same id) is answered once, and the claim lives under the deployment prefix", async () => {
    const wang = user("WANG");
    const adapter = recordingAdapter({ directory: { [wang]: { email: "wanglei@example.com" } } });
    const eventId = `ev-${wang}`;
    expect((await converse(deps, adapter, message(wang, "kpi", { eventId }))).status).toBe("answered");
    expect(await converse(deps, adapter, message(wang, "kpi", { eventId }))).toEqual({ status: "duplicate" });
    expect(adapter.sent).toHaveLength(1);
    expect(await redis.exists(eventKey(PREFIX, "slack", eventId))).toBe(1);
    expect(await redis.exists(eventKey("pacer", "slack", eventId))).toBe(0);
    // Another deployment sharing the Redis handles its own copy of the id.
    expect(await claimEvent(redis, "slack", eventId, { prefix: `${PREFIX}-other` })).toBe(true);
    await redis.del(eventKey(`${PREFIX}-other`, "slack", eventId));
  });

  it("the same id on another platform is another event", async () => {
    const eventId = `ev-x-${user("X")}`;
    expect(await claimEvent(redis, "slack", eventId, { prefix: PREFIX })).toBe(true);
    expect(await claimEvent(redis, "lark", eventId, { prefix: PREFIX })).toBe(true);
    expect(await claimEvent(redis, "lark", eventId, { prefix: PREFIX })).toBe(false);
  });
});

describe("what the user did", () => {
  it("a slash command is read as '/kpi <text>'; something unreadable (an image) gets help, never silence", async () => {
    const wang = user("WANG");
    const adapter = recordingAdapter({ directory: { [wang]: { email: "wanglei@example.com" } } });
    const command = await converse(deps, adapter, {
      ...message(wang, ""),
      trigger: { type: "command", text: "team", mentions: [] },
    });
    expect(command).toMatchObject({ intent: { kind: "leaderboard", period: "current" } });
    const image = await converse(deps, adapter, { ...message(wang, ""), trigger: { type: "unsupported" } });
    expect(image).toMatchObject({ intent: { kind: "help" }, reply: { card: { header: { tone: "info" } } } });
  });

  it("the home tab shows the asker's own progress, in place", async () => {
    const wang = user("WANG");
    const adapter = recordingAdapter({ directory: { [wang]: { email: "wanglei@example.com" } } });
    const outcome = await converse(deps, adapter, { ...message(wang, ""), trigger: { type: "home" } });
    expect(outcome).toMatchObject({ intent: { kind: "progress", period: "current" }, delivery: "update" });
  });
});

describe("buttons", () => {
  const stale = (reply: { card: ReturnType<typeof errorCard> }) => reply.card;

  it("a valid button answers its intent and replaces the card", async () => {
    const wang = user("WANG");
    const adapter = recordingAdapter({ directory: { [wang]: { email: "wanglei@example.com" } } });
    const outcome = await converse(deps, adapter, button(wang, serializeIntent({ kind: "unpaid", page: 1 })));
    expect(outcome).toMatchObject({ status: "answered", intent: { kind: "unpaid" }, delivery: "update" });
  });

  it.each([
    ["not ours", null],
    ["tampered", '{"kind":"details","subject":"E-B","page":-4}'],
    ["not JSON", "{kind"],
  ])("a %s button value gets the out-of-date error card (both languages), never a guess", async (_what, value) => {
    const wang = user("WANG");
    const adapter = recordingAdapter({ directory: { [wang]: { email: "wanglei@example.com" } } });
    const outcome = await converse(deps, adapter, button(wang, value));
    if (outcome.status !== "answered") throw new Error(outcome.status);
    expect(outcome.intent).toBeNull();
    expect(stale(outcome.reply)).toEqual(errorCard(TEXTS.staleButton));
    expect(TEXTS.staleButton["zh-CN"]).toMatch(/按钮已失效/);
    expect(TEXTS.staleButton.en).toMatch(/out of date/);
    expect(adapter.sent.map((s) => s.verb)).toEqual(["update"]);
  });
});

describe("errors", () => {
  it("a delivery the platform refuses is reported as undelivered with the typed error", async () => {
    const wang = user("WANG");
    const refused = new PlatformError("lark", "230002", false, "bot not in chat", "not_in_channel");
    const adapter = recordingAdapter({
      channel: "lark",
      directory: { [wang]: { email: "wanglei@example.com" } },
      postFails: refused,
    });
    const outcome = await converse(deps, adapter, message(wang, "kpi"));
    expect(outcome).toMatchObject({ status: "undelivered", error: refused });
  });

  it("an answer's notices to others are handed to deps.notify before the asker's answer is delivered, and whether or not it gets through", async () => {
    const notice = { employeeId: 1, card: errorCard(TEXTS.staleButton), locale: "zh-CN" as const, key: "test.notice" };
    const reply = { card: errorCard(TEXTS.staleButton), personal: true, locale: "zh-CN" as const, notices: [notice] };
    const handed: unknown[] = [];
    const told = { ...deps, substitute: () => reply, notify: async (n: unknown[]) => void handed.push(n) };
    const delivered = recordingAdapter();
    // A process that dies while the asker's answer is on its way has recorded them already.
    const handedAtPost: number[] = [];
    const post = delivered.post.bind(delivered);
    delivered.post = async (ref, r) => {
      handedAtPost.push(handed.length);
      return post(ref, r);
    };
    expect(await converse(told, delivered, message(user("ANY"), "kpi"))).toMatchObject({ status: "answered" });
    expect(handedAtPost).toEqual([1]);
    const refused = new PlatformError("slack", "channel_not_found", false, "no channel", "not_in_channel");
    const undelivered = recordingAdapter({ postFails: refused });
    expect(await converse(told, undelivered, message(user("ANY"), "kpi"))).toMatchObject({ status: "undelivered" });
    expect(handed).toEqual([[notice], [notice]]);
    // The adapters answered the asker only.
    expect(delivered.sent).toEqual([{ verb: "post", reply }]);
    expect(undelivered.sent).toEqual([]);
  });

  it("when answering itself fails (the database is gone), the asker still gets the error card", async () => {
    const broken = openDatabase(fresh.url, { max: 1 });
    await broken.close();
    const adapter = recordingAdapter();
    const outcome = await converse({ ...deps, pool: broken.pool }, adapter, message(user("ANY"), "kpi"));
    expect(outcome).toMatchObject({ status: "answered", delivery: "post" });
    if (outcome.status !== "answered") return;
    expect(outcome.reply.card).toEqual(errorCard(TEXTS.somethingWentWrong));
  });
});

describe("a stand-in answer (ConversationDeps.substitute, for bench/chat.ts's echo)", () => {
  it("is delivered like any answer, after the dedupe, without reading the database; events it declines get Pacer's", async () => {
    const broken = openDatabase(fresh.url, { max: 1 });
    await broken.close();
    const standIn = { card: errorCard(TEXTS.staleButton), personal: true, locale: "en" as const };
    const substitute: ConversationDeps["substitute"] = (inbound) =>
      inbound.eventId?.endsWith("-echo") ? standIn : undefined;
    const adapter = recordingAdapter();
    const echo = message(user("ECHO"), "kpi", { eventId: `${PREFIX}-1-echo` });
    const outcome = await converse({ ...deps, pool: broken.pool, substitute }, adapter, echo);
    expect(outcome).toMatchObject({ status: "answered", intent: null, reply: standIn, delivery: "post" });
    expect(await converse({ ...deps, pool: broken.pool, substitute }, adapter, echo)).toEqual({ status: "duplicate" });
    expect(adapter.sent).toEqual([{ verb: "post", reply: standIn }]);

    const wang = user("WANG");
    const pacer = recordingAdapter({ directory: { [wang]: { email: "wanglei@example.com" } } });
    const answered = await converse({ ...deps, substitute }, pacer, message(wang, "离目标还差多少？"));
    expect(answered).toMatchObject({ status: "answered", intent: { kind: "progress" } });
    if (answered.status !== "answered") return;
    expect(cardText(answered.reply)).toContain("王磊");
  });
});

describe("a picture that follows the card (Reply.picture: Slack's profile trend)", () => {
  const card = errorCard(TEXTS.staleButton);
  const file = {
    file: { fileName: "trend.png", contentType: "image/png", buffer: Buffer.from("png") },
    comment: text("趋势图", "Trend"),
  };
  /** Converses with a stand-in answer carrying `picture`; returns the outcome and the log lines. */
  async function withPicture(adapter: RecordingAdapter, picture: () => Promise<FileMessage>) {
    const lines: Record<string, unknown>[] = [];
    const log = createLogger("info", { write: (line: string) => lines.push(JSON.parse(line)) } as never);
    const reply = { card, personal: true, locale: "en" as const, picture };
    const outcome = await converse({ ...deps, log, substitute: () => reply }, adapter, message(user("PIC"), "趋势"));
    return { outcome, lines };
  }

  it("is drawn only once the card is delivered, then sent where files go", async () => {
    const adapter = recordingAdapter({ files: true });
    let sentWhenDrawn: string[] = [];
    const { outcome } = await withPicture(adapter, async () => {
      sentWhenDrawn = adapter.sent.map((s) => s.verb);
      return file;
    });
    expect(sentWhenDrawn).toEqual(["post"]);
    expect(outcome).toMatchObject({ status: "answered", delivery: "post" });
    expect(adapter.sent.map((s) => s.verb)).toEqual(["post", "file"]);
  });

  it("that cannot be drawn leaves the card delivered: the failure is logged and the asker told in one line", async () => {
    const adapter = recordingAdapter({ files: true });
    const { outcome, lines } = await withPicture(adapter, () => Promise.reject(new Error("resvg: no font")));
    expect(outcome).toMatchObject({ status: "answered", delivery: "post" });
    expect(adapter.sent).toEqual([
      { verb: "post", reply: expect.objectContaining({ card }) },
      { verb: "fileNote", note: TEXTS.pictureNotSent, locale: "en" },
    ]);
    expect(lines).toContainEqual(
      expect.objectContaining({ msg: "chat: the picture after the card was not sent", err: expect.anything() }),
    );
  });

  it("that the platform refuses leaves the card delivered, and the asker is told", async () => {
    const adapter = recordingAdapter({ files: new PlatformError("slack", "file_too_large", false, "file too large") });
    const { outcome, lines } = await withPicture(adapter, async () => file);
    expect(outcome).toMatchObject({ status: "answered", delivery: "post" });
    expect(adapter.sent.map((s) => s.verb)).toEqual(["post", "fileNote"]);
    expect(lines.map((l) => l.msg)).toContain("chat: the picture after the card was not sent");
  });

  it("is never drawn where the platform takes no files (the console)", async () => {
    const adapter = recordingAdapter();
    let drawn = false;
    await withPicture(adapter, async () => {
      drawn = true;
      return file;
    });
    expect(drawn).toBe(false);
    expect(adapter.sent.map((s) => s.verb)).toEqual(["post"]);
  });
});
