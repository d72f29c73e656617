// The quarterly motivation survey and the employee profile on Slack and Lark, through the worker,
// the real service and the real SDKs against the fake platforms: each active salesperson gets the
// one-question card once a quarter; their press is stored (a second press replaces it); the
// profile then shows the answer to their manager — on Slack with the trend as a picture in the
// manager's DM, on Lark as the card's own charts — and is refused to another team's manager and to
// another rep. The generated-s1 world with August to October closed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findJob } from "../../jobs/registry.ts";
import type { PlatformName } from "../../src/platform.ts";
import { closeMonth } from "../../src/services/month-close.ts";
import { enqueueRun, planRun } from "../../src/worker/trigger.ts";
import { type JobHarness, schedulePlanner, startJobHarness } from "../helpers/job-harness.ts";
import { dropQueues, finished, loadWorld, salespeople, slackIdOf } from "./helpers.ts";

// Thursday 8 October 2026: the first working day of the fourth quarter (1–7 October are the
// National Day holidays).
const OCTOBER_8 = "2026-10-08T10:00:00+08:00";
const JOB = findJob("motivation-survey")!;
const REP = "E1-006"; // 王伟伟, team T1-0 (manager M1-0); top of the team on repurchase rate Aug–Oct
const TEAMMATE = "郭明超"; // E1-001, also T1-0
const OTHER_MANAGER = "M1-1";

const world = (platform: PlatformName): Promise<JobHarness> =>
  startJobHarness({
    platform,
    seed: async (database) => {
      await loadWorld(database.pool, { platform });
      for (const period of ["2026-08", "2026-09", "2026-10"]) await closeMonth(database.pool, period);
    },
    worker: { now: OCTOBER_8 },
    service: { now: "2026-11-16T10:00:00+08:00", actionId: "motive_1" },
  });

/** The motivation intents of the buttons in a sent message (Slack: button values; Lark: callback values). */
function surveyIntents(message: string): { kind: string; quarter: string; answer: string }[] {
  const found: { kind: string; quarter: string; answer: string }[] = [];
  const walk = (node: unknown): void => {
    if (typeof node === "string") {
      if (node.includes('"motivation"'))
        try {
          walk(JSON.parse(node) as unknown);
        } catch {
          // a label, not a value
        }
    } else if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      if ((node as { kind?: string }).kind === "motivation") found.push(node as (typeof found)[number]);
      else Object.values(node).forEach(walk);
    }
  };
  walk(JSON.parse(message));
  return found;
}

describe("the survey's schedule", () => {
  const plan = schedulePlanner(JOB, "10:00");

  it("runs on the first working day of a quarter only, once per quarter", async () => {
    expect(await plan("2026-10-08")).toEqual({ runId: "motivation-survey.2026-Q4", payload: { quarter: "2026-Q4" } });
    expect(await plan("2026-10-01")).toMatchObject({ skip: expect.any(String) }); // a holiday
    expect(await plan("2026-10-09")).toMatchObject({ skip: expect.any(String) });
    expect(await plan("2026-11-02")).toMatchObject({ skip: expect.any(String) }); // first working day, not of a quarter
    expect(await plan("2026-07-01")).toMatchObject({ runId: "motivation-survey.2026-Q3" });
  });
});

for (const platform of ["slack", "lark"] as const)
  describe(`survey and profile on ${platform}`, () => {
    let w: JobHarness;
    let run: Record<string, unknown>;

    beforeAll(async () => {
      w = await world(platform);
      const plan = await planRun(w.database.pool, JOB, {
        date: "2026-10-08",
        slot: "10:00",
        asOf: new Date(OCTOBER_8),
        manual: false,
      });
      if ("skip" in plan) throw new Error(plan.skip);
      run = await finished(w.worker.queues, (await enqueueRun(w.worker.queues.runs, JOB, plan)).runId);
    }, 120_000);
    afterAll(() => w?.stop());

    it("sends every active salesperson the one question with four answers, once", async () => {
      const reps = (await salespeople(w.database.pool)).filter((p) => p.status === "active");
      expect(run).toMatchObject({ quarter: "2026-Q4", recipients: reps.length, sent: reps.length, failed: 0 });
      for (const rep of reps) {
        const sent = w.sentTo(rep.externalId);
        expect(sent).toHaveLength(1);
        expect(sent[0]).toContain("什么最能激励你");
        expect(surveyIntents(sent[0]!).map((i) => `${i.quarter}:${i.answer}`)).toEqual([
          "2026-Q4:bonus",
          "2026-Q4:promotion",
          "2026-Q4:training",
          "2026-Q4:flexibility",
        ]);
      }
      expect(w.sentTo("M1-0")).toHaveLength(0); // managers are not asked
      await dropQueues(w.worker.queues);
      const plan = await planRun(w.database.pool, JOB, {
        date: "2026-10-08",
        slot: "10:00",
        asOf: new Date(OCTOBER_8),
        manual: false,
      });
      if ("skip" in plan) throw new Error(plan.skip);
      const again = await finished(w.worker.queues, (await enqueueRun(w.worker.queues.runs, JOB, plan)).runId);
      expect(again).toMatchObject({ sent: 0, doneBefore: reps.length });
    });

    it("stores the press privately; a second press replaces it, and the card says what was recorded", async () => {
      const [, promotion, training] = surveyIntents(w.sentTo(REP)[0]!);
      expect(await w.press(REP, promotion, "1700000100.000100")).toContain("晋升");
      const card = await w.press(REP, training, "1700000200.000200");
      expect(card).toContain("培训");
      const rows = await w.database.pool.query(
        `SELECT m.quarter, m.answer FROM motivation_answers m JOIN employees e ON e.id = m.employee_id WHERE e.external_id = $1`,
        [REP],
      );
      expect(rows.rows).toEqual([{ quarter: "2026-Q4", answer: "training" }]);
    });

    it("the manager asks for the rep's profile: the trend, the flag and the answer", async () => {
      const card = await w.say("M1-0", "profile 王伟伟");
      expect(card).toContain("王伟伟 · 员工画像");
      expect(card).toContain("高潜力");
      expect(card).toContain("培训（2026-Q4）");
      if (w.slack) {
        // Block Kit draws no charts: the picture goes to the manager's DM, and only there.
        const files = await w.slack.waitFor(() => {
          const shared = w.slack!.sharedIn(`D${slackIdOf("M1-0")}`);
          return shared.length ? shared : undefined;
        }, 30_000);
        expect(files.map((f) => f.filename)).toEqual([`pacer-profile-${REP}.png`]);
        expect(files[0]!.data!.subarray(1, 4).toString("latin1")).toBe("PNG");
        expect(w.slack.shares).toHaveLength(1);
      } else {
        // Lark's card draws the trend itself; no file goes with it.
        expect(card).toContain('"tag":"chart"');
        expect(w.lark!.files.size).toBe(0);
      }
    });

    it("another team's manager and another rep are refused, and get no picture", async () => {
      for (const [who, asked] of [
        [OTHER_MANAGER, "profile 王伟伟"],
        [REP, `profile ${TEAMMATE}`],
      ] as const) {
        const card = await w.say(who, asked);
        expect(card).not.toContain("员工画像");
        expect(card).toContain("找不到你可以查看的");
      }
      if (w.slack) expect(w.slack.shares).toHaveLength(1);
    });

    it("the rep asks '趋势' and gets their own profile (was “I can't do that yet”)", async () => {
      const card = await w.say(REP, "趋势");
      expect(card).toContain("王伟伟 · 员工画像");
      expect(card).not.toContain("暂时做不到");
    });
  });
