// "This shipment isn't mine" end to end on both platforms, through the real service and the real
// SDKs against the fake Slack and Lark: the rep disputes, the manager gets an approve / reject card
// as a message of its own, presses approve, and the rep and the person named are told — each on
// the platform they use. Slack: 王磊 disputes O3 naming 李静 (team T-EAST, manager 周敏). Lark: 陈晨
// disputes O-N1 naming nobody (team T-NORTH, manager 孙浩); the manager rejects it.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "../../src/db/client.ts";
import type { Service } from "../../src/main.ts";
import type { FakeLark } from "../helpers/fake-lark.ts";
import type { FakeSlack } from "../helpers/fake-slack.ts";
import { type BothPlatforms, startOnBothPlatforms } from "../helpers/both-platforms.ts";
import { feedSecondTeam } from "./company-feed.ts";

const SECRET = "disputes-test-secret";
const CHEN_LARK = { open_id: "ou_chenchen000000000000000000dispute" };
const SUN_LARK = { open_id: "ou_sunhao00000000000000000000dispute" };
let platforms: BothPlatforms;
let service: Service;
let database: Database;
let slack: FakeSlack;
let lark: FakeLark;

beforeAll(async () => {
  platforms = await startOnBothPlatforms({
    secret: SECRET,
    eventTag: "Di",
    slackUsers: [
      { id: "U0WANG", email: "wanglei@example.com" },
      { id: "U0LI", email: "lijing@example.com" },
      { id: "U0ZHOU", email: "zhoumin@example.com" },
    ],
    larkUsers: [
      { ...CHEN_LARK, email: "chenchen@example.com" },
      { ...SUN_LARK, email: "sunhao@example.com" },
    ],
  });
  ({ service, database, slack, lark } = platforms);
  await feedSecondTeam(database.pool);
});

afterAll(async () => {
  await platforms?.stop();
});

const slackPost: BothPlatforms["slackPost"] = (body, contentType) => platforms.slackPost(body, contentType);
const slackDm: BothPlatforms["slackDm"] = (user, text) => platforms.slackDm(user, text);

function slackPress(user: string, channel: string, value: string, ts: string) {
  const payload = {
    type: "block_actions",
    team: { id: slack.teamId },
    user: { id: user },
    container: { type: "message", channel_id: channel, message_ts: ts, is_ephemeral: false },
    response_url: slack.responseUrl(ts),
    actions: [{ type: "button", action_id: "dispute_approve", value, action_ts: ts }],
  };
  return slackPost(
    new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
    "application/x-www-form-urlencoded",
  );
}

const blocksOf = (call: { body: Record<string, unknown> }) => JSON.stringify(call.body.blocks ?? "");
const postsTo = (channel: string) => slack.callsTo("chat.postMessage").filter((c) => c.body.channel === channel);

function slackButtons(call: { body: Record<string, unknown> }): { text: string; value: string }[] {
  const out: { text: string; value: string }[] = [];
  for (const block of (call.body.blocks ?? []) as { type: string; elements?: Record<string, unknown>[] }[])
    if (block.type === "actions")
      for (const e of block.elements ?? [])
        out.push({ text: (e.text as { text: string }).text, value: e.value as string });
  return out;
}

const ownerOf = async (order: string) =>
  (
    await database.pool.query<{ external_id: string }>(
      "SELECT e.external_id FROM orders o JOIN employees e ON e.id = o.owner_id WHERE o.external_id = $1",
      [order],
    )
  ).rows[0]!.external_id;

