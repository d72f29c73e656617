// The fake Lark platform is only useful if the real SDK cannot tell it from Lark: these tests drive
// @larksuiteoapi/node-sdk (Client, WSClient, EventDispatcher, AESCipher, adaptDefault) against it and
// pin the SDK behaviours the Lark adapter relies on.
import { createServer, type Server } from "node:http";
import * as lark from "@larksuiteoapi/node-sdk";
import { afterEach, describe, expect, it } from "vitest";
import { FakeLark, type LarkWsAck } from "../helpers/fake-lark.ts";
import { decrypt, encrypt, larkRequest, larkSignature, urlVerification } from "../helpers/lark-crypto.ts";

const WANG = {
  open_id: "ou_7d8a6e6df7621556ce0d21922b676706",
  user_id: "wanglei",
  union_id: "on_8ed6aa67826108097d9ee143816345bb",
};
const CARD = {
  schema: "2.0",
  config: { update_multi: true },
  body: { elements: [{ tag: "markdown", content: "**本月回款** ¥35,000.00" }] },
};

/** Collects SDK log lines instead of printing them. */
function sdkLogger(): { logger: lark.Logger; lines: string[] } {
  const lines: string[] = [];
  const push =
    (level: string) =>
    (...msg: unknown[]) =>
      void lines.push(`${level} ${msg.map((m) => (typeof m === "string" ? m : JSON.stringify(m))).join(" ")}`);
  return {
    lines,
    logger: {
      error: push("error"),
      warn: push("warn"),
      info: push("info"),
      debug: push("debug"),
      trace: push("trace"),
    },
  };
}

// Everything a test opens is closed after it, so no handle outlives the test.
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startFake(options: ConstructorParameters<typeof FakeLark>[0] = {}): Promise<FakeLark> {
  const fake = await new FakeLark(options).start();
  cleanups.push(() => fake.stop());
  return fake;
}

function client(fake: FakeLark): lark.Client {
  // Own cache: the SDK's default token cache is module-global, keyed by app id only.
  return new lark.Client({
    appId: fake.appId,
    appSecret: fake.appSecret,
    domain: fake.url,
    cache: new lark.DefaultCache(),
    logger: sdkLogger().logger,
  });
}

function wsClient(
  fake: FakeLark,
  extra: Partial<ConstructorParameters<typeof lark.WSClient>[0]> = {},
): { ws: lark.WSClient; ready: Promise<void>; lines: string[] } {
  const { logger, lines } = sdkLogger();
  let onReady!: () => void;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  const ws = new lark.WSClient({
    appId: fake.appId,
    appSecret: fake.appSecret,
    domain: fake.url,
    logger,
    loggerLevel: lark.LoggerLevel.trace,
    onReady,
    ...extra,
  });
  cleanups.push(() => ws.close({ force: true }));
  return { ws, ready, lines };
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms))),
  ]).finally(() => clearTimeout(timer));
}

interface AxiosLikeError {
  response?: { status: number; data: { code?: number; msg?: string }; headers: Record<string, string> };
}

