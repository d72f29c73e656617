// Feishu/Lark end to end over webhooks: the real service (startService) with the real SDK client,
// talking to a fake Lark on 127.0.0.1; requests to Pacer are encrypted and signed exactly as Lark
// does it. In groups the bot answers only when @mentioned (by its open_id, read from bot/v3/info);
// personal numbers go to the asker alone as an ephemeral card, else by DM with a note in the group.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.ts";
import { startGoldenService, type GoldenService } from "../helpers/service.ts";
import { FakeLark, type FakeLarkOptions, type SentLarkEphemeral, type SentLarkMessage } from "../helpers/fake-lark.ts";
import type { LarkUserIds } from "../helpers/lark-crypto.ts";

const WANG = { open_id: "ou_wang000000000000000000000000001", user_id: "wanglei" };
const LI = { open_id: "ou_li00000000000000000000000000002" };
const ZHOU = { open_id: "ou_zhou000000000000000000000000003" };
const STRANGER = { open_id: "ou_nobody00000000000000000000004" };
const ZHANG = { open_id: "ou_zhang00000000000000000000000005" };

/** The service on a fresh golden database, its webhook at `hook`, talking to its own fake Lark. */
interface LarkSetup {
  fake: FakeLark;
  golden: GoldenService;
  hook: string;
  stop(): Promise<void>;
}

async function startLark(options: FakeLarkOptions = {}): Promise<LarkSetup> {
  const fake = await new FakeLark(options).start();
  fake.users(
    { ...WANG, email: "wanglei@example.com", name: "王磊" },
    { ...LI, email: "lijing@example.com", name: "李静" },
    { ...ZHOU, email: "zhoumin@example.com", name: "周敏" },
    { ...ZHANG, email: "zhangwei@example.com", name: "张伟" },
    { ...STRANGER, email: "nobody@elsewhere.com" },
  );
  const golden = await startGoldenService({
    LARK_APP_ID: fake.appId,
    LARK_APP_SECRET: fake.appSecret,
    LARK_VERIFICATION_TOKEN: fake.verificationToken,
    LARK_ENCRYPT_KEY: fake.encryptKey,
    LARK_DOMAIN: fake.url,
    LARK_MODE: "webhook",
  });
  return {
    fake,
    golden,
    hook: `${golden.service.url}/lark/events`,
    async stop() {
      await golden.stop();
      await fake.stop();
    },
  };
}

// The app as Lark gives it by default: it may send ephemeral cards and can read its own open_id.
let lark: LarkSetup;
let database: Database;
let fake: FakeLark;
let hook: string;

beforeAll(async () => {
  lark = await startLark();
  ({ fake, hook } = lark);
  ({ database } = lark.golden);
});

afterAll(async () => {
  await lark?.stop();
});

const p2p = (sender: { open_id: string }, text: string, eventId?: string) =>
  fake.messageEvent({
    sender,
    chatType: "p2p",
    chatId: `oc_p2p_${sender.open_id}`,
    text,
    ...(eventId ? { eventId } : {}),
  });

const sentTo = (chatId: string) => fake.messages.filter((m) => m.chat_id === chatId || m.receive_id === chatId);
const contentOf = (m: { content: string; patches?: unknown[] }) => m.content;

const mention = (id: LarkUserIds, name: string) => ({ id, name });
const LI_MENTION = mention(LI, "李静");

/** A group message; `mentions` are `@_user_1`, `@_user_2`… in the text, in that order. */
const groupMessage = (
  at: LarkSetup,
  sender: LarkUserIds,
  chatId: string,
  text: string,
  mentions: { id: LarkUserIds; name: string }[] = [],
) => at.fake.messageEvent({ sender, chatType: "group", chatId, text, mentions });

/** Links `who` to their employee the way people get linked: by talking to the bot once, directly. */
async function linkByDirectMessage(at: LarkSetup, who: LarkUserIds, text = "kpi"): Promise<void> {
  const chatId = `oc_link_${who.open_id}_${at.fake.messages.length}`;
  await at.fake.deliver(at.hook, at.fake.messageEvent({ sender: who, chatType: "p2p", chatId, text }));
  await at.fake.waitFor(() => at.fake.messages.find((m) => m.receive_id === chatId));
}

