// `npm run bench:fanout [-- --recipients 5000 --platforms lark,slack --slack-rate 600 --workers 1 --concurrency 16 --keep]`
//
// The daily progress fan-out to 5,000 salespeople, end to end: a scratch database loaded with the
// demo world (the real progress cards are computed for each person), the real worker (BullMQ on
// the real Redis, the real Slack Web API / Lark SDK clients), and the fake platforms behind a proxy
// that enforces each platform's published limits and answers 429 like the platform when they are
// broken:
//   Lark:  50 messages/s and 1,000/min per app, 5/s per chat
//   Slack: a workspace rate (--slack-rate, per minute; default 600) and 1/s per channel
// Pacer is configured with the same limits (settings `delivery.rateLimits`). For each platform it
// prints the total time from the run's start to its last delivery, the floor the binding limit
// implies (recipients ÷ rate), their ratio (goal ≤ 1.2), the 429s the platform answered, and the
// duplicates (messages beyond one per person; goal 0) and people missed (goal 0).
import { parseArgs } from "node:util";
import { Job } from "bullmq";
import { findJob } from "../jobs/registry.ts";
import { openDatabase } from "../src/db/client.ts";
import { loadEnv } from "../src/config/env.ts";
import { loadWorkerConfig } from "../src/worker/config.ts";
import { enqueueRun, manualPlan } from "../src/worker/trigger.ts";
import { startWorker, type PacerWorker } from "../src/worker/main.ts";
import { createLogger } from "../src/log.ts";
import type { PlatformName } from "../src/platform.ts";
import { FakeLark } from "../test/helpers/fake-lark.ts";
import { FakeSlack } from "../test/helpers/fake-slack.ts";
import { PlatformProxy, type SlidingLimit } from "../test/jobs/platform-proxy.ts";
import { fmt, loadWorld, printHeader, scratchDatabase } from "./lib.ts";

const { values } = parseArgs({
  options: {
    recipients: { type: "string", default: "5000" },
    platforms: { type: "string", default: "lark,slack" },
    "slack-rate": { type: "string", default: "600" },
    "lark-per-second": { type: "string", default: "50" },
    "lark-per-minute": { type: "string", default: "1000" },
    workers: { type: "string", default: "1" },
    concurrency: { type: "string", default: "16" },
    keep: { type: "boolean", default: false },
  },
});
const RECIPIENTS = Number(values.recipients);
const SLACK_RATE = Number(values["slack-rate"]);
const LARK_PER_SECOND = Number(values["lark-per-second"]);
const LARK_PER_MINUTE = Number(values["lark-per-minute"]);
const WORKERS = Number(values.workers);
const PLATFORMS = values.platforms.split(",").map((p) => p.trim()) as PlatformName[];
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
// A Thursday in the demo world's month (a working day in China's calendar).
const NOW = new Date("2026-10-15T09:00:00+08:00");

await printHeader(
  "fan-out benchmark (npm run bench:fanout)",
  [
    "src/worker",
    "src/store/deliveries.ts",
    "src/store/jobs.ts",
    "jobs",
    "bench/fanout.ts",
    "test/jobs/platform-proxy.ts",
  ],
  [
    `world:    demo world, ${fmt(RECIPIENTS)} active salespeople get the daily message; ${WORKERS} worker(s) × concurrency ${values.concurrency}`,
    `limits:   Lark ${LARK_PER_SECOND}/s and ${LARK_PER_MINUTE}/min per app, 5/s per chat; Slack ${SLACK_RATE}/min per workspace, 1/s per channel`,
  ],
);

const scratch = await scratchDatabase("fanout");
const database = openDatabase(scratch.url, { max: 4 });
try {
  // About 1 in 12 demo reps has left or is on leave: load enough to have RECIPIENTS active ones.
  const t0 = performance.now();
  await loadWorld(scratch.url, { reps: Math.ceil(RECIPIENTS * 1.15) + 20, months: 1, seed: "fanout", now: NOW });
  const active = await database.pool.query<{ id: number }>(
    `SELECT id FROM employees WHERE role = 'sales' AND status = 'active' AND plan_id IS NOT NULL ORDER BY id`,
  );
  if (active.rows.length < RECIPIENTS)
    throw new Error(`only ${active.rows.length} active salespeople in the demo world`);
  const chosen = active.rows.slice(0, RECIPIENTS).map((r) => r.id);
  // Everyone else is muted, so the run has exactly RECIPIENTS recipients.
  await database.pool.query(`UPDATE employees SET daily_muted = NOT (id = ANY($1::int[]))`, [chosen]);
  console.log(
    `setup:    demo world loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s; ${fmt(chosen.length)} recipients\n`,
  );

  const rows: string[] = [];
  for (const platform of PLATFORMS) rows.push(await bench(platform, chosen));
  console.log(["", "platform  recipients  total      floor      ratio  429s  duplicates  missed", ...rows].join("\n"));
} finally {
  await database.close();
  if (!values.keep) await scratch.drop();
  else console.log(`kept database ${scratch.url}`);
}

