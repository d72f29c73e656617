// HR's scheduled messages through the real queue: offer nudges (T-48h, T-24h, overdue) to HR and
// the hiring manager, each once, none for an answered offer; the daily HR digest.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.ts";
import type { PacerWorker } from "../../src/worker/main.ts";
import { importScenario } from "../../src/scenario/import.ts";
import type { FakeSlack } from "../helpers/fake-slack.ts";
import { type JobHarness, startJobHarness } from "../helpers/job-harness.ts";
import {
  addLinkedPerson,
  freePort,
  loadWorld,
  NOW,
  postsByChannel,
  runByHand,
  slackIdOf,
  testConfig,
} from "./helpers.ts";

let harness: JobHarness;
let database: Database;
let slack: FakeSlack;
let worker: PacerWorker;

const now = new Date(NOW);
const hoursFromNow = (h: number) => new Date(now.getTime() + h * 3600_000).toISOString();

/** The generated-s1 world with an HR person, and offers of an opening in T1-0 due at different times. */
async function seed({ pool }: Database): Promise<void> {
  await loadWorld(pool);
  // An HR person, linked on Slack like everyone else.
  await addLinkedPerson(pool, "slack", {
    externalId: "HR-1",
    name: "Hua Rui",
    email: "hr@example.com",
    role: "hr",
  });
  const cand = (n: number) => ({
    externalId: `CA-${n}`,
    name: `Candidate ${n}`,
    resumeText: "freight forwarding sales",
  });
  const app = (n: number, stage: string) => ({
    externalId: `AP-${n}`,
    candidateExternalId: `CA-${n}`,
    openingExternalId: "J-1",
    stage,
    appliedAt: "2026-10-01T02:00:00Z",
  });
  const scenario = await pool.query(`SELECT name FROM organization`);
  await importScenario(pool, {
    organization: { name: scenario.rows[0].name, timezone: "Asia/Shanghai", currency: "CNY" },
    jobOpenings: [
      {
        externalId: "J-1",
        title: "Sales",
        teamExternalId: "T1-0",
        ownerExternalId: "M1-0",
        keywordProfile: { required: [], preferred: [] },
      },
    ],
    candidates: [cand(1), cand(2), cand(3), cand(4)],
    applications: [app(1, "offer"), app(2, "offer"), app(3, "offer"), app(4, "accepted")],
    offers: [
      // Deadline 40 h away: the T-48h nudge is due. 10 h away: T-24h. 5 h ago: overdue.
      { externalId: "OF-48", applicationExternalId: "AP-1", sentAt: hoursFromNow(-30), deadlineAt: hoursFromNow(40) },
      { externalId: "OF-24", applicationExternalId: "AP-2", sentAt: hoursFromNow(-60), deadlineAt: hoursFromNow(10) },
      { externalId: "OF-LATE", applicationExternalId: "AP-3", sentAt: hoursFromNow(-80), deadlineAt: hoursFromNow(-5) },
      {
        externalId: "OF-DONE",
        applicationExternalId: "AP-4",
        sentAt: hoursFromNow(-60),
        deadlineAt: hoursFromNow(10),
        status: "accepted",
        respondedAt: hoursFromNow(-2),
      },
    ],
  });
}

beforeAll(async () => {
  harness = await startJobHarness({ platform: "slack", seed, worker: false });
  database = harness.database;
  slack = harness.slack!;
});

afterAll(async () => {
  await harness?.stop();
});

beforeEach(async () => {
  worker = await harness.startWorker({ config: testConfig({ PACER_WORKER_METRICS_PORT: String(await freePort()) }) });
});

afterEach(async () => {
  await harness.stopWorker();
});

const posted = () => slack.callsTo("chat.postMessage");

describe("offer nudges", () => {
  it("sends each due nudge once to HR and the hiring manager; nothing for an answered offer; a second run adds nothing", async () => {
    const first = await runByHand(database.pool, worker.queues, "offer-nudges", { now });
    expect(first.result).toMatchObject({ nudges: 3, deliveries: 6 });
    await slack.waitFor(() => posted().length >= 6);
    const byChannel = postsByChannel(slack);
    expect(byChannel.get(slackIdOf("HR-1"))).toBe(3);
    expect(byChannel.get(slackIdOf("M1-0"))).toBe(3);
    const text = posted()
      .map((c) => JSON.stringify(c.body.blocks))
      .join("\n");
    expect(text).toContain("48");
    expect(text).toContain("24");
    expect(text).not.toContain("Candidate 4");

    const again = await runByHand(database.pool, worker.queues, "offer-nudges", {
      now: new Date(now.getTime() + 60_000),
    });
    expect(again.result).toMatchObject({ nudges: 3 });
    await new Promise((r) => setTimeout(r, 500));
    expect(posted()).toHaveLength(6);
    const rows = await database.pool.query(
      `SELECT count(*)::int AS n FROM deliveries WHERE kind = 'offer-nudge' AND status = 'sent'`,
    );
    expect(rows.rows[0].n).toBe(6);
  });

  it("HR's nudge carries the action buttons; the hiring manager's does not", async () => {
    const hrCard = posted().find((c) => c.body.channel === slackIdOf("HR-1"))!;
    const mgrCard = posted().find((c) => c.body.channel === slackIdOf("M1-0"))!;
    expect(JSON.stringify(hrCard.body.blocks)).toContain("offer_action");
    expect(JSON.stringify(mgrCard.body.blocks)).not.toContain("offer_action");
  });
});

describe("HR digest", () => {
  it("goes to HR once per working day", async () => {
    const before = postsByChannel(slack).get(slackIdOf("HR-1")) ?? 0;
    const run = await runByHand(database.pool, worker.queues, "hr-digest", { date: "2026-10-15", now });
    expect(run.result).toMatchObject({ digestRecipients: 1 });
    await slack.waitFor(() => (postsByChannel(slack).get(slackIdOf("HR-1")) ?? 0) > before);
    await runByHand(database.pool, worker.queues, "hr-digest", { date: "2026-10-15", now });
    await new Promise((r) => setTimeout(r, 300));
    expect(postsByChannel(slack).get(slackIdOf("HR-1"))).toBe(before + 1);
  });
});
