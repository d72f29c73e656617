// Start-up with an unreachable dependency: Postgres and Redis are treated alike — the service
// retries until PACER_STARTUP_TIMEOUT_MS, then exits 69 (EX_UNAVAILABLE) with one line naming what
// is unreachable and why; never a stack, never a password, never "listening" without them.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { reasonOf, StartupError, startWithRetry, waitForDependencies } from "../../src/config/startup.ts";
import { freePort } from "../helpers/service.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const DATABASE_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

async function start(env: Record<string, string>): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      LOG_LEVEL: "silent",
      PORT: String(await freePort()),
      PACER_STARTUP_TIMEOUT_MS: "1500",
      PACER_NOW: "2026-10-20T12:00:00+08:00",
      ...env,
    },
  });
  let stderr = "";
  let stdout = "";
  child.stderr.on("data", (d) => (stderr += d));
  child.stdout.on("data", (d) => (stdout += d));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  return { code, stderr, stdout };
}

describe("start-up with an unreachable dependency", () => {
  it("Postgres refusing connections: exit 69 with one line, no stack, no password", async () => {
    const r = await start({ DATABASE_URL: "postgres://pacer:s3cret@127.0.0.1:1/pacer", REDIS_URL });
    expect(r.code).toBe(69);
    expect(r.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(/^pacer: cannot start: Postgres is unreachable \(connection refused\)/),
    ]);
    expect(r.stderr).not.toMatch(/s3cret|\n\s+at /);
  }, 30_000);

  it("Redis refusing connections: the same behaviour", async () => {
    const r = await start({ DATABASE_URL, REDIS_URL: "redis://:s3cret@127.0.0.1:1" });
    expect(r.code).toBe(69);
    expect(r.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(/^pacer: cannot start: Redis is unreachable \(connection refused\)/),
    ]);
    expect(r.stderr).not.toMatch(/s3cret|\n\s+at /);
  }, 30_000);
});

describe("waitForDependencies", () => {
  it("retries a dependency until it answers", async () => {
    let calls = 0;
    await waitForDependencies(
      [
        {
          name: "Redis",
          probe: async () => {
            calls++;
            if (calls < 3) throw Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
          },
        },
      ],
      { timeoutMs: 10_000, intervalMs: 10 },
    );
    expect(calls).toBe(3);
  });

  it("gives up with one line naming every dependency still unreachable", async () => {
    const refused = async () => {
      throw Object.assign(new Error("x"), { code: "ECONNREFUSED" });
    };
    const error = await waitForDependencies(
      [
        { name: "Postgres", probe: refused },
        { name: "Redis", probe: refused },
      ],
      { timeoutMs: 0, intervalMs: 10 },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).toMatch(
      /^pacer: cannot start: Postgres is unreachable \(connection refused\); Redis is unreachable \(connection refused\)/,
    );
  });

  it("never echoes a URL from a driver message", () => {
    expect(reasonOf(new Error("getaddrinfo failed for postgres://u:pw@db.internal:5432/x\n    at foo"))).toBe(
      "getaddrinfo failed for <url>",
    );
  });
});

describe("startWithRetry (a platform connection at start-up)", () => {
  it("retries a failing start until it succeeds", async () => {
    let calls = 0;
    await startWithRetry(
      "Slack",
      async () => {
        calls++;
        if (calls < 3) throw new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } });
      },
      { timeoutMs: 10_000, intervalMs: 10 },
    );
    expect(calls).toBe(3);
  });

  it("gives up with one line naming the platform and the socket error under the SDK's wrapper", async () => {
    const error = await startWithRetry(
      "Slack",
      async () => {
        throw Object.assign(new Error("A request error occurred: connect ECONNREFUSED 10.0.0.1:443"), {
          code: "slack_webapi_request_error",
          original: Object.assign(new Error("connect ECONNREFUSED 10.0.0.1:443"), { code: "ECONNREFUSED" }),
        });
      },
      { timeoutMs: 0, intervalMs: 10 },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).toMatch(
      /^pacer: cannot start: Slack is unreachable \(connection refused\); gave up after \d+ s$/,
    );
  });
});
