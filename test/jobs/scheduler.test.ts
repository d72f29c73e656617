// Schedules: registered with BullMQ Job Schedulers in the organization's time zone, idempotently at
// every start; starting sends nothing. Triggers: holidays, the week's first working day, the
// month's, and the catch-up rule (a missed firing runs until 12:00 local that day, never later).
import type { Job } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { desiredSchedules, syncSchedules } from "../../src/worker/register-schedules.ts";
import { openDatabase, type Database } from "../../src/db/client.ts";
import { localInstant } from "../../src/worker/schedule-time.ts";
import { loadWorkerConfig } from "../../src/worker/config.ts";
import { createQueues, type Queues } from "../../src/worker/queues.ts";
import { handleTrigger, type TriggerResult } from "../../src/worker/trigger.ts";
import { createLogger } from "../../src/log.ts";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";
import { FakeSlack } from "../helpers/fake-slack.ts";
import { dropQueues, loadWorld, REDIS_URL, startTestWorker, uniquePrefix } from "./helpers.ts";

const TZ = "Asia/Shanghai";
let fresh: FreshDatabase;
let database: Database;
let connection: Redis;
let queues: Queues;

beforeAll(async () => {
  fresh = await freshDatabase();
  database = openDatabase(fresh.url, { max: 4 });
  await loadWorld(database.pool);
  connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  queues = createQueues(connection, loadWorkerConfig({ PACER_QUEUE_PREFIX: uniquePrefix() }));
});

afterAll(async () => {
  await dropQueues(queues);
  await queues.close();
  connection.disconnect();
  await database.close();
  await fresh.drop();
});

/** The next instant after now when it is `time` in Shanghai (for the schedulers' next firing). */
function nextLocal(time: string, dayOfMonth?: number): number {
  const now = Date.now();
  for (let d = 0; d < 62; d++) {
    const date = new Date(now + d * 86_400_000).toLocaleDateString("en-CA", { timeZone: TZ });
    if (dayOfMonth !== undefined && Number(date.slice(8)) !== dayOfMonth) continue;
    const at = localInstant(date, time, TZ).getTime();
    if (at > now) return at;
  }
  throw new Error("no next firing");
}

describe("registering the schedules", () => {
  it("makes one Job Scheduler per job and local time, in the organization's time zone", async () => {
    await database.pool.query(
      `INSERT INTO settings (key, value) VALUES ('schedule.daily', '{"time": "09:00", "teams": {"T1-2": "08:30"}}')`,
    );
    const result = await syncSchedules(queues.runs, database.pool);
    expect(result.upserted.sort()).toEqual([
      "daily-progress@0830",
      "daily-progress@0900",
      "high-potential@0910",
      "hr-digest@0930",
      "month-close@0200",
      "month-end-files@0905",
      "month-end@0900",
      "month-targets@1000",
      "motivation-survey@1000",
      "offer-nudges@0900",
      "offer-nudges@1100",
      "offer-nudges@1300",
      "offer-nudges@1500",
      "offer-nudges@1700",
      "offer-nudges@1900",
      "rating-requests@1000",
      "receivables@0900",
      "stalled-nudges@1000",
      "stalled-nudges@1400",
      "stalled-nudges@1700",
      "weekly-leaderboard@0900",
    ]);

    const schedulers = Object.fromEntries((await queues.runs.getJobSchedulers(0, -1, true)).map((s) => [s.key, s]));
    expect(schedulers["daily-progress@0830"]).toMatchObject({
      pattern: "30 8 * * *",
      tz: TZ,
      name: "trigger",
      template: { data: { job: "daily-progress", slot: "08:30" } },
    });
    expect(schedulers["month-close@0200"]).toMatchObject({ pattern: "0 2 1 * *", tz: TZ });
    // The next firing is the next real 09:00 in Shanghai — not the server's zone, not now.
    expect(schedulers["daily-progress@0900"]!.next).toBe(nextLocal("09:00"));
    expect(schedulers["month-close@0200"]!.next).toBe(nextLocal("02:00", 1));
  });

  it("is idempotent: registering again changes nothing, and a changed setting moves only its schedule", async () => {
    const jobsBefore = (await queues.runs.getJobs(["delayed"])).map((j) => j.id).sort();
    expect(await syncSchedules(queues.runs, database.pool)).toEqual({
      upserted: [],
      removed: [],
      unchanged: expect.arrayContaining(["daily-progress@0900"]) as unknown,
    });
    expect((await queues.runs.getJobs(["delayed"])).map((j) => j.id).sort()).toEqual(jobsBefore);

    await database.pool.query(`UPDATE settings SET value = '{"time": "09:00"}' WHERE key = 'schedule.daily'`);
    await database.pool.query(`INSERT INTO settings (key, value) VALUES ('schedule.weekly', '{"time": "10:00"}')`);
    const result = await syncSchedules(queues.runs, database.pool);
    expect(result).toMatchObject({
      upserted: ["weekly-leaderboard@1000"],
      removed: expect.arrayContaining(["daily-progress@0830", "weekly-leaderboard@0900"]) as unknown,
    });
    expect((await queues.runs.getJobSchedulers(0, -1)).map((s) => s.key).sort()).toEqual([
      "daily-progress@0900",
      "high-potential@0910",
      "hr-digest@0930",
      "month-close@0200",
      "month-end-files@0905",
      "month-end@0900",
      "month-targets@1000",
      "motivation-survey@1000",
      "offer-nudges@0900",
      "offer-nudges@1100",
      "offer-nudges@1300",
      "offer-nudges@1500",
      "offer-nudges@1700",
      "offer-nudges@1900",
      "rating-requests@1000",
      "receivables@0900",
      "stalled-nudges@1000",
      "stalled-nudges@1400",
      "stalled-nudges@1700",
      "weekly-leaderboard@1000",
    ]);
    await database.pool.query(`DELETE FROM settings WHERE key LIKE 'schedule.%'`);
  });

  it("follows the organization's time zone", async () => {
    await database.pool.query(`UPDATE organization SET timezone = 'Europe/Berlin'`);
    try {
      expect((await desiredSchedules(database.pool)).every((s) => s.tz === "Europe/Berlin")).toBe(true);
    } finally {
      await database.pool.query(`UPDATE organization SET timezone = $1`, [TZ]);
    }
  });

  it("starting a worker sends nothing: its schedules wait for their next real time", async () => {
    const slack = await new FakeSlack().start();
    const worker = await startTestWorker(fresh.url, slack);
    try {
      const counts = await worker.queues.runs.getJobCounts("waiting", "active", "delayed", "completed");
      // daily, weekly, month close, month end, the month-end files, the HR digest, six offer-nudge times,
      // receivables, three stalled-nudge times, next month's targets, the rating requests, the
      // high-potential notices and the motivation survey
      expect(counts).toEqual({ waiting: 0, active: 0, delayed: 20, completed: 0 });
      for (const job of await worker.queues.runs.getJobs(["delayed"]))
        expect(job.timestamp + job.delay).toBeGreaterThan(Date.now());
      expect(slack.calls).toEqual([]);
    } finally {
      await dropQueues(worker.queues);
      await worker.close();
      await slack.stop();
    }
  });
});

