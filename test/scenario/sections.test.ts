// The bundle sections beyond the fixtures: settings, calendar, training, recruitment.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/client.ts";
import { exportScenario } from "../../src/scenario/export.ts";
import { importScenario, ScenarioImportError } from "../../src/scenario/import.ts";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";
import { readFixture } from "../helpers/fixtures.ts";

let fresh: FreshDatabase;
let database: Database;
beforeAll(async () => {
  fresh = await freshDatabase();
  database = openDatabase(fresh.url, { max: 3 });
});
afterAll(async () => {
  await database.close();
  await fresh.drop();
});

function extended() {
  return {
    ...readFixture("golden-east-2026-10.scenario.json"),
    settings: { "leaderboard.topN": 5, "schedule.daily": { time: "09:00" } },
    calendar: {
      holidays: [{ date: "2026-10-20", name: "公司年会", nameEn: "Company day" }],
      workdays: [{ date: "2026-10-24", name: "补班" }],
    },
    trainingCourses: [
      {
        externalId: "TC-COLLECT",
        titleZh: "回款技巧",
        titleEn: "Getting paid on time",
        url: "https://learn.example.com/collect",
      },
      { externalId: "TC-NEW", titleZh: "新客户开发", titleEn: "Winning new customers" },
    ],
    metricCourses: [
      { metric: "collected_revenue", courseExternalId: "TC-COLLECT" },
      { metric: "new_customers", courseExternalId: "TC-NEW" },
    ],
    jobOpenings: [
      {
        externalId: "J-1",
        title: "货代销售经理 Freight sales manager",
        teamExternalId: "T-EAST",
        ownerExternalId: "E-M1",
        keywordProfile: {
          required: [{ keyword: "货代销售经验", weight: 3, synonyms: ["freight forwarding sales", "国际物流销售"] }],
          preferred: [{ keyword: "客户资源", weight: 2, synonyms: ["client book"] }],
        },
      },
    ],
    candidates: [
      {
        externalId: "CA-1",
        name: "赵强",
        email: "ZhaoQiang@Example.com",
        resumeText: "5年货代销售经验，自带客户资源。",
      },
      { externalId: "CA-2", name: "Amy Chen", resumeText: "Freight forwarding sales, 3 years; strong client book." },
    ],
    applications: [
      {
        externalId: "AP-1",
        candidateExternalId: "CA-1",
        openingExternalId: "J-1",
        stage: "offer",
        appliedAt: "2026-10-02T02:00:00Z",
      },
      { externalId: "AP-2", candidateExternalId: "CA-2", openingExternalId: "J-1", appliedAt: "2026-10-03T02:00:00Z" },
    ],
    interviews: [
      {
        externalId: "IV-1",
        applicationExternalId: "AP-1",
        scheduledAt: "2026-10-08T06:00:00Z",
        interviewers: ["周敏", "林芳"],
      },
    ],
    offers: [{ externalId: "OF-1", applicationExternalId: "AP-1", sentAt: "2026-10-20T02:00:00Z" }],
  };
}

describe("extended sections", () => {
  it("imports settings, calendar, courses and the recruitment pipeline, idempotently", async () => {
    const first = await importScenario(database.pool, extended());
    expect(first.sections).toMatchObject({
      settings: { created: 2 },
      calendar: { created: 2 },
      trainingCourses: { created: 2 },
      metricCourses: { created: 2 },
      jobOpenings: { created: 1 },
      candidates: { created: 2 },
      applications: { created: 2 },
      interviews: { created: 1 },
      offers: { created: 1 },
    });
    const again = await importScenario(database.pool, extended());
    expect(again.total.created + again.total.updated).toBe(0);

    const offer = await fresh.db.offer.findUniqueOrThrow({ where: { externalId: "OF-1" } });
    // The default response deadline is 3 days after sending.
    expect(offer.deadlineAt.toISOString()).toBe("2026-10-23T02:00:00.000Z");
    expect(offer.status).toBe("pending");
    const candidate = await fresh.db.candidate.findUniqueOrThrow({ where: { externalId: "CA-1" } });
    expect(candidate.email).toBe("zhaoqiang@example.com");
  });

  it("exports them in the same format, and the export imports as a no-op", async () => {
    const exported = await exportScenario(database.pool);
    expect(exported.calendar).toEqual(extended().calendar);
    expect(exported.settings).toEqual(extended().settings);
    expect(exported.metricCourses).toEqual(extended().metricCourses);
    expect((exported.offers as unknown[])[0]).toEqual({
      externalId: "OF-1",
      applicationExternalId: "AP-1",
      sentAt: "2026-10-20T02:00:00Z",
      deadlineAt: "2026-10-23T02:00:00Z",
      status: "pending",
    });
    const again = await importScenario(database.pool, exported);
    expect(again.total.created + again.total.updated).toBe(0);
  });

  it("checks recruitment references and values", async () => {
    const bundle = extended();
    bundle.applications[1]!.openingExternalId = "J-404";
    (bundle.offers[0] as Record<string, unknown>).deadlineAt = "2026-10-19T02:00:00Z";
    (bundle.metricCourses[0] as Record<string, unknown>).courseExternalId = "TC-404";
    bundle.calendar.workdays.push({ date: "2026-10-20", name: "冲突" });
    const error = await importScenario(database.pool, bundle).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScenarioImportError);
    const brief = (error as ScenarioImportError).errors.map((e) => `${e.entity} ${e.field}: ${e.message}`);
    expect(brief).toEqual(
      expect.arrayContaining([
        'applications openingExternalId: unknown job opening "J-404" (not in this batch nor in the database)',
        "offers deadlineAt: must be after sentAt",
        'metricCourses courseExternalId: unknown training course "TC-404" (not in this batch nor in the database)',
        "calendar workdays.1.date: 2026-10-20 is listed both as a holiday and as a workday",
      ]),
    );
  });
});
