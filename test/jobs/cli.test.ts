// `pacer jobs run` and `pacer jobs status`, with a worker running.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pacer } from "../helpers/cli.ts";
import type { FakeSlack } from "../helpers/fake-slack.ts";
import { type JobHarness, startJobHarness } from "../helpers/job-harness.ts";
import { NOW, REDIS_URL, testConfig, uniquePrefix } from "./helpers.ts";

let harness: JobHarness;
let slack: FakeSlack;
let env: Record<string, string>;

beforeAll(async () => {
  const prefix = uniquePrefix();
  harness = await startJobHarness({
    platform: "slack",
    worker: { config: testConfig({ PACER_QUEUE_PREFIX: prefix }) },
  });
  slack = harness.slack!;
  // The CLI finds Redis and the queues the way the worker does: from the environment.
  process.env.REDIS_URL = REDIS_URL;
  process.env.PACER_QUEUE_PREFIX = prefix;
  env = { DATABASE_URL: harness.fresh.url, PACER_NOW: NOW };
});

afterAll(async () => {
  await harness?.stop();
});

describe("pacer jobs", () => {
  it("run: queues the run, waits for it, prints what it did", async () => {
    const out = await pacer(["jobs", "run", "daily-progress", "--date", "2026-10-15"], env);
    expect(out.stderr).toBe("");
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^daily-progress\.2026-10-15\.all: queued\n/);
    expect(out.stdout).toMatch(/daily-progress\.2026-10-15\.all: done: \{.*"recipients":23.*"sent":23.*"failed":0/);
    expect(slack.callsTo("chat.postMessage")).toHaveLength(23);
  });

  it("run again: says it already ran, and sends nothing", async () => {
    const out = await pacer(["jobs", "run", "daily-progress", "--date", "2026-10-15"], env);
    expect(out.stdout).toMatch(/^daily-progress\.2026-10-15\.all: already ran: /);
    expect(slack.callsTo("chat.postMessage")).toHaveLength(23);
  });

  it("run on a holiday: no run", async () => {
    const out = await pacer(["jobs", "run", "daily-progress", "--date", "2026-10-01"], env);
    expect(out).toMatchObject({ code: 0, stdout: "no run: 2026-10-01 is not a working day (National Day)\n" });
  });

  it("run refuses unknown jobs and bad dates with a clear message", async () => {
    expect(await pacer(["jobs", "run", "nightly"], env)).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(
        /no job "nightly"; jobs: daily-progress, weekly-leaderboard, month-close, month-end/,
      ) as unknown,
    });
    expect(await pacer(["jobs", "run", "daily-progress", "--date", "2026-13-01"], env)).toMatchObject({
      code: 1,
      stderr: "error: --date must be YYYY-MM-DD, got 2026-13-01\n",
    });
  });

  it("run without --date: the business clock's local date, whatever the hour", async () => {
    // 03:00 in Shanghai on the 15th is still the 14th in UTC; 12:00 and 21:00 are the 15th in both.
    for (const at of ["2026-10-15T03:00:00+08:00", "2026-10-15T12:00:00+08:00", "2026-10-15T21:00:00+08:00"]) {
      const out = await pacer(["jobs", "run", "daily-progress"], { ...env, PACER_NOW: at });
      expect(out.stdout).toMatch(/^daily-progress\.2026-10-15\.all: already ran: /);
    }
  });
});

// `jobs status` takes "now" from the business clock (PACER_NOW), so what it shows, and in which
// order, follows from the clock given, never from the hour the tests happen to run at.
const TODAY_0900 = [
  "daily-progress@0900",
  "month-end@0900",
  "offer-nudges@0900",
  "receivables@0900",
  "weekly-leaderboard@0900",
];
const LATER_SLOTS = [
  "month-end-files@0905",
  "high-potential@0910",
  "hr-digest@0930",
  "month-targets@1000",
  "motivation-survey@1000",
  "rating-requests@1000",
  "stalled-nudges@1000",
  "offer-nudges@1100",
  "offer-nudges@1300",
  "stalled-nudges@1400",
  "offer-nudges@1500",
];
const EVENING_SLOTS = ["offer-nudges@1700", "stalled-nudges@1700", "offer-nudges@1900"];
const slotTime = (id: string) => `${id.slice(-4, -2)}:${id.slice(-2)}`;
const firings = (date: string, ids: string[]) => ids.map((id) => `${id} ${date} ${slotTime(id)}`);
const MONTH_CLOSE = "month-close@0200 2026-11-01 02:00";

describe.each([
  {
    clock: "03:00",
    first: /^schedules \(Asia\/Shanghai\):\n {2}daily-progress@0900 +0 9 \* \* \* +next 2026-10-15 09:00\n/,
    order: [...firings("2026-10-15", [...TODAY_0900, ...LATER_SLOTS, ...EVENING_SLOTS]), MONTH_CLOSE],
  },
  {
    clock: "12:00",
    first: /^schedules \(Asia\/Shanghai\):\n {2}offer-nudges@1300 +0 13 \* \* \* +next 2026-10-15 13:00\n/,
    order: [
      ...firings("2026-10-15", ["offer-nudges@1300", "stalled-nudges@1400", "offer-nudges@1500", ...EVENING_SLOTS]),
      ...firings("2026-10-16", [
        ...TODAY_0900,
        "month-end-files@0905",
        "high-potential@0910",
        "hr-digest@0930",
        "month-targets@1000",
        "motivation-survey@1000",
        "rating-requests@1000",
        "stalled-nudges@1000",
        "offer-nudges@1100",
      ]),
      MONTH_CLOSE,
    ],
  },
  {
    clock: "21:00",
    first: /^schedules \(Asia\/Shanghai\):\n {2}daily-progress@0900 +0 9 \* \* \* +next 2026-10-16 09:00\n/,
    order: [...firings("2026-10-16", [...TODAY_0900, ...LATER_SLOTS, ...EVENING_SLOTS]), MONTH_CLOSE],
  },
])("pacer jobs status at $clock on 15 October (Asia/Shanghai)", ({ clock, first, order }) => {
  it("status: schedules with their next local time, queues, the latest runs, today's deliveries", async () => {
    const out = await pacer(["jobs", "status"], { ...env, PACER_NOW: `2026-10-15T${clock}:00+08:00` });
    expect(out.code).toBe(0);
    const schedules = out.stdout.slice(0, out.stdout.indexOf("queues:")).split("\n").slice(1, -1);
    expect(schedules.map((line) => line.trim().replace(/ +\S+ \S+ \S+ \S+ \S+ +next /, " "))).toEqual(order);
    expect(out.stdout).toMatch(first);
    expect(out.stdout).toMatch(/ {2}month-close@0200 +0 2 1 \* \* +next \d{4}-\d{2}-01 02:00\n/);
    expect(out.stdout).toMatch(/ {2}deliver-slack +waiting 0 active 0 delayed 0 waiting-children 0 failed 0\n/);
    expect(out.stdout).toMatch(/ {2}daily-progress\.2026-10-15\.all +completed .*"sent":23/);
    expect(out.stdout).toMatch(/deliveries today:\n {2}daily-progress +sent +23\n/);
  });
});
