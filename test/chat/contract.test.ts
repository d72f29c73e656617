// Each adapter's half of the contract: Slack, Lark and the console turn the same user action into
// the same Inbound, and the three entry points give the same employee the same card for the same
// question (the platforms differ only in how the card is drawn and sent).
import * as lark from "@larksuiteoapi/node-sdk";
import { WebClient } from "@slack/web-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ConversationDeps, converse } from "../../src/chat/conversation.ts";
import { storeLink } from "../../src/chat/identity.ts";
import { serializeIntent } from "../../src/chat/intents.ts";
import type { Inbound } from "../../src/chat/platform.ts";
import { consoleAdapter, consoleInbound } from "../../src/console/adapter.ts";
import { openDatabase, type Database } from "../../src/db/client.ts";
import { larkAdapter, larkButtonInbound, larkMessageInbound } from "../../src/lark/adapter.ts";
import { createLarkClient } from "../../src/lark/client.ts";
import { normalizeCardAction, normalizeMessage, type LarkCardAction, type LarkMessage } from "../../src/lark/events.ts";
import { importScenario } from "../../src/scenario/import.ts";
import { slackAdapter, slackButton, slackCommand, slackDirectMessage, slackMention } from "../../src/slack/adapter.ts";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";
import { readFixture } from "../helpers/fixtures.ts";
import { recordingAdapter } from "./recording-adapter.ts";

const QUESTION = "离目标还差多少？";
const noop = async () => undefined;

function larkMessage(text: string, options: { group?: boolean; mentions?: { key: string; openId: string }[] } = {}) {
  const m = normalizeMessage({
    schema: "2.0",
    header: { event_id: "ev-lark-1", event_type: "im.message.receive_v1", tenant_key: "tk" },
    event: {
      sender: { sender_id: { open_id: "ou_wang" } },
      message: {
        message_id: "om_1",
        chat_id: "oc_1",
        chat_type: options.group ? "group" : "p2p",
        message_type: "text",
        content: JSON.stringify({ text }),
        mentions: (options.mentions ?? []).map((x) => ({ key: x.key, id: { open_id: x.openId } })),
      },
    },
  });
  if (m.kind !== "message") throw new Error("not a message");
  return m as LarkMessage;
}

function larkAction(value: unknown): LarkCardAction {
  const a = normalizeCardAction({
    schema: "2.0",
    header: { event_id: "ev-lark-2", event_type: "card.action.trigger", tenant_key: "tk" },
    event: { operator: { open_id: "ou_wang" }, action: { value }, context: { open_message_id: "om_2" } },
  });
  if (a.kind !== "card_action") throw new Error("not a card action");
  return a as LarkCardAction;
}

/** What the core reads of an Inbound (the ref is the adapter's own business). */
const seen = (i: Inbound<unknown> | null) => i && { inGroup: i.inGroup, trigger: i.trigger };

describe("the same action, normalized by each adapter", () => {
  it("a direct question is a text trigger outside any group", () => {
    const slack = slackDirectMessage(
      { channel_type: "im", user: "U0WANG", text: QUESTION, channel: "D1", ts: "1.1" },
      { eventId: "Ev1", teamId: "T1" },
    );
    const lark = larkMessageInbound(larkMessage(QUESTION), "ou_bot");
    const terminal = consoleInbound(QUESTION, 1, []);
    const expected = { inGroup: false, trigger: { type: "text", text: QUESTION, mentions: [] } };
    expect(seen(slack)).toEqual(expected);
    expect(seen(lark)).toEqual(expected);
    expect(seen(terminal)).toEqual(expected);
    expect(slack?.asker).toEqual({ workspaceId: "T1", userId: "U0WANG" });
    expect(lark?.asker).toEqual({ workspaceId: "tk", userId: "ou_wang" });
    expect(terminal.asker).toEqual({ employeeId: 1 });
    // Retries share the platform's event id; the console has none to dedupe.
    expect(slack?.eventId).toBe("Ev1");
    expect(lark?.eventId).toBe("ev-lark-1");
    expect(terminal.eventId).toBeUndefined();
  });

  it("an @mention in a group: the bot is left out of the mentions, the teammate kept", () => {
    const slack = slackMention(
      { user: "U0ZHOU", text: "<@UBOT> <@U0LI> kpi", channel: "C1", ts: "2.1" },
      { eventId: "Ev2", teamId: "T1", botUserId: "UBOT" },
    );
    expect(seen(slack)).toEqual({
      inGroup: true,
      trigger: { type: "text", text: "<@UBOT> <@U0LI> kpi", mentions: ["U0LI"] },
    });
    const lark = larkMessageInbound(
      larkMessage("@_user_1 @_user_2 kpi", {
        group: true,
        mentions: [
          { key: "@_user_1", openId: "ou_bot" },
          { key: "@_user_2", openId: "ou_li" },
        ],
      }),
      "ou_bot",
    );
    expect(seen(lark)).toEqual({ inGroup: true, trigger: { type: "text", text: "kpi", mentions: ["ou_li"] } });
  });

  it("a group message that does not address the bot is not an inbound at all (Lark), nor is Slack channel chatter", () => {
    expect(larkMessageInbound(larkMessage("hello", { group: true }), "ou_bot")).toBeNull();
    expect(
      slackDirectMessage({ channel_type: "channel", user: "U1", text: "hi", channel: "C1", ts: "3" }, { teamId: "T1" }),
    ).toBeNull();
  });

  it("a slash command is a command trigger; in a DM it is not a group", () => {
    const dm = slackCommand(
      {
        team_id: "T1",
        user_id: "U1",
        channel_id: "D1",
        channel_name: "directmessage",
        text: "team",
      },
      noop,
    );
    expect(seen(dm)).toEqual({ inGroup: false, trigger: { type: "command", text: "team", mentions: [] } });
    const channel = slackCommand(
      { team_id: "T1", user_id: "U1", channel_id: "C1", channel_name: "sales", text: "" },
      noop,
    );
    expect(channel.inGroup).toBe(true);
  });

  it("a button press carries the serialized intent; a value that is not ours becomes null", () => {
    const value = serializeIntent({ kind: "unpaid", page: 1 });
    const expected = { inGroup: false, trigger: { type: "button", value } };
    expect(seen(slackButton({ user: { id: "U1" }, team: { id: "T1" } }, value, noop))).toEqual(expected);
    expect(seen(larkButtonInbound(larkAction({ intent: value, action: "unpaid" }), noop))).toEqual(expected);
    expect(seen(consoleInbound("2", 1, [{ index: 2, value }]))).toEqual(expected);
    expect(larkButtonInbound(larkAction({ something: "else" }), noop).trigger).toEqual({ type: "button", value: null });
    expect(slackButton({ user: { id: "U1" } }, undefined, noop).trigger).toEqual({ type: "button", value: null });
  });
});