/**
 * What the app posted after `mark` (messages and ephemeral cards), read once the app has answered
 * a later question in `chatId` — a team ranking asked by 王磊, answered publicly in the group and
 * left out of the result — so that anything earlier work was going to post has been posted.
 */
async function postedSince(
  at: LarkSetup,
  mark: { messages: number; ephemerals: number },
  chatId: string,
): Promise<{ messages: SentLarkMessage[]; ephemerals: SentLarkEphemeral[] }> {
  const probe = groupMessage(at, WANG, chatId, "@_user_1 团队排名", [at.fake.botMention]);
  await at.fake.deliver(at.hook, probe);
  const answer = await at.fake.waitFor(() =>
    at.fake.messages.find((m) => m.reply_to === probe.event.message.message_id),
  );
  return {
    messages: at.fake.messages.slice(mark.messages).filter((m) => m !== answer),
    ephemerals: at.fake.ephemerals.slice(mark.ephemerals),
  };
}

const markOf = (at: LarkSetup) => ({ messages: at.fake.messages.length, ephemerals: at.fake.ephemerals.length });

/** Every key of a card that carries a translation (the ephemeral API refuses them all). */
function i18nKeys(card: unknown): string[] {
  const keys: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object")
      for (const [k, v] of Object.entries(node)) {
        if (/^i18n/.test(k) || k === "locales") keys.push(k);
        walk(v);
      }
  };
  walk(card);
  return keys;
}

const titleOf = (card: Record<string, unknown>) => (card.header as { title: { content: string } }).title.content;

describe("webhook verification", () => {
  it("answers the encrypted url_verification challenge", async () => {
    const res = await fake.deliver(hook, {
      challenge: "c-42",
      token: fake.verificationToken,
      type: "url_verification",
    });
    expect(res.json).toEqual({ challenge: "c-42" });
  });

  it("lets Feishu save the webhook URL: answers the challenge it sends encrypted but unsigned", async () => {
    expect(await fake.verifyUrl(hook, "c-feishu")).toEqual({ saved: true, status: 200 });
  });

  it("answers a signed body that decrypts to null with a 400, sending nothing", async () => {
    const before = fake.messages.length;
    const res = await fake.deliver(hook, null);
    expect(res.status).toBe(400);
    expect(fake.messages.length).toBe(before);
  });

  it("reads no more than Lark can send before checking the signature: a body over 1 MB is refused with 413", async () => {
    const before = fake.messages.length;
    const res = await fake.deliver(hook, p2p(WANG, `kpi ${"x".repeat(1024 * 1024)}`));
    expect(res.status).toBe(413);
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.messages.length).toBe(before);
  });

  it("refuses an unsigned event (only the URL check may come unsigned)", async () => {
    const res = await fake.deliver(hook, p2p(WANG, "kpi"), { sign: false });
    expect(res.status).toBe(401);
  });

  it.each([
    ["a bad signature", { signature: "0".repeat(64) }],
    ["a stale timestamp", { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 }],
    ["an unencrypted body", { encrypt: false }],
  ])("rejects %s with nothing sent", async (_what, options) => {
    const before = fake.messages.length;
    const res = await fake.deliver(hook, p2p(WANG, "kpi"), options);
    expect(res.status).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.messages.length).toBe(before);
  });

  it("rejects a wrong verification token with nothing sent", async () => {
    const before = fake.messages.length;
    const event = p2p(WANG, "kpi");
    const res = await fake.deliver(hook, { ...event, header: { ...event.header, token: "forged" } });
    expect(res.status).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.messages.length).toBe(before);
  });
});

