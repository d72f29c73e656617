// Lark API failures → typed errors with stable reasons; every send, the ephemeral one included,
// goes through the classification.
import * as lark from "@larksuiteoapi/node-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PlatformError, PlatformRateLimitError } from "../../src/events/errors.ts";
import { createLarkClient, sendEphemeralCard } from "../../src/lark/client.ts";
import { classifyLarkError } from "../../src/lark/errors.ts";
import { FakeLark } from "../helpers/fake-lark.ts";

const answer = (code: number, msg = "x") => ({ code, msg });
const http = (status: number, code?: number, headers: Record<string, string> = {}) => ({
  response: { status, headers, data: code === undefined ? undefined : { code, msg: "m" } },
  message: `Request failed with status code ${status}`,
});

describe("classifyLarkError", () => {
  it("rate limits (429, 99991400, 230020) carry the reset from x-ogw-ratelimit-reset", () => {
    expect(classifyLarkError(http(429, 99991400, { "x-ogw-ratelimit-reset": "5" }))).toMatchObject({
      reason: "rate_limited",
      retryAfterMs: 5000,
    });
    expect(classifyLarkError(answer(230020))).toBeInstanceOf(PlatformRateLimitError);
  });

  it.each([
    [230002, "not_in_channel"],
    [230013, "cannot_dm"],
    [99991663, "invalid_auth"],
    [99991668, "invalid_auth"],
    [230025, "too_large"],
  ])("code %i → %s, not worth retrying", (code, reason) => {
    for (const error of [answer(code), http(400, code)]) {
      const e = classifyLarkError(error);
      expect(e).toBeInstanceOf(PlatformError);
      expect(e).toMatchObject({ platform: "lark", code: String(code), reason, retryable: false });
    }
  });

  it("5xx and the network are transient; another 4xx is rejected", () => {
    expect(classifyLarkError(http(502))).toMatchObject({ reason: "transient", retryable: true });
    expect(classifyLarkError(new Error("ECONNRESET"))).toMatchObject({
      code: "network",
      reason: "transient",
      retryable: true,
    });
    expect(classifyLarkError(http(400, 230001))).toMatchObject({ reason: "rejected", retryable: false });
  });
});

describe("the ephemeral send", () => {
  let fake: FakeLark;
  beforeAll(async () => {
    fake = await new FakeLark().start();
  });
  afterAll(async () => {
    await fake.stop();
  });

  it("fails with a typed error like every other send", async () => {
    const client = createLarkClient({
      appId: fake.appId,
      appSecret: fake.appSecret,
      domain: fake.url,
      cache: new lark.DefaultCache(),
    });
    fake.fail("/open-apis/ephemeral/v1/send", { status: 400, code: 230002, msg: "bot not in chat" });
    const error = await sendEphemeralCard(client, { chatId: "oc_1", openId: "ou_1" }, { schema: "2.0" }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PlatformError);
    expect(error).toMatchObject({ code: "230002", reason: "not_in_channel" });
  });
});
