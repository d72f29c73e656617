// Deliveries that cannot be made: retried with exponential backoff, then marked failed after the
// last attempt (or at once when the platform refuses for good) — and the admins are told once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Card } from "../../cards/model.ts";
import type { Database } from "../../src/db/client.ts";
import { PlatformError } from "../../src/events/errors.ts";
import type { PacerWorker } from "../../src/worker/main.ts";
import { readDelivery } from "../../src/store/deliveries.ts";
import type { ProactiveSender, Recipient } from "../../src/worker/proactive-sender.ts";
import { createSlackSender } from "../../src/slack/sender.ts";
import type { FakeSlack } from "../helpers/fake-slack.ts";
import { type JobHarness, startJobHarness } from "../helpers/job-harness.ts";
import { dropQueues, loadWorld, runByHand, slackIdOf, testConfig } from "./helpers.ts";

let harness: JobHarness;
let database: Database;
let slack: FakeSlack;
let worker: PacerWorker;
/** Send attempts per address, including the failed ones. */
const attempts = new Map<string, number>();

/** The real Slack sender, except that one rep's sends time out and one channel does not exist. */
function flakySender(real: ProactiveSender): ProactiveSender {
  return {
    platform: "slack",
    lookupByEmail: (email) => real.lookupByEmail(email),
    async send(to: Recipient, card: Card, locale, key) {
      attempts.set(to.address, (attempts.get(to.address) ?? 0) + 1);
      if (to.address === slackIdOf("E1-007"))
        throw new PlatformError("slack", "slack_webapi_request_error", true, "timeout");
      if (to.address === "CGONE") throw new PlatformError("slack", "channel_not_found", false, "channel_not_found");
      return real.send(to, card, locale, key);
    },
  };
}

beforeAll(async () => {
  harness = await startJobHarness({
    platform: "slack",
    seed: async ({ pool }) => {
      await loadWorld(pool);
      await pool.query(
        `INSERT INTO settings (key, value) VALUES ('leaderboard.channels', '{"T1-1": {"platform": "slack", "channel": "CGONE"}}')`,
      );
    },
    worker: false,
  });
  database = harness.database;
  slack = harness.slack!;
  worker = await harness.startWorker({
    config: testConfig({ PACER_DELIVERY_ATTEMPTS: "3", PACER_DELIVERY_BACKOFF_MS: "20" }),
    senders: { slack: flakySender(createSlackSender({ token: "xoxb-test", apiUrl: slack.apiUrl })) },
  });
});

afterAll(async () => {
  await harness?.stop();
});

const toAdmin = () => slack.callsTo("chat.postMessage").filter((c) => c.body.channel === slackIdOf("ADM-1"));

describe("a delivery that cannot be made", () => {
  it("is retried, then marked failed after the last attempt, and the admins hear about it once", async () => {
    const run = await runByHand(database.pool, worker.queues, "daily-progress", { date: "2026-10-15" });
    expect(run.result).toMatchObject({ recipients: 23, sent: 22, failed: 1, notices: 1 });
    expect(attempts.get(slackIdOf("E1-007"))).toBe(3);
    const id = (await database.pool.query(`SELECT id FROM employees WHERE external_id = 'E1-007'`)).rows[0].id;
    expect(await readDelivery(database.pool, `daily-progress:e${id}:2026-10-15`)).toMatchObject({
      status: "failed",
      attempts: 3,
      error: "gave up after 3 attempts: slack error slack_webapi_request_error: timeout",
    });
    expect(toAdmin()).toHaveLength(1);
    expect(JSON.stringify(toAdmin()[0]!.body)).toContain("E1-007");
    // A second run tries nobody again and tells the admins nothing new.
    await dropQueues(worker.queues);
    const again = await runByHand(database.pool, worker.queues, "daily-progress", { date: "2026-10-15" });
    expect(again.result).toMatchObject({ sent: 0, failed: 0, doneBefore: 23 });
    expect(attempts.get(slackIdOf("E1-007"))).toBe(3);
    expect(toAdmin()).toHaveLength(1);
  });

  it("fails at once when the platform refuses for good (a channel that does not exist)", async () => {
    const run = await runByHand(database.pool, worker.queues, "weekly-leaderboard", {
      date: "2026-10-12",
      now: new Date("2026-10-12T09:00:00+08:00"),
    });
    expect(run.result).toMatchObject({ recipients: 4, sent: 3, failed: 1, notices: 1 });
    expect(attempts.get("CGONE")).toBe(1);
    expect(JSON.stringify(toAdmin()[1]!.body)).toContain("channel_not_found");
  });
});
