// Files on Slack through the real Web API client (files.uploadV2) against the fake: the bytes
// arrive intact and are shared as one message in the DM; Slack's refusals — a file above its size
// limit, a channel the bot is not in — come back as typed platform errors and share nothing.
import { WebClient } from "@slack/web-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PlatformError } from "../../src/events/errors.ts";
import type { FileMessage } from "../../src/outgoing-file.ts";
import { shareFiles } from "../../src/slack/files.ts";
import { FakeSlack } from "../helpers/fake-slack.ts";

let slack: FakeSlack;
let client: WebClient;

beforeAll(async () => {
  slack = await new FakeSlack().start();
  client = new WebClient("xoxb-test", { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
});
afterAll(async () => {
  await slack.stop();
});

const bytes = (n: number, seed: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + seed) % 256));

const message = (size: number): FileMessage => ({
  file: { fileName: "book.xlsx", contentType: "application/octet-stream", buffer: bytes(size, 7) },
  comment: { "zh-CN": "十月报告", en: "October report" },
  images: [{ fileName: "chart.png", contentType: "image/png", buffer: bytes(300, 3) }],
});

describe("files.uploadV2 against the fake Slack", () => {
  it("uploads every file byte for byte and shares them in the user's DM as one message", async () => {
    const sent = message(5000);
    const id = await shareFiles(client, { kind: "user", user: "U0ANN" }, sent, "en");

    expect(slack.shares).toHaveLength(1);
    expect(slack.shares[0]).toMatchObject({ channel: "DU0ANN", initialComment: "October report" });
    const [book, chart] = slack.sharedIn("DU0ANN");
    expect(id).toBe(`DU0ANN:${book!.id}`);
    expect(book!.filename).toBe("book.xlsx");
    expect(book!.data!.equals(sent.file.buffer)).toBe(true);
    expect(chart!.data!.equals(sent.images![0]!.buffer)).toBe(true);
  });

  it("refuses a file above Slack's size limit before any byte is sent", async () => {
    slack.fileSizeLimit = 4000;
    try {
      const before = slack.shares.length;
      const error = await shareFiles(client, { kind: "user", user: "U0BEN" }, message(4001), "en").catch((e) => e);
      expect(error).toBeInstanceOf(PlatformError);
      expect((error as PlatformError).code).toBe("file_too_large");
      expect((error as PlatformError).retryable).toBe(false);
      expect(slack.shares).toHaveLength(before);
    } finally {
      slack.fileSizeLimit = 1024 * 1024 * 1024;
    }
  });

  it("refuses to share in a channel the bot is not in", async () => {
    const before = slack.shares.length;
    const error = await shareFiles(client, { kind: "channel", channel: "CNOTIN42" }, message(100), "zh-CN").catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(PlatformError);
    expect((error as PlatformError).reason).toBe("not_in_channel");
    expect(slack.shares).toHaveLength(before);
  });
});
