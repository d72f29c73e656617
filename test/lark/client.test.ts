// Platform failures become typed errors the jobs can act on (rate limits carry their wait).
import * as lark from "@larksuiteoapi/node-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PlatformError, PlatformRateLimitError } from "../../src/events/errors.ts";
import { createLarkClient, sendCard, sendUuid } from "../../src/lark/client.ts";
import { createSlackSender } from "../../src/slack/sender.ts";
import { FakeLark } from "../helpers/fake-lark.ts";
import { FakeSlack } from "../helpers/fake-slack.ts";
import { text } from "../../cards/model.ts";

let fakeLark: FakeLark;
let fakeSlack: FakeSlack;
beforeAll(async () => {
  fakeLark = await new FakeLark().start();
  fakeSlack = await new FakeSlack().start();
});
afterAll(async () => {
  await fakeLark.stop();
  await fakeSlack.stop();
});

const CARD = { schema: "2.0", config: { update_multi: true }, body: { elements: [] } };

describe("Lark", () => {
  const client = () =>
    createLarkClient({
      appId: fakeLark.appId,
      appSecret: fakeLark.appSecret,
      domain: fakeLark.url,
      cache: new lark.DefaultCache(),
    });

  it("HTTP 429 / 99991400 → PlatformRateLimitError with the reset from x-ogw-ratelimit-reset", async () => {
    fakeLark.rateLimit("/open-apis/im/v1/messages", { reset: 7 });
    const error = await sendCard(client(), { type: "open_id", id: "ou_x" }, CARD, sendUuid("a")).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PlatformRateLimitError);
    expect((error as PlatformRateLimitError).retryAfterMs).toBe(7000);
  });

  it("code 230020 (message frequency) is a rate limit too; a bad request is not retryable", async () => {
    fakeLark.fail("/open-apis/im/v1/messages", { status: 400, code: 230020, msg: "frequency limit" });
    expect(
      await sendCard(client(), { type: "open_id", id: "ou_x" }, CARD, sendUuid("b")).catch((e: unknown) => e),
    ).toBeInstanceOf(PlatformRateLimitError);
    fakeLark.fail("/open-apis/im/v1/messages", { status: 400, code: 230001, msg: "bad param" });
    const bad = await sendCard(client(), { type: "open_id", id: "ou_x" }, CARD, sendUuid("c")).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(PlatformError);
    expect(bad).toMatchObject({ code: "230001", retryable: false });
  });

  it("the same uuid sends once", async () => {
    const c = client();
    const first = await sendCard(c, { type: "open_id", id: "ou_y" }, CARD, sendUuid("same"));
    const second = await sendCard(c, { type: "open_id", id: "ou_y" }, CARD, sendUuid("same"));
    expect(second).toBe(first);
    expect(fakeLark.messages.filter((m) => m.receive_id === "ou_y")).toHaveLength(1);
  });
});

describe("Slack", () => {
  const card = {
    header: { title: text("标题", "Title"), tone: "info" as const },
    elements: [],
    summary: text("摘要", "Summary"),
  };

  it("429 with Retry-After → PlatformRateLimitError (the client's own retries are off)", async () => {
    const sender = createSlackSender({ token: "xoxb-test", apiUrl: fakeSlack.apiUrl });
    fakeSlack.rateLimit("chat.postMessage", 1);
    const error = await sender.send({ address: "U1", kind: "user" }, card, "en", "k1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlatformRateLimitError);
    expect((error as PlatformRateLimitError).retryAfterMs).toBe(1000);
    expect(fakeSlack.callsTo("chat.postMessage")).toHaveLength(1);
    const ok = await sender.send({ address: "U1", kind: "user" }, card, "en", "k1");
    expect(ok.messageId).toMatch(/^U1:/);
  });
});
