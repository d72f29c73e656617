// Feishu/Lark end to end over webhooks: the real service (startService) with the real SDK client,
// talking to a fake Lark on 127.0.0.1; requests to Pacer are encrypted and signed exactly as Lark
// does it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.ts";
import type { Service } from "../../src/main.ts";
import { startGoldenService, type GoldenService } from "../helpers/service.ts";
import { FakeLark } from "../helpers/fake-lark.ts";

const WANG = { open_id: "ou_wang000000000000000000000000001", user_id: "wanglei" };
const LI = { open_id: "ou_li00000000000000000000000000002" };
const ZHOU = { open_id: "ou_zhou000000000000000000000000003" };
const STRANGER = { open_id: "ou_nobody00000000000000000000004" };

let database: Database;
let fake: FakeLark;
let service: Service;
let hook: string;

let golden: GoldenService;

beforeAll(async () => {
  fake = await new FakeLark().start();
  fake.users(
    { ...WANG, email: "wanglei@example.com", name: "王磊" },
    { ...LI, email: "lijing@example.com", name: "李静" },
    { ...ZHOU, email: "zhoumin@example.com", name: "周敏" },
    { ...STRANGER, email: "nobody@elsewhere.com" },
  );
  golden = await startGoldenService({
    LARK_APP_ID: fake.appId,
    LARK_APP_SECRET: fake.appSecret,
    LARK_VERIFICATION_TOKEN: fake.verificationToken,
    LARK_ENCRYPT_KEY: fake.encryptKey,
    LARK_DOMAIN: fake.url,
    LARK_MODE: "webhook",
  });
  ({ service, database } = golden);
  hook = `${service.url}/lark/events`;
});

afterAll(async () => {
  await golden?.stop();
  await fake?.stop();
});

const p2p = (sender: { open_id: string }, text: string, eventId?: string) =>
  fake.messageEvent({ sender, chatType: "p2p", chatId: `oc_p2p_${sender.open_id}`, text, ...(eventId ? { eventId } : {}) });

const sentTo = (chatId: string) => fake.messages.filter((m) => m.chat_id === chatId || m.receive_id === chatId);
const contentOf = (m: { content: string; patches?: unknown[] }) => m.content;

describe("webhook verification", () => {
  it("answers the encrypted url_verification challenge", async () => {
    const res = await fake.deliver(hook, { challenge: "c-42", token: fake.verificationToken, type: "url_verification" });
    expect(res.json).toEqual({ challenge: "c-42" });
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
    const link = await database.pool.query(`SELECT e.external_id FROM chat_identities c JOIN employees e ON e.id = c.employee_id WHERE c.user_id = $1`, [WANG.open_id]);
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

describe("groups", () => {
  it("ignores a group message that does not @mention the bot", async () => {
    const before = fake.messages.length;
    const res = await fake.deliver(hook, fake.messageEvent({ sender: WANG, chatType: "group", chatId: "oc_group_1", text: "离目标还差多少" }));
    expect(res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.messages.length).toBe(before);
  });

  it("answers an @mention in a reply; personal numbers go to the asker privately with a note in the group", async () => {
    const team = fake.messageEvent({ sender: WANG, chatType: "group", chatId: "oc_group_2", text: "@_user_1 团队排名", mentions: [fake.botMention] });
    await fake.deliver(hook, team);
    const reply = await fake.waitFor(() => fake.messages.find((m) => m.kind === "reply" && m.reply_to === team.event.message.message_id));
    expect(reply.msg_type).toBe("interactive");
    expect(reply.content).toContain("王磊");

    const mine = fake.messageEvent({ sender: WANG, chatType: "group", chatId: "oc_group_2", text: "@_user_1 kpi", mentions: [fake.botMention] });
    await fake.deliver(hook, mine);
    const note = await fake.waitFor(() => fake.messages.find((m) => m.kind === "reply" && m.reply_to === mine.event.message.message_id));
    expect(note.msg_type).toBe("text");
    expect(note.content).not.toContain("¥");
    const dm = await fake.waitFor(() => fake.messages.find((m) => m.receive_id === WANG.open_id && m.receive_id_type === "open_id"));
    expect(dm.content).toContain("¥35,000.00");
  });
});

describe("card buttons", () => {
  it("a button press returns the updated card inside the callback", async () => {
    const value = { intent: JSON.stringify({ kind: "unpaid", page: 1 }), action: "unpaid" };
    const res = await fake.deliver(hook, fake.cardActionEvent({ operator: WANG, value, messageId: "om_card_1", chatId: `oc_p2p_${WANG.open_id}` }));
    expect(res.status).toBe(200);
    const body = res.json as { card?: { type: string; data: { schema: string } } };
    expect(body.card?.type).toBe("raw");
    expect(body.card?.data.schema).toBe("2.0");
    expect(JSON.stringify(body.card?.data)).toContain("O2");
  });

  it("a forged button value is refused, never guessed", async () => {
    const value = { intent: JSON.stringify({ kind: "details", subject: "E-B", page: 1 }), action: "details" };
    const res = await fake.deliver(hook, fake.cardActionEvent({ operator: WANG, value, messageId: "om_card_2", chatId: `oc_p2p_${WANG.open_id}` }));
    const text = JSON.stringify(res.json);
    expect(text).not.toContain("O6");
    expect(text).toMatch(/没有权限|can't see/);
  });
});
