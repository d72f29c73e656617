// A worker process killed with SIGKILL in the middle of a fan-out, and a new one started: BullMQ
// hands the dead worker's jobs to the new one (their locks expire), and the deliveries table makes
// sure nobody gets a second message.
//
// Where the kill lands matters, so the platform sits behind a proxy that freezes sends at a chosen
// point:
//   - before the platform sees them → every rep gets exactly one message, on Slack and on Lark;
//   - after the platform accepted them, before Pacer hears back (the one window of docs/DELIVERY.md)
//     → Lark drops the resends (same uuid): still exactly one; Slack has no idempotency key: exactly
//     the messages frozen in that window arrive twice — measured here, nobody else.
// Finally the surviving worker is stopped with SIGTERM and exits cleanly.
import type { PlatformName } from "../../src/platform.ts";
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { findJob } from "../../jobs/registry.ts";
import { openDatabase, type Database } from "../../src/db/client.ts";
import { loadWorkerConfig } from "../../src/worker/config.ts";
import { createQueues, type Queues } from "../../src/worker/queues.ts";
import { enqueueRun, manualPlan } from "../../src/worker/trigger.ts";
import { readDeliveries } from "../../src/store/deliveries.ts";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";
import { FakeLark } from "../helpers/fake-lark.ts";
import { FakeSlack } from "../helpers/fake-slack.ts";
import {
  dropQueues,
  finished,
  larkEnv,
  larkIdOf,
  loadWorld,
  NOW,
  REDIS_URL,
  salespeople,
  slackIdOf,
  uniquePrefix,
} from "./helpers.ts";
import { PlatformProxy } from "./platform-proxy.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const CONCURRENCY = 4;

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn().catch(() => {});
});

interface WorkerProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `npm run worker` as its own process (node --import tsx, so a signal reaches the worker itself). */
function spawnWorker(env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "src/worker/main.ts"], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += String(d)));
  child.stderr!.on("data", (d) => (out += String(d)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  cleanup.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await exited;
  });
  return { child, output: () => out, exited };
}

interface Scenario {
  database: Database;
  fresh: FreshDatabase;
  queues: Queues;
  proxy: PlatformProxy;
  env: Record<string, string>;
  /** Each rep's chat id, by employee id. */
  reps: Map<number, string>;
}

async function scenario(platform: PlatformName): Promise<Scenario & { slack?: FakeSlack; lark?: FakeLark }> {
  const fresh = await freshDatabase();
  const database = openDatabase(fresh.url, { max: 4 });
  cleanup.push(async () => {
    await database.close();
    await fresh.drop();
  });
  await loadWorld(database.pool, { platform });
  const reps = new Map(
    (await salespeople(database.pool)).map((r) => [
      r.id,
      platform === "slack" ? slackIdOf(r.externalId) : larkIdOf(r.externalId),
    ]),
  );
  const config = loadWorkerConfig({ PACER_QUEUE_PREFIX: uniquePrefix(), PACER_DELIVERY_BACKOFF_MS: "50" });
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queues = createQueues(connection, config);
  cleanup.push(async () => {
    await dropQueues(queues);
    await queues.close();
    connection.disconnect();
  });
  const env: Record<string, string> = {
    DATABASE_URL: fresh.url,
    REDIS_URL,
    PACER_NOW: NOW,
    PACER_QUEUE_PREFIX: config.PACER_QUEUE_PREFIX,
    PACER_WORKER_CONCURRENCY: String(CONCURRENCY),
    // A dead worker's jobs are taken over after 1.5 s instead of 30 s.
    PACER_WORKER_LOCK_MS: "1500",
    PACER_DELIVERY_BACKOFF_MS: "50",
    PACER_WORKER_METRICS_PORT: "0",
  };
  if (platform === "slack") {
    const slack = await new FakeSlack().start();
    const proxy = await new PlatformProxy("slack", slack.url).start();
    cleanup.push(
      () => slack.stop(),
      () => proxy.stop(),
    );
    Object.assign(env, {
      SLACK_BOT_TOKEN: "xoxb-test",
      SLACK_SIGNING_SECRET: "test-secret",
      SLACK_API_URL: `${proxy.url}/api/`,
    });
    return { database, fresh, queues, proxy, env, reps, slack };
  }
  const lark = await new FakeLark().start();
  const proxy = await new PlatformProxy("lark", lark.url).start();
  cleanup.push(
    () => lark.stop(),
    () => proxy.stop(),
  );
  Object.assign(env, larkEnv(lark, proxy.url));
  return { database, fresh, queues, proxy, env, reps, lark };
}

