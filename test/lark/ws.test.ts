// Feishu/Lark over the long connection (LARK_MODE=ws): the SDK's WSClient against the fake's
// WebSocket, speaking the SDK's protobuf frames. Same chat core, same answers as webhooks.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Service } from "../../src/main.ts";
import { startGoldenService, type GoldenService } from "../helpers/service.ts";
import { FakeLark } from "../helpers/fake-lark.ts";

const WANG = { open_id: "ou_wang000000000000000000000000011" };
const STRANGER = { open_id: "ou_nobody00000000000000000000014" };

let fake: FakeLark;
let service: Service;

let golden: GoldenService;

beforeAll(async () => {
  fake = await new FakeLark().start();
  fake.users({ ...WANG, email: "wanglei@example.com" }, { ...STRANGER, email: "x@elsewhere.com" });
  // startGoldenService returns only once the long connection is ready.
  golden = await startGoldenService({
    LARK_APP_ID: fake.appId,
    LARK_APP_SECRET: fake.appSecret,
    LARK_DOMAIN: fake.url,
    LARK_MODE: "ws",
  });
  service = golden.service;
});

afterAll(async () => {
  await golden?.stop();
  await fake?.stop();
});

describe("long connection", () => {
  it("is connected when start-up returns, and no webhook route is served", async () => {
    expect(fake.openConnections).toBe(1);
    const res = await fetch(`${service.url}/lark/events`, {
      method: "POST",
      body: "{}",
      headers: { "content-type": "application/json" },
    });
    expect(res.status).toBe(404);
  });

  it("acks a p2p message at once and answers with his actual numbers; a redelivery gets no second answer", async () => {
    const event = fake.messageEvent({ sender: WANG, chatType: "p2p", chatId: "oc_ws_wang", text: "离目标还差多少" });
    const ack = await fake.sendEvent(event);
    expect(ack.code).toBe(200);
    const sent = await fake.waitFor(() => fake.messages.find((m) => m.chat_id === "oc_ws_wang"));
    expect(sent.msg_type).toBe("interactive");
    expect(sent.content).toContain("¥35,000.00");
    await fake.sendEvent(event);
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.messages.filter((m) => m.chat_id === "oc_ws_wang")).toHaveLength(1);
  });

  it("an unlinked user gets linking instructions only", async () => {
    await fake.sendEvent(fake.messageEvent({ sender: STRANGER, chatType: "p2p", chatId: "oc_ws_x", text: "kpi" }));
    const sent = await fake.waitFor(() => fake.messages.find((m) => m.chat_id === "oc_ws_x"));
    expect(sent.content).toContain("pacer link");
    expect(sent.content).not.toContain("¥");
  });

  it("a card button answers with the updated card inside the ack", async () => {
    const value = { intent: JSON.stringify({ kind: "unpaid", page: 1 }), action: "unpaid" };
    const ack = await fake.sendCardAction(
      fake.cardActionEvent({ operator: WANG, value, messageId: "om_ws_card", chatId: "oc_ws_wang" }),
    );
    expect(ack.code).toBe(200);
    const data = ack.data as { card?: { type: string; data: unknown } };
    expect(data.card?.type).toBe("raw");
    expect(JSON.stringify(data.card?.data)).toContain("O2");
  });
});
