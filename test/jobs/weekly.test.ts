// The weekly leaderboard: each manager gets the full board by DM; a team channel gets the privacy
// view — the top N names and scores, never the bottom rank (whatever N), or only the team goal.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.ts";
import type { PacerWorker } from "../../src/worker/main.ts";
import { leaderboardFor } from "../../src/services/leaderboard.ts";
import type { FakeSlack } from "../helpers/fake-slack.ts";
import { type JobHarness, startJobHarness } from "../helpers/job-harness.ts";
import { loadWorld, runByHand, slackIdOf } from "./helpers.ts";

// Monday 12 October 2026, 09:00 in Shanghai.
const MONDAY = "2026-10-12T09:00:00+08:00";

let harness: JobHarness;
let database: Database;
let slack: FakeSlack;
let worker: PacerWorker;
let result: Record<string, unknown> | null;

/** Everything the fake Slack was asked to post to `channel`, as one string. */
function postedTo(channel: string): string[] {
  return slack
    .callsTo("chat.postMessage")
    .filter((c) => c.body.channel === channel)
    .map((c) => JSON.stringify(c.body));
}

async function board(team: string) {
  const id = (await database.pool.query<{ id: number }>(`SELECT id FROM teams WHERE external_id = $1`, [team])).rows[0]!
    .id;
  return leaderboardFor(database.pool, id, new Date(MONDAY));
}

beforeAll(async () => {
  harness = await startJobHarness({ platform: "slack", seed: seedBoards });
  ({ database, worker } = harness);
  slack = harness.slack!;
  ({ result } = await runByHand(database.pool, worker.queues, "weekly-leaderboard", {
    date: "2026-10-12",
    now: new Date(MONDAY),
  }));
});

afterAll(async () => {
  await harness?.stop();
});

/** The world, with a leaderboard channel per team (T1-2's showing only the goal). */
async function seedBoards(world: Database): Promise<void> {
  await loadWorld(world.pool);
  await world.pool.query(
    `INSERT INTO settings (key, value) VALUES ('leaderboard.topN', '5'), ('leaderboard.channels', $1::jsonb)`,
    [
      JSON.stringify({
        "T1-0": { platform: "slack", channel: "CTEAM0", topN: 20 },
        "T1-1": { platform: "slack", channel: "CTEAM1" },
        "T1-2": { platform: "slack", channel: "CTEAM2", privacy: "goal_only" },
      }),
    ],
  );
}

describe("weekly leaderboard", () => {
  it("goes once to each manager (full board) and once to each configured channel", async () => {
    expect(result).toMatchObject({ week: "2026-W42", teams: 3, recipients: 6, sent: 6, failed: 0 });
    for (const [manager, team] of [
      ["M1-0", "T1-0"],
      ["M1-1", "T1-1"],
      ["M1-2", "T1-2"],
    ] as const) {
      const dm = postedTo(slackIdOf(manager));
      expect(dm).toHaveLength(1);
      for (const row of (await board(team)).rows) expect(dm[0]).toContain(row.name);
    }
    for (const channel of ["CTEAM0", "CTEAM1", "CTEAM2"]) expect(postedTo(channel)).toHaveLength(1);
  });

  it("shows a channel the top N and never the bottom rank", async () => {
    const t1 = await board("T1-1");
    const top = t1.rows.slice(0, 5);
    const rest = t1.rows.slice(5);
    expect(rest.length).toBeGreaterThan(0);
    const [message] = postedTo("CTEAM1");
    for (const row of top) expect(message).toContain(row.name);
    for (const row of rest) expect(message).not.toContain(row.name);
  });

  it("hides the bottom rank even when N covers the whole team", async () => {
    const t0 = await board("T1-0");
    const worst = Math.max(...t0.rows.map((r) => r.rank));
    const [message] = postedTo("CTEAM0");
    for (const row of t0.rows) {
      if (row.rank === worst) expect(message).not.toContain(row.name);
      else expect(message).toContain(row.name);
    }
  });

  it("in goal-only privacy names nobody, and tells people how to ask for their own rank", async () => {
    const [message] = postedTo("CTEAM2");
    for (const row of (await board("T1-2")).rows) expect(message).not.toContain(row.name);
    expect(message).toMatch(/Want your own rank|想知道自己的排名/);
  });
});
