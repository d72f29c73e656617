// The employee profile through the chat core, per role: a rep sees their own (another rep's is
// refused), a manager their team's (another team's is refused), HR and admins anyone — the
// motivation answer only for the person, their manager and HR. The golden company plus a second
// team and an admin, with four closed months, a training completion and a survey answer given with
// the survey card's button.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answer } from "../../src/chat/answer.ts";
import type { Intent } from "../../src/chat/intents.ts";
import { parseIntent } from "../../src/chat/parse.ts";
import { openDatabase, type Database } from "../../src/db/client.ts";
import { importScenario } from "../../src/scenario/import.ts";
import { closeMonth } from "../../src/services/month-close.ts";
import { allText, buttonsOf } from "../cards/fixtures.ts";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";
import { readFixture } from "../helpers/fixtures.ts";
import { feedSecondTeam } from "./company-feed.ts";

let fresh: FreshDatabase;
let database: Database;
const id: Record<string, number> = {};
const NOW = new Date("2026-11-16T02:00:00Z");
const MONTHS = ["2026-07", "2026-08", "2026-09", "2026-10"];

beforeAll(async () => {
  fresh = await freshDatabase();
  database = openDatabase(fresh.url, { max: 2 });
  await importScenario(database.pool, readFixture("golden-east-2026-10.scenario.json"));
  await feedSecondTeam(database.pool);
  for (const period of MONTHS) await closeMonth(database.pool, period);
  const { rows } = await database.pool.query<{ id: number; external_id: string }>(
    "SELECT id, external_id FROM employees",
  );
  for (const r of rows) id[r.external_id] = r.id;
  await database.pool.query(
    `INSERT INTO training_courses (external_id, title_zh, title_en) VALUES ('TC-P', '客户开发与线索转化', 'Prospecting and lead conversion')`,
  );
  await database.pool.query(
    `INSERT INTO training_completions (external_id, employee_id, course_id, completed_at, score)
     SELECT 'TCP-1', $1, id, '2026-09-05T02:00:00Z', 92 FROM training_courses WHERE external_id = 'TC-P'`,
    [id["E-A"]],
  );
});
afterAll(async () => {
  await database.close();
  await fresh.drop();
});

const ask = (who: string, message: string | Intent, platform: "console" | "slack" | "lark" = "console") =>
  answer(
    { pool: database.pool, now: () => NOW },
    { employeeId: id[who]!, platform, inGroup: false },
    typeof message === "string" ? parseIntent(message, { now: { year: 2026, month: 11 } }) : message,
  );

/** The October close's stored figures of one person. */
async function octoberOf(externalId: string) {
  const res = await database.pool.query(
    `SELECT e.team_rank AS rank, e.total::text AS total, e.metrics FROM month_close_entries e
     JOIN month_closes c ON c.id = e.close_id JOIN employees p ON p.id = e.employee_id
     WHERE c.period = '2026-10' AND p.external_id = $1`,
    [externalId],
  );
  return res.rows[0] as { rank: number | null; total: string; metrics: Record<string, string | null> };
}

