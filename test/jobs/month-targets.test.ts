// Next month's targets, through the worker on Slack: on the last working day of the month each
// team's manager gets the targets card of their team (the one "设目标" shows in chat); nobody else
// gets anything; any other day it does not run.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findJob } from "../../jobs/registry.ts";
import type { Database } from "../../src/db/client.ts";
import type { PacerWorker } from "../../src/worker/main.ts";
import { planRun } from "../../src/worker/trigger.ts";
import type { FakeSlack } from "../helpers/fake-slack.ts";
import { type JobHarness, startJobHarness } from "../helpers/job-harness.ts";
import { runByHand, slackIdOf } from "./helpers.ts";

const JOB = findJob("month-targets")!;
let harness: JobHarness;
let database: Database;
let slack: FakeSlack;
let worker: PacerWorker;

beforeAll(async () => {
  harness = await startJobHarness({ platform: "slack" });
  ({ database, worker } = harness);
  slack = harness.slack!;
});

afterAll(async () => {
  await harness?.stop();
});

const plan = (date: string) =>
  planRun(database.pool, JOB, { date, slot: "10:00", asOf: new Date(`${date}T10:00:00+08:00`), manual: false });

describe("month-targets", () => {
  it("runs once a month, on its last working day, for the month after", async () => {
    const planned: string[] = [];
    for (let day = 1; day <= 31; day++) {
      const date = `2026-10-${String(day).padStart(2, "0")}`;
      if ("runId" in (await plan(date))) planned.push(date);
    }
    expect(planned).toHaveLength(1);
    const last = planned[0]!;
    expect(await plan(last)).toMatchObject({ runId: "month-targets.2026-11.1000", payload: { period: "2026-11" } });
    expect(await plan("2026-10-15")).toMatchObject({ skip: expect.stringContaining("last working day") });
  });

  it("sends each team's manager their team's card for next month, and no one else anything", async () => {
    const managers = (
      await database.pool.query<{ external_id: string; team: string }>(
        `SELECT m.external_id, t.name AS team FROM teams t JOIN employees m ON m.id = t.manager_id ORDER BY t.id`,
      )
    ).rows;
    expect(managers.length).toBeGreaterThan(0);
    const run = await runByHand(database.pool, worker.queues, "month-targets", {
      date: "2026-10-30",
      now: new Date("2026-10-30T10:00:00+08:00"),
    });
    expect(run.result).toMatchObject({ period: "2026-11", teams: managers.length });
    const posts = slack.callsTo("chat.postMessage");
    const channels = new Set(posts.map((c) => String(c.body.channel)));
    expect(channels).toEqual(new Set(managers.map((m) => slackIdOf(m.external_id))));
    for (const m of managers) {
      const card = posts.find((c) => c.body.channel === slackIdOf(m.external_id))!;
      const blocks = JSON.stringify(card.body.blocks);
      expect(blocks).toContain(`2026年11月目标 · ${m.team}`);
      expect(blocks).toContain("全部接受");
    }
  });
});
