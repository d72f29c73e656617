// What the job tests share: a world (the generated-s1 fixture: 23 salespeople in 3 teams with
// managers, plus an admin), everyone linked to a fake Slack account, and workers on a queue prefix
// of their own (a fresh set of queues per test, as BullMQ's own tests do).
import type { PlatformName } from "../../src/platform.ts";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { Job } from "bullmq";
import type pg from "pg";
import { findJob } from "../../jobs/registry.ts";
import { loadEnv } from "../../src/config/env.ts";
import { loadWorkerConfig, type WorkerConfig } from "../../src/worker/config.ts";
import { enqueueRun, manualPlan } from "../../src/worker/trigger.ts";
import { startWorker, type PacerWorker, type StartWorkerOptions } from "../../src/worker/main.ts";
import type { Queues } from "../../src/worker/queues.ts";
import { importScenario } from "../../src/scenario/import.ts";
import type { FakeLark } from "../helpers/fake-lark.ts";
import type { FakeSlack } from "../helpers/fake-slack.ts";
import { readFixture } from "../helpers/fixtures.ts";
import { REDIS_URL } from "../helpers/server.ts";

export { REDIS_URL };

/** Thursday 15 October 2026, 09:00 in Shanghai: a working day inside the fixture's month. */
export const NOW = "2026-10-15T09:00:00+08:00";