async function bench(platform: PlatformName, people: number[]): Promise<string> {
  const addressOf = (id: number) =>
    platform === "slack" ? `U${String(id).padStart(8, "0")}` : `ou_${String(id).padStart(12, "0")}`;
  await database.pool.query(`DELETE FROM chat_identities; DELETE FROM deliveries`);
  await database.pool.query(
    `INSERT INTO chat_identities (platform, workspace_id, user_id, employee_id) SELECT $1::"ChatPlatform", 'W0', x.address, x.id FROM unnest($2::int[], $3::text[]) AS x(id, address)`,
    [platform, people, people.map(addressOf)],
  );
  await database.pool.query(
    `INSERT INTO settings (key, value) VALUES ('delivery.rateLimits', $1::jsonb) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
    [
      JSON.stringify({
        slack: { workspacePerMinute: SLACK_RATE, perChannelPerSecond: 1 },
        lark: { appPerSecond: LARK_PER_SECOND, appPerMinute: LARK_PER_MINUTE, perChatPerSecond: 5 },
      }),
    ],
  );

  const limits: SlidingLimit[] =
    platform === "slack"
      ? [
          { scope: "app", limit: SLACK_RATE, windowMs: 60_000 },
          { scope: "chat", limit: 1, windowMs: 1000 },
        ]
      : [
          { scope: "app", limit: LARK_PER_SECOND, windowMs: 1000 },
          { scope: "app", limit: LARK_PER_MINUTE, windowMs: 60_000 },
          { scope: "chat", limit: 5, windowMs: 1000 },
        ];
  const slack = platform === "slack" ? await new FakeSlack().start() : null;
  const lark = platform === "lark" ? await new FakeLark().start() : null;
  const proxy = await new PlatformProxy(platform, (slack ?? lark)!.url, limits).start();
  const platformEnv =
    platform === "slack"
      ? { SLACK_BOT_TOKEN: "xoxb-bench", SLACK_SIGNING_SECRET: "bench", SLACK_API_URL: `${proxy.url}/api/` }
      : { LARK_APP_ID: lark!.appId, LARK_APP_SECRET: lark!.appSecret, LARK_DOMAIN: proxy.url, LARK_MODE: "ws" };
  const env = loadEnv({
    DATABASE_URL: scratch.url,
    REDIS_URL,
    LOG_LEVEL: "warn",
    PACER_NOW: NOW.toISOString(),
    ...platformEnv,
  });
  const config = loadWorkerConfig({
    PACER_QUEUE_PREFIX: `pacer-bench-${Date.now().toString(36)}`,
    PACER_WORKER_CONCURRENCY: values.concurrency,
    PACER_WORKER_METRICS_PORT: "0",
  });
  const workers: PacerWorker[] = [];
  for (let i = 0; i < WORKERS; i++) workers.push(await startWorker({ env, config, log: createLogger("warn") }));
  const queues = workers[0]!.queues;
  try {
    const definition = findJob("daily-progress")!;
    const plan = await manualPlan(database.pool, definition, { date: "2026-10-15", now: NOW });
    if ("skip" in plan) throw new Error(plan.skip);
    const started = performance.now();
    const { runId } = await enqueueRun(queues.runs, definition, plan);
    let result: Record<string, unknown>;
    for (;;) {
      const job = await Job.fromId(queues.runs, runId);
      const state = job ? await job.getState() : "missing";
      if (state === "completed") {
        result = job!.returnvalue as Record<string, unknown>;
        break;
      }
      if (state === "failed") throw new Error(`run failed: ${job!.failedReason}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const seconds = (performance.now() - started) / 1000;
    const rate = platform === "slack" ? SLACK_RATE / 60 : Math.min(LARK_PER_SECOND, LARK_PER_MINUTE / 60);
    const floor = people.length / rate;

    // What the platform holds: one message per person is the goal.
    const delivered = new Map<string, number>();
    const chats =
      platform === "slack" ? proxy.acceptedSends().map((e) => e.chat!) : lark!.messages.map((m) => m.receive_id!);
    for (const chat of chats) delivered.set(chat, (delivered.get(chat) ?? 0) + 1);
    const duplicates = [...delivered.values()].reduce((n, c) => n + c - 1, 0);
    const missed = people.filter((id) => !delivered.has(addressOf(id))).length;
    console.log(
      `${platform}: ${JSON.stringify(result)}${proxy.rejected ? `; 429s by limit: ${JSON.stringify(Object.fromEntries(proxy.rejectedBy))}` : ""}`,
    );
    return [
      platform.padEnd(8),
      fmt(people.length).padStart(10),
      `${seconds.toFixed(1)} s`.padStart(9),
      `${floor.toFixed(1)} s`.padStart(10),
      (seconds / floor).toFixed(3).padStart(7),
      String(proxy.rejected).padStart(5),
      String(duplicates).padStart(11),
      String(missed).padStart(7),
    ].join("  ");
  } finally {
    for (const q of [queues.runs, queues.deliver.slack, queues.deliver.lark])
      await q.obliterate({ force: true }).catch(() => {});
    for (const w of workers) await w.close();
    await proxy.stop();
    await (slack ?? lark)!.stop();
  }
}
