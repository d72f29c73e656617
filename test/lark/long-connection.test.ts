// Start-up with the Lark long connection (LARK_MODE=ws) unreachable: the same behaviour as Postgres
// and Redis (test/config/startup.test.ts) — retried until PACER_STARTUP_TIMEOUT_MS, not listening
// (so never ready) until the connection is open, then one line naming it and exit 69; never a stack.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as lark from "@larksuiteoapi/node-sdk";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadEnv } from "../../src/config/env.ts";
import { StartupError } from "../../src/config/startup.ts";
import { startService } from "../../src/main.ts";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";
import { FakeLark } from "../helpers/fake-lark.ts";
import { REDIS_URL } from "../helpers/server.ts";
import { freePort } from "../helpers/service.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

let fresh: FreshDatabase;
let fake: FakeLark;

beforeAll(async () => {
  fresh = await freshDatabase();
  fake = await new FakeLark().start();
});

afterAll(async () => {
  await fake?.stop();
  await fresh?.drop();
});

async function start(target: { domain: string; port: number; timeoutMs: number; appSecret?: string }) {
  return startService(
    loadEnv({
      DATABASE_URL: fresh.url,
      REDIS_URL,
      PORT: String(target.port),
      LOG_LEVEL: "silent",
      PACER_NOW: "2026-10-20T12:00:00+08:00",
      PACER_STARTUP_TIMEOUT_MS: String(target.timeoutMs),
      LARK_APP_ID: fake.appId,
      LARK_APP_SECRET: target.appSecret ?? fake.appSecret,
      LARK_DOMAIN: target.domain,
      LARK_MODE: "ws",
    }),
    {
      host: "127.0.0.1",
      larkCache: new lark.DefaultCache(),
      eventPrefix: `test-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
    },
  );
}

describe("start-up with the Lark long connection unreachable", () => {
  it("nothing listening at LARK_DOMAIN: a StartupError naming the long connection, in one line", async () => {
    const closed = await freePort();
    const error = await start({ domain: `http://127.0.0.1:${closed}`, port: await freePort(), timeoutMs: 1500 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).toMatch(
      /^pacer: cannot start: the Lark long connection is unreachable \(connection refused\); gave up after \d+ s$/,
    );
  }, 30_000);

  it("the WebSocket handshake refused: retried, then the same one-line StartupError; never listening", async () => {
    fake.refuseHandshakes = true;
    const port = await freePort();
    try {
      const before = fake.upgradeRequests;
      const error = await start({ domain: fake.url, port, timeoutMs: 2500 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StartupError);
      expect((error as Error).message).toMatch(
        /^pacer: cannot start: the Lark long connection is unreachable \(WebSocket handshake refused\); gave up after \d+ s$/,
      );
      expect(fake.upgradeRequests - before).toBeGreaterThan(1);
      await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    } finally {
      fake.refuseHandshakes = false;
    }
  }, 30_000);

  it("Lark refuses the app's credentials: retried, then one line pointing at them, never the secret", async () => {
    const error = await start({
      domain: fake.url,
      port: await freePort(),
      timeoutMs: 1500,
      appSecret: "wrong-secret-0123456789",
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).toMatch(
      /^pacer: cannot start: the Lark long connection is unreachable \(no connection URL from Lark: check LARK_APP_ID and LARK_APP_SECRET\); gave up after \d+ s$/,
    );
    expect((error as Error).message).not.toContain("wrong-secret");
  }, 30_000);

  it("a slow-to-accept endpoint: no answer on /healthz or /readyz until the connection is open, ready after", async () => {
    const hold = fake.holdHandshakes();
    const port = await freePort();
    const before = fake.upgradeRequests;
    const starting = start({ domain: fake.url, port, timeoutMs: 20_000 });
    await fake.waitFor(() => fake.upgradeRequests > before, 10_000);
    // The handshake is pending: the service is not listening, so nothing can call it ready.
    await expect(fetch(`http://127.0.0.1:${port}/readyz`)).rejects.toThrow();
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    hold.release();
    const service = await starting;
    try {
      expect(fake.openConnections).toBe(1);
      const ready = await fetch(`${service.url}/readyz`);
      expect(ready.status).toBe(200);
    } finally {
      await service.stop();
    }
  }, 30_000);
});

describe("the long connection drops after start-up", () => {
  it("/readyz says lark is down (503) while the SDK reconnects, and ready again once it is back", async () => {
    const service = await start({ domain: fake.url, port: await freePort(), timeoutMs: 20_000 });
    try {
      const readyz = async () => {
        const res = await fetch(`${service.url}/readyz`);
        return { status: res.status, body: (await res.json()) as { checks: Record<string, string> } };
      };
      expect(await readyz()).toMatchObject({
        status: 200,
        body: { checks: { lark: "ok", postgres: "ok", redis: "ok" } },
      });
      // Lark restarts and keeps refusing to take the connection back for a while.
      const hold = fake.holdHandshakes();
      fake.disconnect();
      await vi.waitFor(async () => expect((await readyz()).status).toBe(503), { timeout: 10_000, interval: 100 });
      expect(await readyz()).toMatchObject({ status: 503, body: { checks: { lark: "down", postgres: "ok" } } });
      hold.release();
      await vi.waitFor(async () => expect((await readyz()).status).toBe(200), { timeout: 15_000, interval: 100 });
      expect(fake.openConnections).toBe(1);
    } finally {
      await service.stop();
    }
  }, 40_000);
});

describe("npm start with the Lark long connection unreachable", () => {
  it("prints one line (no stack, no secret) and exits 69", async () => {
    const closed = await freePort();
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? "",
        LOG_LEVEL: "silent",
        PORT: String(await freePort()),
        PACER_STARTUP_TIMEOUT_MS: "1500",
        PACER_NOW: "2026-10-20T12:00:00+08:00",
        PACER_QUEUE_PREFIX: `test-cli-${Date.now().toString(36)}`,
        DATABASE_URL: fresh.url,
        REDIS_URL,
        LARK_APP_ID: fake.appId,
        LARK_APP_SECRET: fake.appSecret,
        LARK_DOMAIN: `http://127.0.0.1:${closed}`,
        LARK_MODE: "ws",
      },
    });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(69);
    expect(stderr.trim().split("\n")).toEqual([
      expect.stringMatching(/^pacer: cannot start: the Lark long connection is unreachable \(connection refused\)/),
    ]);
    expect(stderr).not.toContain(fake.appSecret);
    expect(stderr).not.toMatch(/\n\s+at /);
  }, 30_000);
});