describe("messages", () => {
  it("a p2p question from 王磊 → one interactive card with his actual numbers", async () => {
    const started = Date.now();
    const res = await fake.deliver(hook, p2p(WANG, "离目标还差多少"));
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(3000);
    const chat = `oc_p2p_${WANG.open_id}`;
    const sent = await fake.waitFor(() => sentTo(chat)[0]);
    expect(sent.msg_type).toBe("interactive");
    // Collected as of Oct 20 12:00: P1 ¥20,000 (Oct 2) + P4 ¥15,000 (Oct 18); target ¥40,000.
    expect(contentOf(sent)).toContain("¥35,000.00");
    expect(contentOf(sent)).toContain("¥40,000.00");
    expect(sent.uuid).toBeTruthy();
    const card = sent.parsed as { schema: string; config: { locales: string[] } };
    expect(card.schema).toBe("2.0");
    expect(card.config.locales).toEqual(["zh_cn", "en_us"]);
    const link = await database.pool.query(
      `SELECT e.external_id FROM chat_identities c JOIN employees e ON e.id = c.employee_id WHERE c.user_id = $1`,
      [WANG.open_id],
    );
    expect(link.rows).toEqual([{ external_id: "E-A" }]);
  });

  it("an event delivered twice gets one answer", async () => {
    const event = p2p(LI, "kpi");
    await fake.deliver(hook, event);
    await fake.deliver(hook, event);
    const chat = `oc_p2p_${LI.open_id}`;
    await fake.waitFor(() => sentTo(chat)[0]);
    await new Promise((r) => setTimeout(r, 300));
    expect(sentTo(chat)).toHaveLength(1);
  });

  it("an unlinked user gets linking instructions only", async () => {
    await fake.deliver(hook, p2p(STRANGER, "离目标还差多少"));
    const sent = await fake.waitFor(() => sentTo(`oc_p2p_${STRANGER.open_id}`)[0]);
    expect(contentOf(sent)).toContain("pacer link");
    expect(contentOf(sent)).not.toContain("¥");
  });

  it("a rep asking for a teammate is refused; the manager gets the card", async () => {
    await fake.deliver(hook, p2p(WANG, "李静的业绩"));
    const refused = await fake.waitFor(() => sentTo(`oc_p2p_${WANG.open_id}`).find((m) => m.content.includes("李静")));
    expect(refused.content).not.toContain("¥");
    await fake.deliver(hook, p2p(ZHOU, "李静的业绩"));
    const allowed = await fake.waitFor(() => sentTo(`oc_p2p_${ZHOU.open_id}`).find((m) => m.content.includes("李静")));
    expect(allowed.content).toContain("¥");
  });
});