export const uniquePrefix = (): string => `pacer-test-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;

export const slackIdOf = (externalId: string): string => `U${externalId.replace(/[^A-Za-z0-9]/g, "").toUpperCase()}`;
export const larkIdOf = (externalId: string): string => `ou_${externalId.replace(/[^A-Za-z0-9]/g, "").toLowerCase()}`;

/**
 * Imports the fixture, adds an admin, and links every employee (or those `link` accepts) to an
 * account on `platform`. Sends are allowed far faster than the platforms allow (`fast`), so the
 * tests spend no time waiting for rate-limit slots unless they mean to.
 */
export async function loadWorld(
  pool: pg.Pool,
  options: { link?: (externalId: string) => boolean; platform?: PlatformName; fast?: boolean } = {},
): Promise<void> {
  await importScenario(pool, readFixture("generated-s1.scenario.json"));
  await pool.query(
    `INSERT INTO employees (external_id, name, email, role) VALUES ('ADM-1', 'Admin One', 'admin@example.com', 'admin')`,
  );
  await linkAccounts(pool, options.platform ?? "slack", options.link);
  if (options.fast ?? true) await allowFastSends(pool);
}

/** Links every employee (or those `accept` takes) to the account slackIdOf/larkIdOf names on `platform`. */
export async function linkAccounts(
  pool: pg.Pool,
  platform: PlatformName,
  accept: (externalId: string) => boolean = () => true,
): Promise<void> {
  const employees = await pool.query<{ id: number; external_id: string }>(`SELECT id, external_id FROM employees`);
  for (const e of employees.rows)
    if (accept(e.external_id))
      await pool.query(
        `INSERT INTO chat_identities (platform, workspace_id, user_id, employee_id) VALUES ($1::"ChatPlatform", 'W0', $2, $3)`,
        [platform, platform === "slack" ? slackIdOf(e.external_id) : larkIdOf(e.external_id), e.id],
      );
}

/** The HR person some job tests add to the world. */
export const HR_PERSON = { externalId: "HR-1", name: "Hana HR", email: "hr@example.com", role: "hr" } as const;

/** Adds a person (e.g. HR) to the world, linked on `platform` like everyone else. */
export async function addLinkedPerson(
  pool: pg.Pool,
  platform: PlatformName,
  person: { externalId: string; name: string; email: string; role: string },
): Promise<void> {
  const added = await pool.query<{ id: number }>(
    `INSERT INTO employees (external_id, name, email, role) VALUES ($1, $2, $3, $4::"Role") RETURNING id`,
    [person.externalId, person.name, person.email, person.role],
  );
  await pool.query(
    `INSERT INTO chat_identities (platform, workspace_id, user_id, employee_id) VALUES ($1::"ChatPlatform", 'W0', $2, $3)`,
    [platform, platform === "slack" ? slackIdOf(person.externalId) : larkIdOf(person.externalId), added.rows[0]!.id],
  );
}

/** Allows sends far faster than the platforms do: a test waits for no rate-limit slot unless it means to. */
export async function allowFastSends(pool: pg.Pool): Promise<void> {
  await pool.query(`INSERT INTO settings (key, value) VALUES ('delivery.rateLimits', $1::jsonb)`, [
    JSON.stringify({
      slack: { workspacePerMinute: 60_000, perChannelPerSecond: 20 },
      lark: { appPerSecond: 1000, appPerMinute: 60_000, perChatPerSecond: 20 },
    }),
  ]);
}

export async function salespeople(pool: pg.Pool): Promise<{ id: number; externalId: string; status: string }[]> {
  const res = await pool.query(
    `SELECT id, external_id AS "externalId", status::text AS status FROM employees WHERE role = 'sales' ORDER BY external_id`,
  );
  return res.rows;
}

export function testConfig(overrides: Record<string, string> = {}): WorkerConfig {
  return loadWorkerConfig({
    PACER_QUEUE_PREFIX: uniquePrefix(),
    PACER_WORKER_METRICS_PORT: "0",
    PACER_DELIVERY_BACKOFF_MS: "50",
    PACER_WORKER_CONCURRENCY: "8",
    ...overrides,
  });
}

export function testEnv(databaseUrl: string, slack: FakeSlack | null, extra: Record<string, string> = {}) {
  return loadEnv({
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    LOG_LEVEL: "silent",
    PACER_NOW: NOW,
    ...(slack
      ? { SLACK_BOT_TOKEN: "xoxb-test", SLACK_SIGNING_SECRET: "test-secret", SLACK_API_URL: slack.apiUrl }
      : {}),
    ...extra,
  });
}

/** The environment of a Lark app served by `lark` (at `url`, e.g. a proxy in front of it). */
export function larkEnv(lark: FakeLark, url = lark.url): Record<string, string> {
  return { LARK_APP_ID: lark.appId, LARK_APP_SECRET: lark.appSecret, LARK_DOMAIN: url, LARK_MODE: "ws" };
}

export async function startTestWorker(
  databaseUrl: string,
  slack: FakeSlack | null,
  options: Partial<StartWorkerOptions> & { envExtra?: Record<string, string> } = {},
): Promise<PacerWorker> {
  const { envExtra, ...rest } = options;
  return startWorker({ env: testEnv(databaseUrl, slack, envExtra), config: testConfig(), ...rest });
}

/** Removes every key of the worker's queues from Redis. */
export async function dropQueues(queues: Queues): Promise<void> {
  for (const q of [queues.runs, queues.deliver.slack, queues.deliver.lark])
    await q.obliterate({ force: true }).catch(() => {});
}

/** `pacer jobs run <id>`, the way the CLI does it, then waits until the run is finished. */
export async function runByHand(
  pool: pg.Pool,
  queues: Queues,
  id: string,
  options: { date?: string; period?: string; now?: Date } = {},
): Promise<{ runId: string | null; created: boolean; result: Record<string, unknown> | null; skipped?: string }> {
  const definition = findJob(id)!;
  const plan = await manualPlan(pool, definition, { ...options, now: options.now ?? new Date(NOW) });
  if ("skip" in plan) return { runId: null, created: false, result: null, skipped: plan.skip };
  const { runId, created } = await enqueueRun(queues.runs, definition, plan);
  return { runId, created, result: await finished(queues, runId) };
}

export async function finished(queues: Queues, runId: string, timeoutMs = 60_000): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // The state first, then the job: a job read before it completed carries no return value yet.
    const state = await queues.runs.getJobState(runId);
    if (state === "completed" || state === "failed") {
      const job = (await Job.fromId(queues.runs, runId))!;
      if (state === "failed") throw new Error(`run ${runId} failed: ${job.failedReason}`);
      return job.returnvalue as Record<string, unknown>;
    }
    if (Date.now() > deadline) throw new Error(`run ${runId} still ${state} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Messages the fake Slack accepted, by channel (a DM is addressed by the user id). */
export function postsByChannel(slack: FakeSlack): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of slack.callsTo("chat.postMessage"))
    out.set(String(c.body.channel), (out.get(String(c.body.channel)) ?? 0) + 1);
  return out;
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