describe("FakeLark HTTP API with the SDK Client", () => {
  it("hands out a tenant token and records create / reply / patch with it", async () => {
    const fake = await startFake();
    const sdk = client(fake);

    const created = await sdk.im.v1.message.create({
      params: { receive_id_type: "open_id" },
      data: { receive_id: WANG.open_id, msg_type: "interactive", content: JSON.stringify(CARD), uuid: "evt-1" },
    });
    expect(created.code).toBe(0);
    const messageId = created.data!.message_id!;
    expect(messageId).toMatch(/^om_[0-9a-f]{32}$/);

    const reply = await sdk.im.v1.message.reply({
      path: { message_id: messageId },
      data: { msg_type: "text", content: JSON.stringify({ text: "好的" }), uuid: "evt-2" },
    });
    expect(reply.data?.parent_id).toBe(messageId);
    expect(reply.data?.chat_id).toBe(created.data?.chat_id);

    const patched = { ...CARD, body: { elements: [{ tag: "markdown", content: "已更新" }] } };
    expect(
      (await sdk.im.v1.message.patch({ path: { message_id: messageId }, data: { content: JSON.stringify(patched) } }))
        .code,
    ).toBe(0);

    // One token request, then every call carries it.
    expect(fake.callsTo("POST", "/open-apis/auth/v3/tenant_access_token/internal")).toHaveLength(1);
    expect(fake.tokens).toHaveLength(1);
    const bearer = `Bearer ${fake.tokens[0]}`;
    const [create] = fake.callsTo("POST", "/open-apis/im/v1/messages");
    expect(create?.query).toEqual({ receive_id_type: "open_id" });
    expect(create?.authorization).toBe(bearer);
    expect(fake.callsTo("POST", "/open-apis/im/v1/messages/:message_id/reply")[0]?.authorization).toBe(bearer);
    expect(fake.callsTo("PATCH", "/open-apis/im/v1/messages/:message_id")[0]?.authorization).toBe(bearer);

    expect(fake.messages).toHaveLength(2);
    const [card, text] = fake.messages;
    expect(card).toMatchObject({
      kind: "create",
      receive_id: WANG.open_id,
      receive_id_type: "open_id",
      msg_type: "interactive",
      uuid: "evt-1",
      parsed: CARD,
      patches: [patched],
    });
    expect(text).toMatchObject({
      kind: "reply",
      reply_to: messageId,
      msg_type: "text",
      parsed: { text: "好的" },
      uuid: "evt-2",
    });
  });

  it("sends a uuid at most once: the repeat answers the first message and records nothing new", async () => {
    const fake = await startFake();
    const sdk = client(fake);
    const send = () =>
      sdk.im.v1.message.create({
        params: { receive_id_type: "chat_id" },
        data: { receive_id: "oc_team", msg_type: "text", content: JSON.stringify({ text: "hi" }), uuid: "same-uuid" },
      });
    const first = await send();
    const second = await send();
    expect(second.data?.message_id).toBe(first.data?.message_id);
    expect(fake.callsTo("POST", "/open-apis/im/v1/messages")).toHaveLength(2);
    expect(fake.messages).toHaveLength(1);
    expect(fake.messages[0]?.chat_id).toBe("oc_team");
  });

  it("refuses what Lark refuses: content that is not a JSON string, unknown tokens", async () => {
    const fake = await startFake();
    const sdk = client(fake);
    const bad = await sdk.im.v1.message
      .create({
        params: { receive_id_type: "open_id" },
        data: { receive_id: WANG.open_id, msg_type: "interactive", content: CARD as unknown as string },
      })
      .catch((e: AxiosLikeError) => e);
    expect((bad as AxiosLikeError).response?.status).toBe(400);
    expect((bad as AxiosLikeError).response?.data.code).toBe(99992402);

    // The SDK keeps using its cached token after Lark invalidates it: the call fails, no refresh.
    fake.revokeTokens();
    const stale = await sdk.im.v1.message
      .create({
        params: { receive_id_type: "open_id" },
        data: { receive_id: WANG.open_id, msg_type: "text", content: JSON.stringify({ text: "x" }) },
      })
      .catch((e: AxiosLikeError) => e);
    expect((stale as AxiosLikeError).response?.data.code).toBe(99991663);
    expect(fake.tokens).toHaveLength(1);
    expect(fake.messages).toHaveLength(0);
  });

  it("looks users up by email and mobile, and reads a user's email and mobile", async () => {
    const fake = await startFake();
    fake.users({ ...WANG, name: "王磊", email: "wanglei@example.com", mobile: "+8613800000001" });
    const sdk = client(fake);

    const ids = await sdk.contact.v3.user.batchGetId({
      params: { user_id_type: "open_id" },
      data: { emails: ["wanglei@example.com", "nobody@example.com"], mobiles: ["13800000001"] },
    });
    expect(ids.data?.user_list).toEqual([
      expect.objectContaining({ email: "wanglei@example.com", user_id: WANG.open_id }),
      { email: "nobody@example.com" },
      expect.objectContaining({ mobile: "13800000001", user_id: WANG.open_id }),
    ]);
    const byUserId = await sdk.contact.v3.user.batchGetId({
      params: { user_id_type: "user_id" },
      data: { emails: ["wanglei@example.com"] },
    });
    expect(byUserId.data?.user_list?.[0]?.user_id).toBe("wanglei");

    const user = await sdk.contact.v3.user.get({
      path: { user_id: WANG.open_id },
      params: { user_id_type: "open_id" },
    });
    expect(user.data?.user).toMatchObject({
      open_id: WANG.open_id,
      user_id: "wanglei",
      union_id: WANG.union_id,
      email: "wanglei@example.com",
      mobile: "+8613800000001",
    });
    const unknown = await sdk.contact.v3.user
      .get({ path: { user_id: "ou_unknown" }, params: { user_id_type: "open_id" } })
      .catch((e: AxiosLikeError) => e);
    expect((unknown as AxiosLikeError).response?.data.code).toBe(41050);
  });

  it("injects rate limits: HTTP 429 / 99991400 with x-ogw-ratelimit-reset, and 400 / 230020, then recovers", async () => {
    const fake = await startFake();
    const sdk = client(fake);
    fake.rateLimit("/open-apis/im/v1/messages", { reset: 7 });
    fake.fail("/open-apis/im/v1/messages/:message_id/reply", { status: 400, code: 230020, times: 2 });

    const send = () =>
      sdk.im.v1.message.create({
        params: { receive_id_type: "open_id" },
        data: { receive_id: WANG.open_id, msg_type: "text", content: JSON.stringify({ text: "x" }) },
      });
    // The SDK surfaces non-2xx answers as the axios error, untouched.
    const limited = (await send().catch((e: unknown) => e)) as Error & AxiosLikeError & { name: string };
    expect(limited.name).toBe("AxiosError");
    expect(limited.response?.status).toBe(429);
    expect(limited.response?.data).toEqual({ code: 99991400, msg: "request trigger frequency limit" });
    expect(limited.response?.headers["x-ogw-ratelimit-reset"]).toBe("7");
    expect((await send()).code).toBe(0);

    const reply = () =>
      sdk.im.v1.message.reply({
        path: { message_id: "om_0123" },
        data: { msg_type: "text", content: JSON.stringify({ text: "x" }) },
      });
    for (let i = 0; i < 2; i++) {
      const frequency = (await reply().catch((e: unknown) => e)) as AxiosLikeError;
      expect(frequency.response?.status).toBe(400);
      expect(frequency.response?.data.code).toBe(230020);
      expect(frequency.response?.headers["x-ogw-ratelimit-reset"]).toBeUndefined();
    }
    expect((await reply()).code).toBe(0);
    expect(fake.calls.filter((c) => c.error).map((c) => c.error)).toEqual([
      { status: 429, code: 99991400 },
      { status: 400, code: 230020 },
      { status: 400, code: 230020 },
    ]);
    expect(fake.messages).toHaveLength(2);
  });
});

