// Our own verification of Lark webhook requests, over the raw body, as Lark signs and encrypts them.
import { describe, expect, it } from "vitest";
import { verifyLarkRequest } from "../../src/lark/verify.ts";
import { normalizeLarkPayload } from "../../src/lark/events.ts";
import { larkRequest, messageReceiveEvent, urlVerification } from "../helpers/lark-crypto.ts";

const secrets = { encryptKey: "test-encrypt-key", verificationToken: "test-verification-token" };
const app = { appId: "cli_0123456789abcdef", tenantKey: "tenant-1", verificationToken: secrets.verificationToken };
const event = messageReceiveEvent(app, {
  sender: { open_id: "ou_wang" },
  chatType: "group",
  chatId: "oc_group",
  text: "@_user_1 离目标还差多少 @_user_2",
  mentions: [
    { id: { open_id: "ou_bot" }, name: "Pacer" },
    { id: { open_id: "ou_li" }, name: "李静" },
  ],
});

const verify = (req: { body: string; headers: Record<string, string> }, now?: number) =>
  verifyLarkRequest(req.body, req.headers, secrets, now);

describe("verifyLarkRequest", () => {
  it("accepts a signed, encrypted, fresh request with the right token and decrypts it", () => {
    const result = verify(larkRequest(event, { encryptKey: secrets.encryptKey }));
    expect(result).toEqual({ ok: true, payload: JSON.parse(JSON.stringify(event)) });
  });

  it.each([
    [
      "a bad signature",
      larkRequest(event, { encryptKey: secrets.encryptKey, signature: "0".repeat(64) }),
      "bad signature",
    ],
    [
      "a stale timestamp",
      larkRequest(event, { encryptKey: secrets.encryptKey, timestamp: Math.floor(Date.now() / 1000) - 301 }),
      "stale or future timestamp",
    ],
    [
      "a future timestamp",
      larkRequest(event, { encryptKey: secrets.encryptKey, timestamp: Math.floor(Date.now() / 1000) + 301 }),
      "stale or future timestamp",
    ],
    [
      "an unencrypted body although a key is set",
      larkRequest(event, { encryptKey: secrets.encryptKey, encrypt: false }),
      "body is not encrypted although an encrypt key is set",
    ],
    ["another app's key", larkRequest(event, { encryptKey: "other-key" }), "bad signature"],
    ["no signature headers", { body: JSON.stringify(event), headers: {} }, "missing signature headers"],
  ])("rejects %s", (_what, req, reason) => {
    expect(verify(req)).toEqual({ ok: false, status: 401, reason });
  });

  it("rejects the wrong verification token even when signed and encrypted correctly", () => {
    const forged = { ...event, header: { ...event.header, token: "not-the-token" } };
    expect(verify(larkRequest(forged, { encryptKey: secrets.encryptKey }))).toEqual({
      ok: false,
      status: 401,
      reason: "wrong verification token",
    });
  });

  it("accepts the encrypted url_verification challenge", () => {
    const challenge = urlVerification(app, "c-123");
    const result = verify(larkRequest(challenge, { encryptKey: secrets.encryptKey }));
    expect(result.ok && normalizeLarkPayload(result.payload)).toEqual({ kind: "challenge", challenge: "c-123" });
  });
});

describe("normalizeLarkPayload", () => {
  it("strips the @_user_N keys and lists who was mentioned", () => {
    const m = normalizeLarkPayload(JSON.parse(JSON.stringify(event)));
    expect(m).toMatchObject({
      kind: "message",
      isGroup: true,
      chatId: "oc_group",
      text: "离目标还差多少",
      mentioned: ["ou_bot", "ou_li"],
      sender: { openId: "ou_wang" },
    });
  });

  it("accepts the url_verification challenge Feishu sends without signature headers, once decrypted with the right token", () => {
    const unsigned = larkRequest(urlVerification(app, "c-456"), { encryptKey: secrets.encryptKey, sign: false });
    expect(unsigned.headers["x-lark-signature"]).toBeUndefined();
    const result = verify(unsigned);
    expect(result.ok && normalizeLarkPayload(result.payload)).toEqual({ kind: "challenge", challenge: "c-456" });
  });

  it.each([
    ["an unsigned event", larkRequest(event, { encryptKey: secrets.encryptKey, sign: false })],
    [
      "an unsigned challenge with the wrong token",
      larkRequest({ ...urlVerification(app), token: "forged" }, { encryptKey: secrets.encryptKey, sign: false }),
    ],
    [
      "an unsigned challenge under another key",
      larkRequest(urlVerification(app), { encryptKey: "other-key", sign: false }),
    ],
    ["an unsigned plain-text challenge", { body: JSON.stringify(urlVerification(app)), headers: {} }],
  ])("accepts nothing else unsigned: rejects %s", (_what, req) => {
    expect(verify(req)).toEqual({ ok: false, status: 401, reason: "missing signature headers" });
  });

  it.each([
    ["null", null],
    ["an array", [1]],
    ["a number", 7],
  ])("answers a signed body that decrypts to %s with a 400, not a crash", (_what, payload) => {
    expect(verify(larkRequest(payload, { encryptKey: secrets.encryptKey }))).toEqual({
      ok: false,
      status: 400,
      reason: "the decrypted body is not a JSON object",
    });
  });
});