describe("Slack", () => {
  it("王磊 disputes O3 naming 李静: his confirmation, 周敏's approve / reject card and 李静's notice arrive", async () => {
    expect((await slackDm("U0WANG", "这票不是我的 O3，是李静的")).status).toBe(200);
    const confirmation = await slack.waitFor(() =>
      postsTo("DU0WANG").find((c) => blocksOf(c).includes("已提交：O3 不是我的")),
    );
    expect(blocksOf(confirmation)).toContain("周敏 (E-M1)");
    const toManager = await slack.waitFor(() => postsTo("U0ZHOU").find((c) => blocksOf(c).includes("dispute_decide")));
    expect(slackButtons(toManager).map((b) => b.text)).toEqual(["批准", "驳回"]);
    const toNamed = await slack.waitFor(() => postsTo("U0LI")[0]);
    expect(blocksOf(toNamed)).toContain("王磊 认为 O3 应算给你");
    expect(await ownerOf("O3")).toBe("E-A");
  });

  it("周敏 presses approve: the card updates in place, O3 is 李静's, and 王磊 and 李静 are told", async () => {
    const toManager = postsTo("U0ZHOU").find((c) => blocksOf(c).includes("dispute_decide"))!;
    const approve = slackButtons(toManager).find((b) => b.text === "批准")!;
    expect((await slackPress("U0ZHOU", "DU0ZHOU", approve.value, "9.1")).status).toBe(200);
    const update = await slack.waitFor(() => slack.callsTo("chat.update").find((c) => c.body.ts === "9.1"));
    expect(blocksOf(update)).toContain("已批准：O3 的归属已更正");
    expect(blocksOf(update)).toContain("不会把它改回去");
    const toRep = await slack.waitFor(() => postsTo("U0WANG").find((c) => blocksOf(c).includes("已批准")));
    expect(blocksOf(toRep)).toContain("从 王磊 (E-A) 转给 李静 (E-B)");
    await slack.waitFor(() => postsTo("U0LI").find((c) => blocksOf(c).includes("已批准")));
    expect(await ownerOf("O3")).toBe("E-B");
    const audit = await database.pool.query(
      `SELECT action, actor FROM audit_log WHERE action LIKE 'dispute.%' AND entity_id = 'O3' ORDER BY id`,
    );
    expect(audit.rows).toEqual([
      { action: "dispute.raise", actor: "E-A (王磊)" },
      { action: "dispute.approve", actor: "E-M1 (周敏)" },
    ]);
    // Each notice went out once, recorded like every proactive message. The worker marks a delivery
    // sent after the platform answered, so the last mark may trail the message the fake recorded.
    const sentNotices = async () =>
      (
        await database.pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM deliveries WHERE kind = 'chat-notice' AND status = 'sent' AND platform = 'slack'`,
        )
      ).rows[0]!.n;
    await vi.waitFor(async () => expect(await sentNotices()).toBe(4), { timeout: 5_000, interval: 50 });
  });

  it("李静, the person the dispute named, cannot decide it: the refusal replaces the card", async () => {
    const value = JSON.stringify({ kind: "dispute_decide", dispute: 1, approve: false });
    await slackPress("U0LI", "DU0LI", value, "9.2");
    const update = await slack.waitFor(() => slack.callsTo("chat.update").find((c) => c.body.ts === "9.2"));
    expect(blocksOf(update)).toContain("只有该团队的经理、人事或管理员可以审批");
    expect(await ownerOf("O3")).toBe("E-B");
  });
});

describe("Lark", () => {
  const sentTo = (openId: string) => lark.messages.filter((m) => m.receive_id === openId);

  it("陈晨 disputes O-N1 naming nobody; 孙浩 gets the card and rejects it inside the callback; 陈晨 is told", async () => {
    const chat = `oc_p2p_${CHEN_LARK.open_id}`;
    await lark.deliver(
      `${service.url}/lark/events`,
      lark.messageEvent({ sender: CHEN_LARK, chatType: "p2p", chatId: chat, text: "O-N1 is not mine" }),
    );
    const confirmation = await lark.waitFor(() =>
      lark.messages.find((m) => (m.chat_id === chat || m.receive_id === chat) && m.content.includes("O-N1")),
    );
    expect(confirmation.content).toContain("out of the team");
    const toManager = await lark.waitFor(() =>
      sentTo(SUN_LARK.open_id).find((m) => m.content.includes("dispute_decide")),
    );
    expect(toManager.content).toContain("孙浩");
    const dispute = (
      await database.pool.query<{ id: number }>(
        "SELECT d.id FROM order_disputes d JOIN orders o ON o.id = d.order_id WHERE o.external_id = 'O-N1'",
      )
    ).rows[0]!.id;
    const res = await lark.deliver(
      `${service.url}/lark/events`,
      lark.cardActionEvent({
        operator: SUN_LARK,
        value: {
          intent: JSON.stringify({ kind: "dispute_decide", dispute, approve: false }),
          action: "dispute_reject",
        },
        messageId: toManager.message_id,
        chatId: "oc_sun",
      }),
    );
    expect(res.status).toBe(200);
    expect(JSON.stringify((res.json as { card?: { data: unknown } }).card?.data)).toContain("O-N1");
    const toRep = await lark.waitFor(() => sentTo(CHEN_LARK.open_id).find((m) => m.content.includes("O-N1")));
    expect(toRep.content).toMatch(/驳回|Rejected/);
    expect(await ownerOf("O-N1")).toBe("E-D");
  });
});
