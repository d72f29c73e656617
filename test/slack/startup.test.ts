// Start-up with Slack unreachable (Socket Mode): the same behaviour as Postgres, Redis and the Lark
// long connection — retried until PACER_STARTUP_TIMEOUT_MS, never listening, then one line.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadEnv } from "../../src/config/env.ts";
import { StartupError } from "../../src/config/startup.ts";
import { startService } from "../../src/main.ts";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";
import { REDIS_URL } from "../helpers/server.ts";
import { freePort } from "../helpers/service.ts";

let fresh: FreshDatabase;

beforeAll(async () => {
  fresh = await freshDatabase();
});

afterAll(async () => {
  await fresh?.drop();
});

describe("start-up with Slack unreachable", () => {
  it("Socket Mode, nothing listening at SLACK_API_URL: a one-line StartupError naming Slack; never listening", async () => {
    const closed = await freePort();
    const port = await freePort();
    const error = await startService(
      loadEnv({
        DATABASE_URL: fresh.url,
        REDIS_URL,
        PORT: String(port),
        LOG_LEVEL: "silent",
        PACER_NOW: "2026-10-20T12:00:00+08:00",
        PACER_STARTUP_TIMEOUT_MS: "2500",
        SLACK_BOT_TOKEN: "xoxb-test",
        SLACK_APP_TOKEN: "xapp-test",
        SLACK_API_URL: `http://127.0.0.1:${closed}`,
      }),
      { host: "127.0.0.1", eventPrefix: `test-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}` },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).toMatch(
      /^pacer: cannot start: Slack is unreachable \(connection refused\); gave up after \d+ s$/,
    );
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  }, 30_000);
});