describe("FakeLark bot info and ephemeral cards with the SDK Client", () => {
  const ephemeral = (sdk: lark.Client, data: Record<string, unknown>) =>
    sdk
      .request({ method: "POST", url: "/open-apis/ephemeral/v1/send", data })
      .catch((e: AxiosLikeError) => e) as Promise<Record<string, unknown> & AxiosLikeError>;

  it("answers bot/v3/info with the bot at the top level (not under data), with a tenant token only", async () => {
    const fake = await startFake({ botName: "Pacer 测试" });
    const info = (await client(fake).request({ method: "GET", url: "/open-apis/bot/v3/info" })) as Record<
      string,
      unknown
    >;
    expect(info).toEqual({
      code: 0,
      msg: "ok",
      bot: {
        activate_status: 2,
        app_name: "Pacer 测试",
        avatar_url: expect.any(String),
        ip_white_list: [],
        open_id: fake.botOpenId,
      },
    });
    expect(fake.botOpenId).toMatch(/^ou_[0-9a-f]{32}$/);
    expect(fake.callsTo("GET", "/open-apis/bot/v3/info")[0]?.authorization).toBe(`Bearer ${fake.tokens[0]}`);

    const anonymous = await fetch(`${fake.url}/open-apis/bot/v3/info`);
    expect(anonymous.status).toBe(400);
    expect(((await anonymous.json()) as { code: number }).code).toBe(99991661);
  });

  it("sends an ephemeral card: recorded in `ephemerals` (not `messages`) with an om_ id", async () => {
    const fake = await startFake();
    const sdk = client(fake);
    const card = {
      schema: "2.0",
      config: { update_multi: true, summary: { content: "本月回款" } },
      header: { title: { tag: "plain_text", content: "王磊 · 2026年10月进度" } },
      body: CARD.body,
    };
    const res = await ephemeral(sdk, { chat_id: "oc_team", open_id: WANG.open_id, msg_type: "interactive", card });
    expect(res).toEqual({ code: 0, msg: "ok", data: { message_id: expect.stringMatching(/^om_[0-9a-f]{32}$/) } });
    expect(fake.ephemerals).toEqual([
      {
        message_id: (res.data as { message_id: string }).message_id,
        chat_id: "oc_team",
        open_id: WANG.open_id,
        card,
        at: expect.any(Number),
        token: fake.tokens[0],
      },
    ]);
    expect(fake.messages).toEqual([]);
  });

  it.each([
    [
      "per-field i18n_content",
      {
        ...CARD,
        body: { elements: [{ tag: "markdown", content: "回款", i18n_content: { zh_cn: "回款", en_us: "Collected" } }] },
      },
      "body.elements[0].i18n_content",
    ],
    ["config.locales", { ...CARD, config: { update_multi: true, locales: ["zh_cn", "en_us"] } }, "config.locales"],
    [
      "i18n_header",
      { ...CARD, i18n_header: { en_us: { title: { tag: "plain_text", content: "Progress" } } } },
      "i18n_header",
    ],
    ["i18n_elements (card JSON 1.0)", { config: {}, i18n_elements: { zh_cn: [], en_us: [] } }, "i18n_elements"],
  ])("refuses an ephemeral card with %s", async (_what, card, where) => {
    const fake = await startFake();
    const res = await ephemeral(client(fake), {
      chat_id: "oc_team",
      open_id: WANG.open_id,
      msg_type: "interactive",
      card,
    });
    expect(res.response?.status).toBe(400);
    expect(res.response?.data.code).toBe(230001);
    expect(res.response?.data.msg).toContain(where);
    expect(fake.ephemerals).toEqual([]);
  });

  it.each([
    ["no chat_id", { open_id: WANG.open_id, msg_type: "interactive", card: CARD }, 99992402],
    ["an empty chat_id", { chat_id: "", open_id: WANG.open_id, msg_type: "interactive", card: CARD }, 99992402],
    ["no open_id", { chat_id: "oc_team", msg_type: "interactive", card: CARD }, 99992402],
    ["msg_type text", { chat_id: "oc_team", open_id: WANG.open_id, msg_type: "text", card: CARD }, 99992402],
    [
      "the card as a JSON string",
      { chat_id: "oc_team", open_id: WANG.open_id, msg_type: "interactive", card: JSON.stringify(CARD) },
      99992402,
    ],
    [
      "a chat_id that is not a chat",
      { chat_id: WANG.open_id, open_id: WANG.open_id, msg_type: "interactive", card: CARD },
      230001,
    ],
  ])("refuses an ephemeral send with %s", async (_what, data, code) => {
    const fake = await startFake();
    const res = await ephemeral(client(fake), data);
    expect(res.response?.status).toBe(400);
    expect(res.response?.data.code).toBe(code);
    expect(fake.calls.at(-1)?.error).toEqual({ status: 400, code });
    expect(fake.ephemerals).toEqual([]);
  });

  it("without the permission refuses every ephemeral send (99991672); without bot info answers 404", async () => {
    const fake = await startFake({ ephemeral: false, botInfo: false });
    const sdk = client(fake);
    const refused = await ephemeral(sdk, {
      chat_id: "oc_team",
      open_id: WANG.open_id,
      msg_type: "interactive",
      card: CARD,
    });
    expect(refused.response?.status).toBe(400);
    expect(refused.response?.data.code).toBe(99991672);
    expect(refused.response?.data.msg).toContain("im:message:send_as_bot");
    expect(fake.ephemerals).toEqual([]);

    const info = (await sdk
      .request({ method: "GET", url: "/open-apis/bot/v3/info" })
      .catch((e: AxiosLikeError) => e)) as AxiosLikeError;
    expect(info.response?.status).toBe(404);
    expect(fake.callsTo("GET", "/open-apis/bot/v3/info")[0]?.error).toEqual({ status: 404, code: 0 });
  });

  it("injected failures apply to both endpoints, then they recover", async () => {
    const fake = await startFake();
    const sdk = client(fake);
    fake.rateLimit("/open-apis/ephemeral/v1/send");
    fake.fail("/open-apis/bot/v3/info", { status: 500, code: 1, msg: "internal error", method: "GET" });
    const send = () =>
      ephemeral(sdk, { chat_id: "oc_team", open_id: WANG.open_id, msg_type: "interactive", card: CARD });
    expect((await send()).response?.status).toBe(429);
    expect((await send()).code).toBe(0);
    const info = (await sdk
      .request({ method: "GET", url: "/open-apis/bot/v3/info" })
      .catch((e: AxiosLikeError) => e)) as AxiosLikeError;
    expect(info.response?.data).toEqual({ code: 1, msg: "internal error" });
    expect(
      ((await sdk.request({ method: "GET", url: "/open-apis/bot/v3/info" })) as { bot: { open_id: string } }).bot
        .open_id,
    ).toBe(fake.botOpenId);
    expect(fake.ephemerals).toHaveLength(1);
  });
});

