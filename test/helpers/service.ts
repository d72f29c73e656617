// The real service (startService, as `npm start` runs it) over a fresh database holding the golden
// scenario, on a free port of 127.0.0.1 — the harness of the platform end-to-end tests.
import { createServer } from "node:net";
import * as lark from "@larksuiteoapi/node-sdk";
import { loadEnv } from "../../src/config/env.ts";
import { openDatabase, type Database } from "../../src/db/client.ts";
import { startService, type Service } from "../../src/main.ts";
import { importScenario } from "../../src/scenario/import.ts";
import { freshDatabase, type FreshDatabase } from "./db.ts";
import { readFixture } from "./fixtures.ts";
import { REDIS_URL } from "./server.ts";

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function throughPort(databaseUrl: string, port: number): string {
  const url = new URL(databaseUrl);
  url.host = `127.0.0.1:${port}`;
  return url.toString();
}

export interface GoldenService {
  service: Service;
  fresh: FreshDatabase;
  database: Database;
  stop(): Promise<void>;
}

/** Starts the service with `env` (platform variables) on the golden scenario; PACER_NOW defaults to 2026-10-20 12:00 Shanghai. */
export async function startGoldenService(
  env: Record<string, string>,
  options: Parameters<typeof startService>[1] = {},
  /** Reach Postgres through this port (a TCP proxy a test can cut) instead of directly. */
  via: { postgresPort?: number } = {},
): Promise<GoldenService> {
  const fresh = await freshDatabase();
  const database = openDatabase(fresh.url, { max: 2 });
  await importScenario(database.pool, readFixture("golden-east-2026-10.scenario.json"));
  const service = await startService(
    loadEnv({
      DATABASE_URL: via.postgresPort ? throughPort(fresh.url, via.postgresPort) : fresh.url,
      REDIS_URL,
      PORT: String(await freePort()),
      LOG_LEVEL: "silent",
      PACER_NOW: "2026-10-20T12:00:00+08:00",
      ...env,
    }),
    // Each service gets its own Lark token cache (the SDK's default one is module-global), and its
    // own queue prefix: services of parallel test files must not answer each other's questions.
    {
      host: "127.0.0.1",
      larkCache: new lark.DefaultCache(),
      eventPrefix: `test-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
      // A notice the fake refused is sent again within the test's waits.
      notices: { backoffMs: 100 },
      ...options,
    },
  );
  return {
    service,
    fresh,
    database,
    async stop() {
      await service.stop();
      await database.close();
      await fresh.drop();
    },
  };
}