describe("the three entry points answer alike", () => {
  let fresh: FreshDatabase;
  let database: Database;
  let deps: ConversationDeps;
  let wang: number;

  beforeAll(async () => {
    fresh = await freshDatabase();
    database = openDatabase(fresh.url, { max: 2 });
    await importScenario(database.pool, readFixture("golden-east-2026-10.scenario.json"));
    deps = { pool: database.pool, now: () => new Date("2026-10-20T04:00:00Z") };
    wang = (await database.pool.query<{ id: number }>(`SELECT id FROM employees WHERE external_id = 'E-A'`)).rows[0]!
      .id;
    await storeLink(database.pool, { platform: "slack", workspaceId: "T1", userId: "U0WANG" }, wang, "admin");
    await storeLink(database.pool, { platform: "lark", workspaceId: "tk", userId: "ou_wang" }, wang, "admin");
  });
  afterAll(async () => {
    await database.close();
    await fresh.drop();
  });

  it("the same question from the same employee gets the same card model on Slack, Lark and the console", async () => {
    const entries = [
      {
        channel: "slack" as const,
        inbound: slackDirectMessage(
          { channel_type: "im", user: "U0WANG", text: QUESTION, channel: "D1", ts: "1.1" },
          { teamId: "T1" },
        )!,
      },
      { channel: "lark" as const, inbound: larkMessageInbound(larkMessage(QUESTION), "ou_bot")! },
      { channel: "console" as const, inbound: consoleInbound(QUESTION, wang, []) },
    ];
    const cards = [];
    for (const { channel, inbound } of entries) {
      const adapter = recordingAdapter({ channel });
      const outcome = await converse(deps, adapter, { ...inbound, eventId: undefined, ref: "here" } as Inbound<string>);
      if (outcome.status !== "answered") throw new Error(outcome.status);
      expect(outcome).toMatchObject({ intent: { kind: "progress" }, delivery: "post", reply: { locale: "zh-CN" } });
      cards.push(outcome.reply.card);
    }
    expect(cards[0]!.header.tone).not.toBe("bad");
    expect(cards[1]).toEqual(cards[0]);
    expect(cards[2]).toEqual(cards[0]);

    // Each adapter then draws that one card its own way, with the same words in it.
    const reply = { card: cards[0]!, personal: true, locale: "zh-CN" as const };
    const drawn = [
      slackAdapter(new WebClient("xoxb-test")).render(reply),
      larkAdapter(createLarkClient({ appId: "cli_x", appSecret: "s", cache: new lark.DefaultCache() })).render(reply),
      consoleAdapter(() => {}, noop).render(reply),
    ];
    expect(drawn[0]).toHaveProperty("blocks");
    expect(drawn[1]).toHaveProperty("schema", "2.0");
    expect(typeof drawn[2]).toBe("string");
    for (const d of drawn) expect(JSON.stringify(d)).toContain(cards[0]!.header.title["zh-CN"]);
  });
});