describe("groups (the app may send ephemeral cards and knows its own open_id)", () => {
  it("reads its own open_id from bot/v3/info at start-up", () => {
    const [info] = fake.callsTo("GET", "/open-apis/bot/v3/info");
    expect(info).toBeDefined();
    expect(info!.error).toBeUndefined();
  });

  it("ignores a group message that does not @mention anyone", async () => {
    const mark = markOf(lark);
    const res = await fake.deliver(hook, groupMessage(lark, WANG, "oc_group_1", "离目标还差多少"));
    expect(res.status).toBe(200);
    expect(await postedSince(lark, mark, "oc_group_1")).toEqual({ messages: [], ephemerals: [] });
  });

  it("ignores a group message that @mentions only someone else", async () => {
    const mark = markOf(lark);
    const calls = fake.calls.length;
    const res = await fake.deliver(
      hook,
      groupMessage(lark, WANG, "oc_group_1", "@_user_1 离目标还差多少", [LI_MENTION]),
    );
    expect(res.status).toBe(200);
    expect(await postedSince(lark, mark, "oc_group_1")).toEqual({ messages: [], ephemerals: [] });
    // Not even an attempt: the only send since is the reply to the later question.
    const sends = fake.calls
      .slice(calls)
      .filter((c) => c.method === "POST" && /^\/open-apis\/(im|ephemeral)\//.test(c.path));
    expect(sends.map((c) => c.path)).toEqual([expect.stringMatching(/^\/open-apis\/im\/v1\/messages\/om_\w+\/reply$/)]);
  });

  it("answers a question about the team publicly, as a reply to the @mention", async () => {
    const team = groupMessage(lark, WANG, "oc_group_2", "@_user_1 团队排名", [fake.botMention]);
    await fake.deliver(hook, team);
    const reply = await fake.waitFor(() =>
      fake.messages.find((m) => m.kind === "reply" && m.reply_to === team.event.message.message_id),
    );
    expect(reply.msg_type).toBe("interactive");
    expect(reply.chat_id).toBe("oc_group_2");
    expect(reply.content).toContain("王磊");
  });

  it("sends personal numbers as an ephemeral card to the asker in that chat, in Chinese only; nothing else is posted", async () => {
    const mark = markOf(lark);
    await fake.deliver(hook, groupMessage(lark, WANG, "oc_group_3", "@_user_1 kpi", [fake.botMention]));
    const card = await fake.waitFor(() => fake.ephemerals.find((e) => e.chat_id === "oc_group_3"));
    expect(card.open_id).toBe(WANG.open_id);
    expect(JSON.stringify(card.card)).toContain("¥35,000.00");
    expect(i18nKeys(card.card)).toEqual([]);
    expect(titleOf(card.card)).toMatch(/^王磊 · .*业绩$/);
    expect(JSON.stringify(card.card)).not.toContain("Collected revenue");
    // No DM, no note in the group: the ephemeral card is the whole answer.
    const posted = await postedSince(lark, mark, "oc_group_3");
    expect(posted.messages).toEqual([]);
    expect(posted.ephemerals).toEqual([card]);
  });

  it("writes the ephemeral card in English only for an asker who chose English", async () => {
    await linkByDirectMessage(lark, ZHANG, "english");
    await fake.deliver(hook, groupMessage(lark, ZHANG, "oc_group_4", "@_user_1 kpi", [fake.botMention]));
    const card = await fake.waitFor(() => fake.ephemerals.find((e) => e.chat_id === "oc_group_4"));
    expect(card.open_id).toBe(ZHANG.open_id);
    expect(i18nKeys(card.card)).toEqual([]);
    expect(titleOf(card.card)).toBe("张伟 · October 2026 progress");
    expect(JSON.stringify(card.card)).not.toMatch(/业绩|回款|达成/);
  });

  it("answers a manager about the teammate @mentioned alongside the bot, whichever comes first, privately", async () => {
    await linkByDirectMessage(lark, LI);
    const mark = markOf(lark);
    await fake.deliver(
      hook,
      groupMessage(lark, ZHOU, "oc_group_5", "@_user_1 @_user_2", [fake.botMention, LI_MENTION]),
    );
    await fake.deliver(
      hook,
      groupMessage(lark, ZHOU, "oc_group_5", "@_user_1 怎么样了 @_user_2", [LI_MENTION, fake.botMention]),
    );
    const cards = await fake.waitFor(() => {
      const found = fake.ephemerals.filter((e) => e.chat_id === "oc_group_5");
      return found.length === 2 && found;
    });
    for (const card of cards) {
      expect(card.open_id).toBe(ZHOU.open_id);
      expect(titleOf(card.card)).toMatch(/^李静 · /);
      expect(JSON.stringify(card.card)).toContain("¥");
    }
    expect((await postedSince(lark, mark, "oc_group_5")).messages).toEqual([]);
  });

  it("refuses a rep asking about a teammate @mentioned alongside the bot, privately", async () => {
    await linkByDirectMessage(lark, LI);
    await fake.deliver(
      hook,
      groupMessage(lark, WANG, "oc_group_6", "@_user_1 @_user_2", [fake.botMention, LI_MENTION]),
    );
    const card = await fake.waitFor(() => fake.ephemerals.find((e) => e.chat_id === "oc_group_6"));
    expect(card.open_id).toBe(WANG.open_id);
    const content = JSON.stringify(card.card);
    expect(content).toContain("找不到你可以查看的");
    expect(content).not.toContain("¥");
  });
});

describe("groups, when the app may not send ephemeral cards", () => {
  let noEphemeral: LarkSetup;
  beforeAll(async () => {
    noEphemeral = await startLark({ ephemeral: false });
  });
  afterAll(async () => {
    await noEphemeral?.stop();
  });

  it("sends personal numbers to the asker by DM, with a short note replying in the group", async () => {
    const { fake } = noEphemeral;
    const mine = groupMessage(noEphemeral, WANG, "oc_group_7", "@_user_1 kpi", [fake.botMention]);
    await fake.deliver(noEphemeral.hook, mine);
    const note = await fake.waitFor(() =>
      fake.messages.find((m) => m.kind === "reply" && m.reply_to === mine.event.message.message_id),
    );
    expect(note.msg_type).toBe("text");
    expect(note.chat_id).toBe("oc_group_7");
    expect(note.parsed).toEqual({ text: "你的数据已私信发送给你。 / I sent your numbers to you by direct message." });
    const dm = await fake.waitFor(() =>
      fake.messages.find((m) => m.receive_id === WANG.open_id && m.receive_id_type === "open_id"),
    );
    expect(dm.msg_type).toBe("interactive");
    expect(dm.content).toContain("¥35,000.00");
    // The ephemeral card was tried first and refused for want of the permission.
    expect(fake.callsTo("POST", "/open-apis/ephemeral/v1/send").map((c) => c.error)).toEqual([
      { status: 400, code: 99991672 },
    ]);
    expect(fake.ephemerals).toEqual([]);
  });
});

describe("groups, when the bot cannot read its own open_id", () => {
  let noBotInfo: LarkSetup;
  beforeAll(async () => {
    noBotInfo = await startLark({ botInfo: false });
  });
  afterAll(async () => {
    await noBotInfo?.stop();
  });

  it("tried bot/v3/info at start-up, and started anyway", () => {
    expect(noBotInfo.fake.callsTo("GET", "/open-apis/bot/v3/info").map((c) => c.error)).toEqual([
      { status: 404, code: 0 },
    ]);
  });

  it("still ignores a group message that does not @mention anyone", async () => {
    const mark = markOf(noBotInfo);
    await noBotInfo.fake.deliver(noBotInfo.hook, groupMessage(noBotInfo, WANG, "oc_group_8", "离目标还差多少"));
    expect(await postedSince(noBotInfo, mark, "oc_group_8")).toEqual({ messages: [], ephemerals: [] });
  });

  it("takes the first @mention as the bot: a message that @mentions only a teammate is answered for the asker", async () => {
    const { fake } = noBotInfo;
    await fake.deliver(noBotInfo.hook, groupMessage(noBotInfo, WANG, "oc_group_9", "@_user_1 kpi", [LI_MENTION]));
    const card = await fake.waitFor(() => fake.ephemerals.find((e) => e.chat_id === "oc_group_9"));
    expect(card.open_id).toBe(WANG.open_id);
    expect(titleOf(card.card)).toMatch(/^王磊 · /);
    expect(JSON.stringify(card.card)).toContain("¥35,000.00");
  });

  it("takes a teammate @mentioned after the first mention as the subject — found in the directory though she never wrote to the bot", async () => {
    const { fake } = noBotInfo;
    const links = () =>
      noBotInfo.golden.database.pool.query(`SELECT user_id FROM chat_identities WHERE user_id = $1`, [LI.open_id]);
    expect((await links()).rows).toEqual([]);
    await fake.deliver(
      noBotInfo.hook,
      groupMessage(noBotInfo, ZHOU, "oc_group_10", "@_user_1 @_user_2", [fake.botMention, LI_MENTION]),
    );
    const card = await fake.waitFor(() => fake.ephemerals.find((e) => e.chat_id === "oc_group_10"));
    expect(card.open_id).toBe(ZHOU.open_id);
    expect(titleOf(card.card)).toMatch(/^李静 · /);
    expect(JSON.stringify(card.card)).toContain("¥");
    // Linked by her directory email on the way, like anyone who writes to the bot.
    expect((await links()).rows).toEqual([{ user_id: LI.open_id }]);
  });
});

describe("card buttons", () => {
  it("a button press returns the updated card inside the callback", async () => {
    const value = { intent: JSON.stringify({ kind: "unpaid", page: 1 }), action: "unpaid" };
    const res = await fake.deliver(
      hook,
      fake.cardActionEvent({ operator: WANG, value, messageId: "om_card_1", chatId: `oc_p2p_${WANG.open_id}` }),
    );
    expect(res.status).toBe(200);
    const body = res.json as { card?: { type: string; data: { schema: string } } };
    expect(body.card?.type).toBe("raw");
    expect(body.card?.data.schema).toBe("2.0");
    expect(JSON.stringify(body.card?.data)).toContain("O2");
  });

  it("a forged button value is refused, never guessed", async () => {
    const value = { intent: JSON.stringify({ kind: "details", subject: "E-B", page: 1 }), action: "details" };
    const res = await fake.deliver(
      hook,
      fake.cardActionEvent({ operator: WANG, value, messageId: "om_card_2", chatId: `oc_p2p_${WANG.open_id}` }),
    );
    const text = JSON.stringify(res.json);
    expect(text).not.toContain("O6");
    expect(text).toMatch(/没有权限|can't see/);
  });
});
