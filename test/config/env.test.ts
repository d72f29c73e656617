// Start-up configuration: one message naming every missing or malformed variable.
import { describe, expect, it } from "vitest";
import { ConfigError, larkEnabled, loadEnv, slackEnabled } from "../../src/config/env.ts";

const base = { DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/pacer", REDIS_URL: "redis://127.0.0.1:6379" };

function problems(env: Record<string, string>): string[] {
  try {
    loadEnv(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error("expected a ConfigError");
}

describe("loadEnv", () => {
  it("accepts the minimum (database and Redis) with defaults, and both platforms off", () => {
    const env = loadEnv(base);
    expect(env.PORT).toBe(3000);
    expect(env.LARK_MODE).toBe("webhook");
    expect(slackEnabled(env)).toBe(false);
    expect(larkEnabled(env)).toBe(false);
  });

  it("lists every problem at once", () => {
    const list = problems({ DATABASE_URL: "mysql://x", PORT: "99999", LARK_MODE: "poll", PACER_NOW: "tomorrow" });
    expect(list).toEqual(
      expect.arrayContaining([
        "DATABASE_URL must be a URL starting with postgres:// or postgresql://",
        "REDIS_URL is required",
        expect.stringMatching(/^PORT /),
        expect.stringMatching(/^LARK_MODE /),
        expect.stringMatching(/^PACER_NOW must be an ISO 8601 instant/),
      ]),
    );
    expect(new ConfigError(list).message).toMatch(/^Invalid configuration:\n {2}- /);
  });

  it("Slack over HTTP needs the signing secret; Socket Mode needs the app token instead", () => {
    expect(problems({ ...base, SLACK_BOT_TOKEN: "xoxb-1" })).toEqual([
      "SLACK_SIGNING_SECRET is required for Slack over HTTP (or set SLACK_APP_TOKEN for Socket Mode)",
    ]);
    expect(slackEnabled(loadEnv({ ...base, SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-1" }))).toBe(true);
    expect(problems({ ...base, SLACK_SIGNING_SECRET: "s" })).toEqual([
      "SLACK_BOT_TOKEN is required when Slack is configured",
    ]);
  });

  it("Lark webhook mode needs the encrypt key (Lark signs nothing without it) and the verification token", () => {
    expect(problems({ ...base, LARK_APP_ID: "cli_1", LARK_APP_SECRET: "s" })).toEqual([
      "LARK_ENCRYPT_KEY is required for Lark webhook mode",
      "LARK_VERIFICATION_TOKEN is required for Lark webhook mode",
    ]);
    const ws = loadEnv({
      ...base,
      LARK_APP_ID: "cli_1",
      LARK_APP_SECRET: "s",
      LARK_MODE: "ws",
      LARK_DOMAIN: "https://open.example.test",
    });
    expect(larkEnabled(ws)).toBe(true);
    expect(problems({ ...base, LARK_DOMAIN: "larksuite" })).toEqual([
      "LARK_DOMAIN must be feishu, lark or a base URL (http://… or https://…)",
    ]);
  });

  it("PACER_NOW fixes the business clock when set", () => {
    expect(loadEnv({ ...base, PACER_NOW: "2026-10-16T10:00:00+08:00" }).PACER_NOW?.toISOString()).toBe(
      "2026-10-16T02:00:00.000Z",
    );
  });
});