/** What a worker does with a schedule's firing at `fireAt` local (date and time), processed at `processedAt`. */
async function fire(
  job: string,
  date: string,
  time: string,
  processedAt = `${date}T${time}:05`,
): Promise<TriggerResult> {
  const fireAt = localInstant(date, time, TZ).getTime();
  const trigger = {
    id: `repeat:${job}@${time.replace(":", "")}:${fireAt}`,
    data: { job, slot: time },
    timestamp: fireAt,
    delay: 0,
  } as unknown as Job;
  const realNow =
    localInstant(processedAt.slice(0, 10), processedAt.slice(11, 16), TZ).getTime() +
    Number(processedAt.slice(17) || 0) * 1000;
  return handleTrigger(
    {
      pool: database.pool,
      runs: queues.runs,
      log: createLogger("silent"),
      now: () => new Date(realNow),
      businessClockFixed: false,
      realNow: () => realNow,
    },
    trigger,
  );
}

describe("a schedule's firing", () => {
  it("starts no daily run on a holiday or a weekend, and one on an adjusted working Saturday", async () => {
    expect(await fire("daily-progress", "2026-10-01", "09:00")).toEqual({
      skipped: "2026-10-01 is not a working day (National Day)",
    });
    expect(await fire("daily-progress", "2026-10-17", "09:00")).toMatchObject({
      skipped: expect.stringMatching(/2026-10-17 is not a working day/) as unknown,
    });
    // Saturday 10 October 2026 is a working day in China (调休).
    expect(await fire("daily-progress", "2026-10-10", "09:00")).toEqual({
      runId: "daily-progress.2026-10-10.0900",
      created: true,
    });
    expect(await queues.runs.getJob("daily-progress.2026-10-01.0900")).toBeUndefined();
  });

  it("fires the same run once however many times it fires", async () => {
    expect(await fire("daily-progress", "2026-10-10", "09:00", "2026-10-10T09:00:07")).toEqual({
      runId: "daily-progress.2026-10-10.0900",
      created: false,
    });
  });

  it("sends the weekly leaderboard on Monday, or on the next working day when Monday is a holiday", async () => {
    expect(await fire("weekly-leaderboard", "2026-10-12", "09:00")).toEqual({
      runId: "weekly-leaderboard.2026-W42.0900",
      created: true,
    });
    expect(await fire("weekly-leaderboard", "2026-10-13", "09:00")).toMatchObject({
      skipped: expect.stringMatching(/not the first working day/) as unknown,
    });
    // National Day week: Monday 5 to Wednesday 7 October are holidays; Thursday the 8th is the first working day.
    for (const day of ["2026-10-05", "2026-10-06", "2026-10-07"])
      expect(await fire("weekly-leaderboard", day, "09:00")).toHaveProperty("skipped");
    expect(await fire("weekly-leaderboard", "2026-10-08", "09:00")).toEqual({
      runId: "weekly-leaderboard.2026-W41.0900",
      created: true,
    });
  });

  it("sends the month-end cards on the month's first working day", async () => {
    // 1 November 2026 is a Sunday.
    expect(await fire("month-end", "2026-11-01", "09:00")).toHaveProperty("skipped");
    expect(await fire("month-end", "2026-11-02", "09:00")).toEqual({ runId: "month-end.2026-10", created: true });
  });

  it("catches up a firing missed while down until 12:00 local that day, never later", async () => {
    expect(await fire("daily-progress", "2026-10-14", "09:00", "2026-10-14T11:59:00")).toEqual({
      runId: "daily-progress.2026-10-14.0900",
      created: true,
    });
    expect(await fire("daily-progress", "2026-10-13", "09:00", "2026-10-13T12:00:01")).toMatchObject({
      skipped: expect.stringMatching(/too late to catch up/) as unknown,
    });
    expect(await fire("daily-progress", "2026-10-12", "09:00", "2026-10-13T09:30:00")).toHaveProperty("skipped");
    // The month close sends nothing: it is run whenever the worker is back, for the month it was meant for.
    expect(await fire("month-close", "2026-11-01", "02:00", "2026-12-03T10:00:00")).toEqual({
      runId: "month-close.2026-10",
      created: true,
    });
  });
});
