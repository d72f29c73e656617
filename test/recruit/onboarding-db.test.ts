// Onboarding and probation against a real database: each new hire's checklist, milestones and KPI
// to date, and the alerts at milestones (training or KPI below the thresholds from settings) for
// HR and the manager, with the course for the weakest metric.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/client.ts";
import { RecruitError } from "../../src/recruit/errors.ts";
import { milestoneAlerts, onboardingStatus } from "../../src/services/onboarding.ts";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";
import { importRecruitment, setProgress } from "./fixture.ts";

let fresh: FreshDatabase;
let database: Database;

beforeAll(async () => {
  fresh = await freshDatabase();
  database = openDatabase(fresh.url, { max: 4 });
  await importRecruitment(database.pool);
  // E-C (hired 2026-09-01): CRM course done late (Oct 20), compliance Oct 25, collections never.
  await setProgress(database.pool, "E-C", {
    contract: "2026-09-01T02:00:00Z",
    essentials: "2026-09-05T02:00:00Z",
    "ff-basics": "2026-09-14T02:00:00Z",
    crm: "2026-10-20T02:00:00Z",
    compliance: "2026-10-25T02:00:00Z",
    collections: null,
  });
  // E-N (hired 2026-09-20): only the contract and the first course.
  await setProgress(database.pool, "E-N", { contract: "2026-09-20T02:00:00Z", essentials: "2026-09-25T02:00:00Z" });
});
afterAll(async () => {
  await database.close();
  await fresh.drop();
});
beforeEach(async () => {
  await database.pool.query(`DELETE FROM settings WHERE key LIKE 'onboarding.%'`);
});