describe("FakeLark long connection with the SDK WSClient", () => {
  it("connects through /callback/ws/endpoint, answers pings, delivers an event to the dispatcher and gets the ack", async () => {
    const fake = await startFake();
    const received: unknown[] = [];
    const dispatcher = new lark.EventDispatcher({ logger: sdkLogger().logger }).register({
      "im.message.receive_v1": (data) => void received.push(data),
    });
    const { ws, ready, lines } = wsClient(fake);
    await ws.start({ eventDispatcher: dispatcher });
    await within(ready, 5000, "onReady");

    const [endpoint] = fake.callsTo("POST", "/callback/ws/endpoint");
    expect(endpoint?.body).toEqual({ AppID: fake.appId, AppSecret: fake.appSecret });
    expect(endpoint?.headers.locale).toBe("zh");
    // The SDK pings as soon as the socket opens and parses the pong's ClientConfig.
    await fake.waitFor(() => fake.pings.length > 0);
    expect(fake.pings[0]?.service).toBe(33554678);
    await fake.waitFor(() => lines.some((l) => l.includes("receive pong")));
    expect(lines.filter((l) => l.includes("invalid pong"))).toEqual([]);

    const event = fake.messageEvent({ sender: WANG, chatType: "p2p", chatId: "oc_p2p_wang", text: "离目标还差多少" });
    const ack = await fake.sendEvent(event);
    expect(ack.code).toBe(200);
    expect(ack.data).toBeUndefined();
    expect(ack.headers).toMatchObject({ type: "event", sum: "1", seq: "0" });
    expect(ack.headers.biz_rt).toMatch(/^-?\d+$/);

    // The dispatcher flattens the envelope: header fields and event fields side by side.
    expect(received).toHaveLength(1);
    const data = received[0] as {
      event_id: string;
      event_type: string;
      app_id: string;
      sender: { sender_id: typeof WANG };
      message: { chat_type: string; content: string };
    };
    expect(data.event_id).toBe(event.header.event_id);
    expect(data.event_type).toBe("im.message.receive_v1");
    expect(data.app_id).toBe(fake.appId);
    expect(data.sender.sender_id).toEqual(WANG);
    expect(data.message.chat_type).toBe("p2p");
    expect(JSON.parse(data.message.content)).toEqual({ text: "离目标还差多少" });
  });

  it("reassembles an event split over several frames and acks it once", async () => {
    const fake = await startFake();
    const texts: string[] = [];
    const dispatcher = new lark.EventDispatcher({ logger: sdkLogger().logger }).register({
      "im.message.receive_v1": (data) => void texts.push((JSON.parse(data.message.content) as { text: string }).text),
    });
    const { ws, ready } = wsClient(fake);
    await ws.start({ eventDispatcher: dispatcher });
    await within(ready, 5000, "onReady");

    const group = fake.messageEvent({
      sender: WANG,
      chatType: "group",
      chatId: "oc_team",
      text: "@_user_1 离目标还差多少",
      mentions: [fake.botMention],
    });
    expect(group.event.message.mentions).toEqual([
      {
        key: "@_user_1",
        id: { open_id: fake.botOpenId, user_id: "", union_id: "" },
        name: "Pacer",
        tenant_key: fake.tenantKey,
      },
    ]);
    const ack = await fake.sendEvent(group, { fragments: 3 });
    expect(ack.code).toBe(200);
    expect(ack.headers).toMatchObject({ sum: "3" });
    expect(texts).toEqual(["@_user_1 离目标还差多少"]);
    expect(fake.acks).toHaveLength(1);
  });

  it("delivers card.action.trigger as an event frame; the handler's answer comes back base64-encoded in the ack", async () => {
    const fake = await startFake();
    const pressed: unknown[] = [];
    const dispatcher = new lark.EventDispatcher({ logger: sdkLogger().logger }).register({
      "card.action.trigger": (data: { action: { value: unknown }; context: unknown; operator: unknown }) => {
        pressed.push(data);
        return { toast: { type: "success", content: "已刷新" }, card: { type: "raw", data: CARD } };
      },
    } as Record<string, (data: never) => unknown>);
    const { ws, ready } = wsClient(fake);
    await ws.start({ eventDispatcher: dispatcher });
    await within(ready, 5000, "onReady");

    const callback = fake.cardActionEvent({
      operator: WANG,
      value: { intent: "progress", period: "2026-10" },
      messageId: "om_card",
      chatId: "oc_team",
    });
    const ack = await fake.sendCardAction(callback);
    expect(ack.code).toBe(200);
    expect(ack.data).toEqual({ toast: { type: "success", content: "已刷新" }, card: { type: "raw", data: CARD } });
    expect(pressed).toEqual([
      expect.objectContaining({
        event_type: "card.action.trigger",
        operator: expect.objectContaining({ open_id: WANG.open_id }),
        action: { value: { intent: "progress", period: "2026-10" }, tag: "button" },
        context: { open_message_id: "om_card", open_chat_id: "oc_team" },
      }),
    ]);

    // Frames of type "card" (the old card channel) are ignored by this SDK: no handler call, no ack.
    const ignored: Promise<LarkWsAck> = fake.sendEvent(callback, { type: "card", timeoutMs: 300 });
    await expect(ignored).rejects.toThrow(/no ack/);
    expect(pressed).toHaveLength(1);
  });

  it("acks with code 500 when the handler throws", async () => {
    const fake = await startFake();
    const dispatcher = new lark.EventDispatcher({ logger: sdkLogger().logger }).register({
      "im.message.receive_v1": () => {
        throw new Error("boom");
      },
    });
    const { ws, ready } = wsClient(fake);
    await ws.start({ eventDispatcher: dispatcher });
    await within(ready, 5000, "onReady");
    const ack = await fake.sendEvent(fake.messageEvent({ sender: WANG, chatType: "p2p", chatId: "oc_x", text: "hi" }));
    expect(ack.code).toBe(500);
  });

  it("reconnects after the server drops the connection", async () => {
    const fake = await startFake();
    let reconnected!: () => void;
    const back = new Promise<void>((resolve) => (reconnected = resolve));
    const { ws, ready } = wsClient(fake, { onReconnected: () => reconnected() });
    await ws.start({ eventDispatcher: new lark.EventDispatcher({ logger: sdkLogger().logger }) });
    await within(ready, 5000, "onReady");
    fake.disconnect();
    await within(back, 5000, "onReconnected");
    expect(fake.connections).toBe(2);
    expect(fake.callsTo("POST", "/callback/ws/endpoint")).toHaveLength(2);
    await fake.connected();
  });

  it("retries a refused endpoint without onReady or onError, and does nothing at all for an app id that is not cli_ + 16 hex", async () => {
    const fake = await startFake();
    const errors: Error[] = [];
    let readyCalled = false;
    const wrong = wsClient(fake, {
      appSecret: "wrong-secret",
      onReady: () => (readyCalled = true),
      onError: (e: Error) => void errors.push(e),
    });
    await wrong.ws.start({ eventDispatcher: new lark.EventDispatcher({ logger: sdkLogger().logger }) });
    // Lark's error body has no `data`; the SDK's destructuring of data.URL throws, which it treats
    // as retryable: no onError, just another attempt after its default jitter (up to 30 s), then
    // every 120 s (nothing was pulled to configure it otherwise).
    await fake.waitFor(() => fake.callsTo("POST", "/callback/ws/endpoint").length === 1);
    await fake.waitFor(() => wrong.lines.some((l) => l.startsWith("error") && l.includes("connect failed")));
    await new Promise((r) => setTimeout(r, 100));
    expect(errors).toEqual([]);
    expect(readyCalled).toBe(false);
    expect(wrong.ws.getConnectionStatus().state).toBe("connecting"); // never "failed"
    expect(wrong.ws.getReconnectInfo().nextConnectTime).toBeGreaterThan(Date.now());
    expect(wrong.ws.getReconnectInfo().nextConnectTime).toBeLessThanOrEqual(Date.now() + 30_000);
    wrong.ws.close({ force: true });

    const before = fake.callsTo("POST", "/callback/ws/endpoint").length;
    const silent = wsClient(fake, { appId: "cli_not_hex_at_all" });
    await silent.ws.start({ eventDispatcher: new lark.EventDispatcher({ logger: sdkLogger().logger }) });
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.callsTo("POST", "/callback/ws/endpoint")).toHaveLength(before);
    expect(silent.lines.some((l) => l.startsWith("error") && l.includes("invalid appId"))).toBe(true);
    expect(fake.openConnections).toBe(0);
  });

  it("reports a non-retryable endpoint answer that carries data through onError", async () => {
    const fake = await startFake();
    // An answer shaped {code, msg, data: {}} is the only way the SDK reaches onError on the first start.
    fake.fail("/callback/ws/endpoint", { status: 200, code: 1000040350, msg: "exceed connection limit", data: {} });
    let failed!: (e: Error) => void;
    const error = new Promise<Error>((resolve) => (failed = resolve));
    const { ws } = wsClient(fake, { onError: (e: Error) => failed(e) });
    await ws.start({ eventDispatcher: new lark.EventDispatcher({ logger: sdkLogger().logger }) });
    expect((await within(error, 5000, "onError")).message).toBe(
      "pullConnectConfig failed: code=1000040350, msg=exceed connection limit",
    );
    expect(ws.getConnectionStatus().state).toBe("failed");
  });
});

