// Slack API failures → typed errors with stable reasons, whatever Slack call failed.
import { RespondError } from "@slack/bolt";
import { ErrorCode, WebClient } from "@slack/web-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PlatformError, PlatformRateLimitError } from "../../src/events/errors.ts";
import { classifySlackError } from "../../src/slack/errors.ts";
import { FakeSlack } from "../helpers/fake-slack.ts";

const platformError = (error: string) => ({
  code: ErrorCode.PlatformError,
  data: { ok: false, error },
  message: `An API error occurred: ${error}`,
});

describe("classifySlackError", () => {
  it("a rate limit carries Slack's Retry-After", () => {
    const e = classifySlackError({ code: ErrorCode.RateLimitedError, retryAfter: 30 });
    expect(e).toBeInstanceOf(PlatformRateLimitError);
    expect(e).toMatchObject({ reason: "rate_limited", retryAfterMs: 30_000, retryable: true });
  });

  it.each([
    ["not_in_channel", "not_in_channel"],
    ["channel_not_found", "not_in_channel"],
    ["user_not_in_channel", "not_in_channel"],
    ["cannot_dm_bot", "cannot_dm"],
    ["user_not_found", "cannot_dm"],
    ["invalid_auth", "invalid_auth"],
    ["token_revoked", "invalid_auth"],
    ["missing_scope", "invalid_auth"],
    ["msg_too_long", "too_large"],
    ["invalid_blocks", "rejected"],
  ])("platform error %s → %s, not worth retrying, with Slack's code kept", (code, reason) => {
    const e = classifySlackError(platformError(code));
    expect(e).toBeInstanceOf(PlatformError);
    expect(e).toMatchObject({ platform: "slack", code, reason, retryable: false });
  });

  it("Slack's own trouble (internal_error, 5xx) and the network are transient", () => {
    expect(classifySlackError(platformError("internal_error"))).toMatchObject({ reason: "transient", retryable: true });
    expect(classifySlackError({ code: ErrorCode.HTTPError, statusCode: 503, message: "503" })).toMatchObject({
      code: "http_503",
      reason: "transient",
      retryable: true,
    });
    expect(classifySlackError({ code: ErrorCode.RequestError, message: "socket hang up" })).toMatchObject({
      reason: "transient",
      retryable: true,
    });
    expect(classifySlackError({ code: ErrorCode.HTTPError, statusCode: 413 })).toMatchObject({ reason: "too_large" });
  });

  it("Bolt's respond() refused by a spent response_url (404) is final, not a network error to retry", () => {
    const refused = new RespondError("Failed to respond to the response_url: 404 Not Found", 404);
    expect(classifySlackError(refused)).toMatchObject({ code: "http_404", retryable: false });
    expect(classifySlackError(new RespondError("Failed to respond: 503", 503))).toMatchObject({ retryable: true });
  });
});

describe("through the real Web API client", () => {
  let slack: FakeSlack;
  beforeAll(async () => {
    slack = await new FakeSlack().start();
  });
  afterAll(async () => {
    await slack.stop();
  });

  it("a 429 from Slack becomes a rate limit with its Retry-After", async () => {
    const client = new WebClient("xoxb-test", {
      slackApiUrl: slack.apiUrl.endsWith("/") ? slack.apiUrl : `${slack.apiUrl}/`,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
    });
    slack.rateLimit("chat.postMessage", 1, 2);
    const error = await client.chat.postMessage({ channel: "U1", text: "hi" }).catch((e: unknown) => e);
    expect(classifySlackError(error)).toMatchObject({ reason: "rate_limited", retryAfterMs: 2000 });
  });
});
