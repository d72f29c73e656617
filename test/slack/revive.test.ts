// A Slack ref read back from a queued job (src/events/inbound-queue.ts): the job's JSON has no
// functions, so a command's or a button's `respond` is rebuilt from its response_url — a POST of
// the message JSON there, as Bolt's respond does — and Slack's refusal comes back typed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PlatformError } from "../../src/events/errors.ts";
import { reviveSlackRef, slackAdapter, slackCommand } from "../../src/slack/adapter.ts";
import { classifySlackError } from "../../src/slack/errors.ts";
import { WebClient } from "@slack/web-api";
import { FakeSlack } from "../helpers/fake-slack.ts";

let slack: FakeSlack;

beforeAll(async () => {
  slack = await new FakeSlack().start();
});

afterAll(async () => {
  await slack?.stop();
});

/** A /kpi as recorded in a job: through JSON, as the queue stores it. */
function recordedCommand(id: string, channel: { id: string; name: string }) {
  const inbound = slackCommand(
    {
      team_id: slack.teamId,
      user_id: "U0WANG",
      channel_id: channel.id,
      channel_name: channel.name,
      text: "",
      trigger_id: `t-${id}`,
      response_url: slack.responseUrl(id),
    },
    () => Promise.reject(new Error("the live respond is not in the job")),
  );
  return JSON.parse(JSON.stringify(inbound.ref)) as unknown;
}

describe("a revived /kpi ref", () => {
  it("keeps where it was typed and answers through its response_url (ephemeral in a DM)", async () => {
    const ref = reviveSlackRef(recordedCommand("revived-dm", { id: "D0WANGLI", name: "directmessage" }));
    expect(ref).toMatchObject({ kind: "command", channel: "D0WANGLI", inDm: true });
    const adapter = slackAdapter(new WebClient("xoxb-test", { slackApiUrl: slack.apiUrl }));
    await adapter.note(ref, { "zh-CN": "你好", en: "hello" }, "en");
    const sent = await slack.waitFor(() => slack.responses.find((r) => r.id === "revived-dm"));
    expect(sent.body).toMatchObject({ response_type: "ephemeral", text: "<@U0WANG> hello" });
  });

  it("in a channel answers in_channel", async () => {
    const ref = reviveSlackRef(recordedCommand("revived-channel", { id: "C0SALES", name: "sales" }));
    expect(ref).toMatchObject({ kind: "command", inDm: false });
    const adapter = slackAdapter(new WebClient("xoxb-test", { slackApiUrl: slack.apiUrl }));
    await adapter.note(ref, { "zh-CN": "你好", en: "hello" }, "zh-CN");
    const sent = await slack.waitFor(() => slack.responses.find((r) => r.id === "revived-channel"));
    expect(sent.body).toMatchObject({ response_type: "in_channel", text: "<@U0WANG> 你好" });
  });

  it("a reply Slack refuses is a typed, non-retryable platform error", async () => {
    const ref = reviveSlackRef(recordedCommand("revived-refused", { id: "C0SALES", name: "sales" }));
    if (ref.kind !== "command") throw new Error("not a command ref");
    const blocks = Array.from({ length: 51 }, () => ({ type: "divider" }));
    const error = await ref.respond({ blocks }).then(
      () => null,
      (e: unknown) => classifySlackError(e),
    );
    expect(error).toBeInstanceOf(PlatformError);
    expect(error).toMatchObject({ code: "invalid_blocks", retryable: false });
    expect(slack.responses.find((r) => r.id === "revived-refused")).toBeUndefined();
    expect(slack.refusedResponses.find((r) => r.id === "revived-refused")?.error).toBe("invalid_blocks");
  });
});