/** Starts the daily run, kills the worker once `CONCURRENCY` sends are frozen at `where`, starts another. */
async function killMidFanOut(
  s: Scenario,
  where: "requests" | "responses",
): Promise<{ frozen: string[]; result: Record<string, unknown>; second: WorkerProcess }> {
  s.proxy.freezeAfter(8, where);
  const first = spawnWorker(s.env);
  const definition = findJob("daily-progress")!;
  const plan = await manualPlan(s.database.pool, definition, { date: "2026-10-15", now: new Date(NOW) });
  if ("skip" in plan) throw new Error(plan.skip);
  const { runId } = await enqueueRun(s.queues.runs, definition, plan);

  // Every delivery the worker is running is now stuck in a send: the middle of the fan-out.
  await s.proxy.waitForHeld(CONCURRENCY).catch((error: Error) => {
    throw new Error(`${error.message}\n${first.output()}`);
  });
  const frozen = s.proxy.exchanges.filter((e) => e.status === null).map((e) => e.chat!);
  first.child.kill("SIGKILL");
  expect((await first.exited).signal).toBe("SIGKILL");
  // The dead process's connections go with it; the platform never answers them.
  s.proxy.dropHeld();

  const second = spawnWorker(s.env);
  const result = await finished(s.queues, runId, 60_000).catch((error: Error) => {
    throw new Error(`${error.message}\n${second.output()}`);
  });
  return { frozen, result, second };
}

async function stopGracefully(worker: WorkerProcess): Promise<void> {
  worker.child.kill("SIGTERM");
  expect(await worker.exited).toEqual({ code: 0, signal: null });
}

function count(chats: (string | null)[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of chats) if (c) out.set(c, (out.get(c) ?? 0) + 1);
  return out;
}

// Each test spawns worker processes (tsx compiles them first) and kills one: minutes on a busy box.
describe("SIGKILL in the middle of a fan-out", { timeout: 90_000 }, () => {
  it("Slack, killed before the sends in flight reached Slack: every rep gets exactly one message", async () => {
    const s = await scenario("slack");
    const { frozen, result, second } = await killMidFanOut(s, "requests");
    expect(frozen).toHaveLength(CONCURRENCY);

    expect(result).toMatchObject({ recipients: 23, failed: 0 });
    expect(count(s.proxy.acceptedSends().map((e) => e.chat))).toEqual(
      new Map([...s.reps.values()].map((chat) => [chat, 1])),
    );
    const rows = await readDeliveries(
      s.database.pool,
      [...s.reps.keys()].map((id) => `daily-progress:e${id}:2026-10-15`),
    );
    expect(rows.map((r) => r.status)).toEqual(rows.map(() => "sent"));
    await stopGracefully(second);
  });

  it("Lark, killed after Lark accepted the sends in flight: the resends carry the same uuid, still exactly one each", async () => {
    const s = await scenario("lark");
    const { frozen, result, second } = await killMidFanOut(s, "responses");
    expect(frozen).toHaveLength(CONCURRENCY);

    expect(result).toMatchObject({ recipients: 23, failed: 0 });
    // The frozen ones were sent twice over the wire …
    const wire = count(s.proxy.acceptedSends().map((e) => e.chat));
    for (const chat of frozen) expect(wire.get(chat)).toBe(2);
    // … and Lark kept one message each.
    expect(count(s.lark!.messages.map((m) => m.receive_id ?? null))).toEqual(
      new Map([...s.reps.values()].map((chat) => [chat, 1])),
    );
    await stopGracefully(second);
  });

  it("Slack, killed after Slack accepted the sends in flight: exactly those are duplicated (the documented window), nobody else", async () => {
    const s = await scenario("slack");
    const { frozen, result, second } = await killMidFanOut(s, "responses");
    expect(frozen).toHaveLength(CONCURRENCY);

    expect(result).toMatchObject({ recipients: 23, failed: 0 });
    const expected = new Map([...s.reps.values()].map((chat) => [chat, frozen.includes(chat) ? 2 : 1]));
    expect(count(s.slack!.callsTo("chat.postMessage").map((c) => String(c.body.channel)))).toEqual(expected);
    // The deliveries table knows which ones were resent after an unknown outcome.
    const rows = await readDeliveries(
      s.database.pool,
      [...s.reps.keys()].map((id) => `daily-progress:e${id}:2026-10-15`),
    );
    const resent = rows.filter((r) => r.attempts > 1).map((r) => s.reps.get(r.employeeId!));
    expect(resent.sort()).toEqual([...frozen].sort());
    await stopGracefully(second);
  });
});
