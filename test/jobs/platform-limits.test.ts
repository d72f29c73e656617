// The scheduled messages at company size, sent the way the worker sends them (the Slack and Lark
// proactive senders) to fake platforms that refuse what Slack and Lark refuse: more than 50
// blocks, a section over 3,000 characters or ~12,000 characters of block text on Slack; a card
// body over 30 KB on Lark. At 300 people the admins' notice goes as several messages, none cut,
// and every view of the weekly leaderboard is sent whole.
import * as lark from "@larksuiteoapi/node-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCard, leaderboardCard } from "../../cards/index.ts";
import { adminNoticeCard, splitAdminNotice, type AdminNotice } from "../../cards/builders/job-messages.ts";
import type { Card } from "../../cards/model.ts";
import { text } from "../../cards/model.ts";
import { createLarkClient } from "../../src/lark/client.ts";
import { createLarkSender } from "../../src/lark/sender.ts";
import { createSlackSender } from "../../src/slack/sender.ts";
import type { ProactiveSender } from "../../src/worker/proactive-sender.ts";
import { bigLeaderboard } from "../cards/fixtures.ts";
import { CARD_BODY_BYTES, FakeLark } from "../helpers/fake-lark.ts";
import { FakeSlack } from "../helpers/fake-slack.ts";

const TZ = "Asia/Shanghai";
let slack: FakeSlack;
let fake: FakeLark;
let senders: { slack: ProactiveSender; lark: ProactiveSender };

beforeAll(async () => {
  slack = await new FakeSlack().start();
  fake = await new FakeLark().start();
  senders = {
    slack: createSlackSender({ token: "xoxb-test", apiUrl: slack.apiUrl }),
    lark: createLarkSender(
      createLarkClient({
        appId: fake.appId,
        appSecret: fake.appSecret,
        domain: fake.url,
        cache: new lark.DefaultCache(),
      }),
    ),
  };
});

afterAll(async () => {
  await slack?.stop();
  await fake?.stop();
});

const ADDRESS = { slack: "U0ADMIN", lark: "ou_admin00000000000000000000000001" } as const;

/** Sends `card` through both platforms' senders, in both languages on Slack; throws if a platform refuses. */
async function sendEverywhere(card: Card, key: string): Promise<void> {
  for (const locale of ["zh-CN", "en"] as const)
    await senders.slack.send({ address: ADDRESS.slack, kind: "user" }, card, locale, `${key}:${locale}`);
  await senders.lark.send({ address: ADDRESS.lark, kind: "user" }, card, "zh-CN", key);
}

/** A notice after a run in a 300-person company where nobody could be reached. */
function bigNotice(): AdminNotice {
  return {
    run: "daily-progress:2026-10-15",
    asOf: "2026-10-15T01:00:00.000Z",
    failed: Array.from({ length: 300 }, (_, i) => ({
      name: `销售${i + 1}`,
      externalId: `E-${i + 1}`,
      error: `cannot_dm: ${"the platform explained this failure at great length; ".repeat(20)}`,
    })),
    unlinked: Array.from({ length: 300 }, (_, i) => ({
      name: `新同事${i + 1}`,
      externalId: `N-${i + 1}`,
      email: `new.colleague.${i + 1}@a-rather-long-company-domain.example.com`,
    })),
    notes: ["October changed after its close."],
  };
}

describe("the admins' notice at 300 people", () => {
  it("goes as several messages that together list everyone once, each accepted by Slack and Lark", async () => {
    const notice = bigNotice();
    const parts = splitAdminNotice(notice);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.flatMap((p) => p.failed)).toEqual(notice.failed);
    expect(parts.flatMap((p) => p.unlinked)).toEqual(notice.unlinked);
    expect(parts.map((p) => p.part)).toEqual(parts.map((_, i) => ({ index: i + 1, count: parts.length })));
    for (const [i, part] of parts.entries()) {
      const card = adminNoticeCard(part, TZ);
      expect(card.header.title.en).toContain(`(${i + 1}/${parts.length})`);
      await sendEverywhere(card, `notice-${i}`);
    }
    expect(slack.refused).toEqual([]);
    expect(fake.calls.filter((c) => c.error)).toEqual([]);
    // Nobody was cut from a message: every name is in what the platforms received.
    const sentToSlack = JSON.stringify(slack.callsTo("chat.postMessage").map((c) => c.body.blocks));
    for (const person of [...notice.failed, ...notice.unlinked]) expect(sentToSlack).toContain(person.externalId!);
  });

  it("a small notice stays one message", () => {
    const notice = { ...bigNotice(), failed: bigNotice().failed.slice(0, 3), unlinked: [] };
    expect(splitAdminNotice(notice)).toEqual([notice]);
  });
});

describe("the weekly leaderboard at 300 people", () => {
  it.each(["manager", "member", "channel"] as const)("the %s view is accepted by Slack and Lark", async (audience) => {
    const card = leaderboardCard(bigLeaderboard(300), { audience, topN: 300, askerExternalId: "E-250" });
    await sendEverywhere(card, `board-${audience}`);
    expect(slack.refused).toEqual([]);
    expect(fake.calls.filter((c) => c.error)).toEqual([]);
  });
});

describe("an error card with a very long message", () => {
  it("stays under Lark's 30 KB with its header and summary shortened, and within Slack's limits", async () => {
    const long = "数据库连接失败，请稍后再试。".repeat(1200);
    await sendEverywhere(errorCard(text(long, long)), "long-error");
    expect(slack.refused).toEqual([]);
    expect(fake.calls.filter((c) => c.error)).toEqual([]);
    const sent = fake.callsTo("POST", "/open-apis/im/v1/messages").at(-1)!;
    expect(sent.bytes).toBeLessThanOrEqual(CARD_BODY_BYTES);
  });
});