describe("lark-crypto: webhook bodies as Lark sends them", () => {
  it("matches Lark's documented example and round-trips through the SDK's AESCipher", () => {
    // From Lark's event-encryption docs: key "test key", ciphertext → "hello world".
    expect(decrypt("P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=", "test key")).toBe("hello world");
    const iv = Buffer.alloc(16, 7);
    const sealed = encrypt("离目标还差多少", "k", iv);
    expect(Buffer.from(sealed, "base64").subarray(0, 16)).toEqual(iv);
    expect(new lark.AESCipher("k").decrypt(sealed)).toBe("离目标还差多少");
    expect(encrypt("x", "k")).not.toBe(encrypt("x", "k")); // a fresh IV each time
    expect(larkSignature("1", "n", "k", "{}")).toMatch(/^[0-9a-f]{64}$/);
  });

  it("produces an encrypted, signed body that decrypts with AESCipher to the same event", async () => {
    const fake = await startFake();
    const event = fake.messageEvent({
      sender: WANG,
      chatType: "group",
      chatId: "oc_team",
      text: "@_user_1 离目标还差多少",
      mentions: [fake.botMention],
    });
    const { body, headers } = larkRequest(event, {
      encryptKey: fake.encryptKey,
      timestamp: 1_792_900_000,
      nonce: "abc",
    });
    expect(Object.keys(JSON.parse(body) as object)).toEqual(["encrypt"]);
    expect(
      JSON.parse(new lark.AESCipher(fake.encryptKey).decrypt((JSON.parse(body) as { encrypt: string }).encrypt)),
    ).toEqual(event);
    expect(headers["x-lark-request-timestamp"]).toBe("1792900000");
    expect(headers["x-lark-request-nonce"]).toBe("abc");
    expect(headers["x-lark-signature"]).toBe(larkSignature("1792900000", "abc", fake.encryptKey, body));
    // Without an encrypt key Lark neither encrypts nor signs.
    expect(larkRequest(event).headers["x-lark-signature"]).toBeUndefined();
    expect(JSON.parse(larkRequest(event).body)).toEqual(event);
  });

  it("is accepted by the SDK's own webhook stack (adaptDefault + EventDispatcher), which rejects a bad signature silently", async () => {
    const fake = await startFake();
    const received: { event_id: string; message: { content: string } }[] = [];
    const dispatcher = new lark.EventDispatcher({
      encryptKey: fake.encryptKey,
      verificationToken: fake.verificationToken,
      logger: sdkLogger().logger,
    }).register({
      "im.message.receive_v1": (data) => {
        received.push(data as never);
        return "ok";
      },
    });
    const server: Server = createServer(lark.adaptDefault("/lark/events", dispatcher, { autoChallenge: true }));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    );
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/lark/events`;

    // url_verification, plain and encrypted: the SDK answers the challenge.
    const challenge = urlVerification(fake, "ch-1");
    expect((await fake.deliver(url, challenge, { encrypt: false })).json).toEqual({ challenge: "ch-1" });
    expect((await fake.deliver(url, challenge)).json).toEqual({ challenge: "ch-1" });

    const event = fake.messageEvent({ sender: WANG, chatType: "p2p", chatId: "oc_p2p", text: "离目标还差多少" });
    const accepted = await fake.deliver(url, event);
    expect(accepted).toMatchObject({ status: 200, json: "ok" });
    expect(received.map((r) => r.event_id)).toEqual([event.header.event_id]);
    expect(JSON.parse(received[0]!.message.content)).toEqual({ text: "离目标还差多少" });

    // A wrong signature: the SDK skips the handler but still answers 200 with an empty body.
    const forged = await fake.deliver(
      url,
      fake.messageEvent({ sender: WANG, chatType: "p2p", chatId: "oc_p2p", text: "x" }),
      { signature: "0".repeat(64) },
    );
    expect(forged).toMatchObject({ status: 200, text: "" });
    expect(received).toHaveLength(1);

    // adaptDefault compares req.url with the path exactly: with a query string it never answers.
    const { body, headers } = larkRequest(event, { encryptKey: fake.encryptKey });
    await expect(
      fetch(`${url}?x=1`, { method: "POST", headers, body, signal: AbortSignal.timeout(300) }),
    ).rejects.toThrow();
  });
});
