// The profile's trend picture on Slack follows its card: the card is sent first and the picture
// (drawn only then) is uploaded after it, in the asker's DM; when Slack refuses the upload the card
// has still arrived and the asker is told in one line that the chart could not be attached. Lark's
// card draws the trend itself (a line per metric): no file. Through the real service, Bolt, the Web API client and the
// Lark SDK against the fake platforms; the golden company with September and October closed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeMonth } from "../../src/services/month-close.ts";
import { type BothPlatforms, startOnBothPlatforms } from "../helpers/both-platforms.ts";

const WANG_LARK = { open_id: "ou_wanglei0000000000000000000picture" };
let platforms: BothPlatforms;

beforeAll(async () => {
  platforms = await startOnBothPlatforms({
    secret: "profile-picture-secret",
    eventTag: "Pic",
    slackUsers: [
      { id: "U0WANG", email: "wanglei@example.com" },
      { id: "U0ZHOU", email: "zhoumin@example.com" },
    ],
    larkUsers: [{ ...WANG_LARK, email: "wanglei@example.com" }],
  });
  for (const period of ["2026-09", "2026-10"]) await closeMonth(platforms.database.pool, period);
});

afterAll(async () => {
  await platforms?.stop();
});

describe("Slack", () => {
  const isProfileCard = (call: { method: string; body: Record<string, unknown> }, channel: string) =>
    call.method === "chat.postMessage" &&
    call.body.channel === channel &&
    JSON.stringify(call.body.blocks ?? "").includes("王磊 · 员工画像");

  it("sends the card first, then uploads the trend picture to the asker's DM", async () => {
    const { slack } = platforms;
    expect((await platforms.slackDm("U0WANG", "趋势")).status).toBe(200);
    const share = await slack.waitFor(() => slack.shares.find((s) => s.channel === "DU0WANG"), 30_000);
    const methods = slack.calls.map((c) => c.method);
    const card = slack.calls.findIndex((c) => isProfileCard(c, "DU0WANG"));
    const upload = methods.indexOf("files.getUploadURLExternal");
    expect(card).toBeGreaterThanOrEqual(0);
    expect(upload).toBeGreaterThan(card);
    expect(methods.indexOf("files.completeUploadExternal")).toBeGreaterThan(upload);
    const [picture] = slack.sharedIn("DU0WANG");
    expect(picture!.filename).toBe("pacer-profile-E-A.png");
    expect(picture!.data!.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect(share.initialComment).toBe("王磊 的趋势图");
  });

  it("when Slack refuses the upload, the card has arrived and the asker is told the chart is missing", async () => {
    const { slack } = platforms;
    slack.fileSizeLimit = 1000; // the picture is larger: files.getUploadURLExternal answers file_too_large
    try {
      const before = slack.calls.length;
      expect((await platforms.slackDm("U0ZHOU", "profile 王磊")).status).toBe(200);
      const note = await slack.waitFor(
        () =>
          slack.calls
            .slice(before)
            .find((c) => c.method === "chat.postMessage" && c.body.channel === "U0ZHOU" && !c.body.blocks),
        30_000,
      );
      expect(note.body.text).toBe("趋势图没能附上，卡片上的数字是完整的。");
      const after = slack.calls.slice(before);
      const card = after.findIndex((c) => isProfileCard(c, "DU0ZHOU"));
      expect(card).toBeGreaterThanOrEqual(0);
      expect(card).toBeLessThan(after.findIndex((c) => c.method === "files.getUploadURLExternal"));
      expect(slack.refused.map((r) => r.error)).toContain("file_too_large");
      expect(slack.shares.filter((s) => s.channel === "DU0ZHOU")).toEqual([]);
    } finally {
      slack.fileSizeLimit = 1024 * 1024 * 1024;
    }
  });
});

describe("Lark", () => {
  it("the card draws the trend itself, as line charts, and no file is sent", async () => {
    const { lark, service } = platforms;
    const chat = `oc_p2p_${WANG_LARK.open_id}`;
    await lark.deliver(
      `${service.url}/lark/events`,
      lark.messageEvent({ sender: WANG_LARK, chatType: "p2p", chatId: chat, text: "趋势" }),
    );
    const sent = await lark.waitFor(() => lark.messages.find((m) => m.chat_id === chat), 30_000);
    expect(sent.content).toContain("王磊 · 员工画像");
    expect(sent.content).toContain('"tag":"chart"');
    // A trend over months: drawn as a line, not bars.
    expect(sent.content).toContain('"type":"line"');
    expect(sent.content).not.toContain('"type":"bar"');
    expect(lark.files.size).toBe(0);
    expect(lark.messages.filter((m) => m.chat_id === chat)).toHaveLength(1);
  });
});