const setSetting = (key: string, value: unknown) =>
  database.pool.query(
    `INSERT INTO settings (key, value) VALUES ($1, $2::jsonb) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
    [key, JSON.stringify(value)],
  );

describe("onboarding status", () => {
  it("lists the new hires (not the veterans) with checklist, milestones and KPI to date", async () => {
    const s = await onboardingStatus(database.pool, { asOf: new Date("2026-10-16T02:00:00Z") });
    expect(s).toMatchObject({ date: "2026-10-16", timezone: "Asia/Shanghai", thresholds: { training: 80, kpi: 60 } });
    expect(s.newHires.map((h) => h.employee.externalId)).toEqual(["E-C", "E-N"]);
    const c = s.newHires[0]!;
    expect(c.employee).toEqual({
      externalId: "E-C",
      name: "张伟",
      role: "sales",
      teamExternalId: "T-EAST",
      plan: "new",
      hiredAt: "2026-09-01",
      probationEndsAt: "2026-12-01",
      manager: { externalId: "E-M1", name: "周敏" },
    });
    expect(c.day).toBe(45);
    expect(c.checklist.overall).toEqual({ done: 3, total: 6, percent: 50 });
    // Courses due before Oct 16: essentials, ff-basics, crm, compliance — two done.
    expect(c.checklist.training).toEqual({ done: 2, total: 4, percent: 50 });
    expect(c.checklist.overdue.map((i) => i.key)).toEqual(["crm", "compliance"]);
    expect(c.milestones.map((m) => [m.key, m.date, m.passed])).toEqual([
      ["d30", "2026-10-01", true],
      ["d60", "2026-10-31", false],
      ["d90", "2026-11-30", false],
      ["confirmation", "2026-12-01", false],
    ]);
    expect(c.nextMilestone).toEqual({ key: "d60", date: "2026-10-31", day: 60, passed: false });
    // The same score as the progress card (test/services/progress.test.ts), judged on its projection.
    expect(c.kpi).toMatchObject({
      score: "62.67",
      plan: "new",
      period: "2026-10",
      basis: "to_date",
      judgedOn: "projected",
      weakest: { metric: "collected_revenue" },
    });
    expect(Number(c.kpi!.judgedScore)).toBeGreaterThan(60);
    expect(c.reasons).toEqual(["training_below_threshold"]);
    expect(c.behind).toBe(true);
  });

  it("does not judge the KPI before day 30", async () => {
    const s = await onboardingStatus(database.pool, { asOf: new Date("2026-10-16T02:00:00Z") });
    const n = s.newHires[1]!;
    expect(n.day).toBe(26);
    expect(n.kpi).toMatchObject({ score: "0.00", judgedScore: "0.00" });
    expect(n.reasons).toEqual(["training_below_threshold"]);
    const later = await onboardingStatus(database.pool, {
      asOf: new Date("2026-10-21T02:00:00Z"),
      employeeExternalIds: ["E-N"],
    });
    expect(later.newHires.map((h) => [h.day, h.reasons])).toEqual([
      [31, ["training_below_threshold", "kpi_below_threshold"]],
    ]);
  });

  it("a new hire is no longer listed after the confirmation date", async () => {
    const s = await onboardingStatus(database.pool, { asOf: new Date("2026-12-05T02:00:00Z") });
    expect(s.newHires.map((h) => h.employee.externalId)).toEqual(["E-N"]);
  });
});

describe("milestone alerts", () => {
  it("at E-N's 30-day milestone: training 33 % and KPI 0 — for HR and the manager, with the course for the weakest metric", async () => {
    const alerts = await milestoneAlerts(database.pool, { date: "2026-10-20", lookbackDays: 0 });
    expect(alerts).toHaveLength(1);
    const a = alerts[0]!;
    expect(a.idempotencyKey).toBe("probation:E-N:d30");
    expect(a.milestone).toEqual({ key: "d30", date: "2026-10-20", day: 30 });
    expect(a.reasons).toEqual(["training_below_threshold", "kpi_below_threshold"]);
    expect(a.thresholds).toEqual({ training: 80, kpi: 60 });
    expect(a.checklist.training).toEqual({ done: 1, total: 3, percent: 33.3 });
    expect(a.checklist.overdue.map((i) => [i.key, i.courseExternalId])).toEqual([
      ["ff-basics", "TC-FF"],
      ["crm", "TC-CRM"],
    ]);
    // As of the end of the day before the milestone: October to date, judged on its projection.
    expect(a.kpi).toMatchObject({
      score: "0.00",
      judgedScore: "0.00",
      period: "2026-10",
      asOf: "2026-10-19T15:59:59.999Z",
      basis: "to_date",
      weakest: { metric: "new_customers", pointsLost: "40.00" },
    });
    expect(a.recommendedCourse).toEqual({
      metric: "new_customers",
      pointsLost: "40.00",
      course: {
        externalId: "TC-PROSPECT",
        titleZh: "新客户开发",
        titleEn: "Prospecting new customers",
        url: "https://learn.example.com/prospecting",
      },
    });
    expect(a.recipients).toEqual([
      { employeeExternalId: "E-H1", name: "林芳", role: "hr", idempotencyKey: "probation:E-N:d30:E-H1" },
      { employeeExternalId: "E-M1", name: "周敏", role: "manager", idempotencyKey: "probation:E-N:d30:E-M1" },
    ]);
  });

  it("at E-C's 30-day milestone: training only (2 of 3 courses); September had no targets, so no KPI verdict and no course", async () => {
    const [a, ...rest] = await milestoneAlerts(database.pool, { date: "2026-10-01", lookbackDays: 0 });
    expect(rest).toEqual([]);
    expect(a).toMatchObject({
      idempotencyKey: "probation:E-C:d30",
      reasons: ["training_below_threshold"],
      checklist: { training: { done: 2, total: 3, percent: 66.7 } },
    });
    expect(a!.kpi).toMatchObject({ period: "2026-09", judgedScore: null, judgedOn: null, weakest: null });
    expect(a!.recommendedCourse).toBeNull();
  });

  it("on track at a milestone: no alert (E-C at 60 days: every due course done, KPI near its month's 99)", async () => {
    expect(await milestoneAlerts(database.pool, { date: "2026-10-31", lookbackDays: 0 })).toEqual([]);
    // …and exactly at the training threshold is on track: 4 of 5 courses (80 %) at 90 days.
    expect(await milestoneAlerts(database.pool, { date: "2026-11-30", lookbackDays: 0 })).toEqual([]);
  });

  it("thresholds come from settings", async () => {
    await setSetting("onboarding.kpiThreshold", 105);
    const [a] = await milestoneAlerts(database.pool, { date: "2026-10-31", lookbackDays: 0 });
    expect(a).toMatchObject({
      idempotencyKey: "probation:E-C:d60",
      reasons: ["kpi_below_threshold"],
      thresholds: { training: 80, kpi: 105 },
    });
    // 99.00 by Oct 30 (the month closes at 99.00 too), on pace for 102.00: below 105.
    expect(a!.kpi).toMatchObject({
      score: "99.00",
      projectedScore: "102.00",
      judgedScore: "102.00",
      weakest: { metric: "collected_revenue", pointsLost: "9.00" },
    });
    expect(a!.recommendedCourse).toMatchObject({
      metric: "collected_revenue",
      pointsLost: "9.00",
      course: { externalId: "TC-COLL" },
    });
    await setSetting("onboarding.trainingThreshold", 50);
    await setSetting("onboarding.kpiThreshold", 0);
    expect(await milestoneAlerts(database.pool, { date: "2026-10-01", lookbackDays: 0 })).toEqual([]);
  });

  it("a malformed threshold stops with a message naming the setting", async () => {
    await setSetting("onboarding.trainingThreshold", 0.8);
    const e = await milestoneAlerts(database.pool, { date: "2026-10-20" }).catch((x) => x);
    expect(e).toBeInstanceOf(RecruitError);
    expect(e.code).toBe("settings.invalid");
    expect(e.messageFor("zh-CN")).toContain("设置 onboarding.trainingThreshold 无效");
  });

  it("looks back over missed days (default 7), never ahead; the keys stay the same", async () => {
    const keys = async (date: string, lookbackDays?: number) =>
      (await milestoneAlerts(database.pool, { date, ...(lookbackDays === undefined ? {} : { lookbackDays }) })).map(
        (a) => a.idempotencyKey,
      );
    expect(await keys("2026-10-19")).toEqual([]);
    expect(await keys("2026-10-21", 0)).toEqual([]);
    expect(await keys("2026-10-21")).toEqual(["probation:E-N:d30"]);
    expect(await keys("2026-10-27")).toEqual(["probation:E-N:d30"]);
    expect(await keys("2026-10-28")).toEqual([]);
    expect(await keys("2026-10-05", 31)).toEqual(["probation:E-C:d30"]);
    await expect(milestoneAlerts(database.pool, { date: "2026-02-30" })).rejects.toMatchObject({
      code: "input.invalid",
    });
  });
});