describe("a salesperson", () => {
  it("asks '趋势' and gets their own profile: the closed months per metric, ranks, training, motivation", async () => {
    const reply = await ask("E-A", "趋势");
    const zh = allText(reply.card, "zh-CN");
    expect(reply.card.header.title["zh-CN"]).toBe("王磊 · 员工画像");
    expect(zh).not.toContain("没听懂");
    // One chart per plan metric, over the four closed months.
    const charts = reply.card.elements.filter((e) => e.type === "chart");
    const plan = await database.pool.query(
      `SELECT count(*)::int AS n FROM kpi_plan_items i JOIN employees e ON e.plan_id = i.plan_id WHERE e.external_id = 'E-A'`,
    );
    expect(charts).toHaveLength(plan.rows[0].n);
    for (const month of ["7月", "8月", "9月", "10月"]) expect(zh).toContain(month);
    // October's rank and total as the close stored them.
    const october = await octoberOf("E-A");
    const table = reply.card.elements.find((e) => e.type === "table");
    expect(table?.type === "table" && table.rows.at(-1)).toMatchObject({
      rank: { "zh-CN": `${october.rank} / 3` },
      total: { "zh-CN": october.total },
    });
    expect(zh).toContain("客户开发与线索转化");
    expect(zh).toContain("92");
    expect(zh).toContain("本季度问卷未回答");
    expect(reply.personal).toBe(true);
  });

  it("answers the survey with its buttons; answering again replaces the answer", async () => {
    const survey = (await import("../../cards/builders/profile.ts")).motivationSurveyCard("2026-Q4");
    const buttons = buttonsOf(survey);
    expect(buttons.map((b) => b.label["zh-CN"])).toEqual(["奖金", "晋升", "培训", "弹性工作"]);
    const promotion = buttons[1]!.intent;
    const saved = await ask("E-A", promotion);
    expect(allText(saved.card, "zh-CN")).toContain("已记录：*晋升*");
    await ask("E-A", buttons[2]!.intent);
    const rows = await database.pool.query(`SELECT quarter, answer FROM motivation_answers WHERE employee_id = $1`, [
      id["E-A"],
    ]);
    expect(rows.rows).toEqual([{ quarter: "2026-Q4", answer: "training" }]);
    expect(allText((await ask("E-A", "我的画像")).card, "zh-CN")).toContain("培训（2026-Q4）");
  });

  it("is refused another rep's profile, by name or by id, and learns none of it", async () => {
    for (const asked of ["profile 李静", { kind: "profile", subject: "E-B" } as Intent]) {
      const reply = await ask("E-A", asked);
      expect(reply.card.header.tone).toBe("bad");
      expect(reply.card.elements.some((e) => e.type === "chart" || e.type === "table")).toBe(false);
      expect(allText(reply.card, "zh-CN")).not.toContain("员工画像");
      expect(reply.file).toBeUndefined();
      expect(reply.picture).toBeUndefined();
    }
  });
});

describe("a manager", () => {
  it("without a name picks one of their team; each button opens that profile, with the motivation", async () => {
    const picker = await ask("E-M1", "员工画像");
    const buttons = buttonsOf(picker.card);
    expect(buttons.map((b) => b.label["zh-CN"]).sort()).toEqual(["张伟", "李静", "王磊"].sort());
    const wang = buttons.find((b) => b.label["zh-CN"] === "王磊")!;
    const reply = await ask("E-M1", wang.intent);
    expect(reply.card.header.title["zh-CN"]).toBe("王磊 · 员工画像");
    expect(allText(reply.card, "zh-CN")).toContain("培训（2026-Q4）");
  });

  it("is refused a profile in another team", async () => {
    const reply = await ask("E-M2", "profile 王磊");
    expect(reply.card.header.tone).toBe("bad");
    expect(allText(reply.card, "zh-CN")).not.toContain("员工画像");
    expect((await ask("E-M2", "profile 陈晨")).card.header.title["zh-CN"]).toBe("陈晨 · 员工画像");
  });
});

describe("HR and admins", () => {
  it("HR sees anyone's profile with the motivation, and the view is audited", async () => {
    const reply = await ask("E-H1", "王磊的画像");
    expect(reply.card.header.title["zh-CN"]).toBe("王磊 · 员工画像");
    expect(allText(reply.card, "zh-CN")).toContain("培训（2026-Q4）");
    const audit = await database.pool.query(
      `SELECT actor, entity_id FROM audit_log WHERE action = 'view.profile' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit.rows).toEqual([{ actor: "E-H1 (林芳)", entity_id: "E-A" }]);
  });

  it("an admin sees the profile but not the motivation answer", async () => {
    const reply = await ask("E-AD", "profile 王磊");
    expect(reply.card.header.title["zh-CN"]).toBe("王磊 · 员工画像");
    expect(allText(reply.card, "zh-CN")).not.toContain("最看重");
    expect(allText(reply.card, "zh-CN")).not.toContain("培训（2026-Q4）");
  });

  it("without a name, HR is asked whose", async () => {
    expect(allText((await ask("E-H1", "员工画像")).card, "zh-CN")).toContain("profile 王磊");
  });
});

describe("the trend picture", () => {
  it("follows the card where cards draw no charts (Slack), drawn only when asked for; not on Lark", async () => {
    const slack = await ask("E-A", "趋势", "slack");
    expect(slack.file).toBeUndefined();
    const picture = await slack.picture?.();
    expect(picture?.file.fileName).toBe("pacer-profile-E-A.png");
    expect(picture?.file.buffer.subarray(1, 4).toString("latin1")).toBe("PNG");
    const lark = await ask("E-A", "趋势", "lark");
    expect(lark.file).toBeUndefined();
    expect(lark.picture).toBeUndefined();
    expect(lark.card.elements.filter((e) => e.type === "chart").length).toBeGreaterThan(0);
  });
});
