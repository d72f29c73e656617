// Onboarding in the scenario bundle: templates, checklist items, each new hire's progress and
// training completions are sections of their own (after the people and courses they reference),
// come out of export-scenario, and import → export → import changes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/client.ts";
import { exportScenario } from "../../src/scenario/export.ts";
import { importScenario, ScenarioImportError } from "../../src/scenario/import.ts";
import { loadDemoData } from "../../src/demo/load.ts";
import { DemoWorld } from "../../src/demo/world.ts";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";
import { feedCompany, TEMPLATE_ITEMS } from "../recruit/onboarding-feed.ts";

let source: FreshDatabase;
let target: FreshDatabase;
let a: Database;
let b: Database;

beforeAll(async () => {
  [source, target] = await Promise.all([freshDatabase(), freshDatabase()]);
  a = openDatabase(source.url, { max: 3 });
  b = openDatabase(target.url, { max: 3 });
  await feedCompany(a.pool);
});
afterAll(async () => {
  await Promise.all([a.close(), b.close()]);
  await Promise.all([source.drop(), target.drop()]);
});

const byKey = (rows: { templateKey: string; key: string }[]) =>
  [...rows].sort((x, y) => (`${x.templateKey}/${x.key}` < `${y.templateKey}/${y.key}` ? -1 : 1));

describe("onboarding sections of export-scenario", () => {
  it("exports what was fed, in key order, in the fed format", async () => {
    const bundle = await exportScenario(a.pool);
    expect(bundle.onboardingTemplates).toStrictEqual([
      { key: "manager-new-hire", role: "manager", name: "经理入职 Manager onboarding" },
      { key: "sales-new-hire", role: "sales", name: "销售新人入职 Sales new-hire onboarding" },
    ]);
    expect(bundle.onboardingTemplateItems).toStrictEqual(byKey(TEMPLATE_ITEMS));
    expect(bundle.onboardingProgress).toStrictEqual([
      { employeeExternalId: "E-C", templateKey: "sales-new-hire", itemKey: "collections" },
      {
        employeeExternalId: "E-C",
        templateKey: "sales-new-hire",
        itemKey: "compliance",
        completedAt: "2026-10-25T02:00:00Z",
      },
      {
        employeeExternalId: "E-C",
        templateKey: "sales-new-hire",
        itemKey: "contract",
        completedAt: "2026-09-01T02:00:00Z",
      },
      {
        employeeExternalId: "E-C",
        templateKey: "sales-new-hire",
        itemKey: "essentials",
        completedAt: "2026-09-05T02:00:00Z",
      },
      {
        employeeExternalId: "E-C",
        templateKey: "sales-new-hire",
        itemKey: "ff-basics",
        completedAt: "2026-09-14T02:00:00Z",
      },
      {
        employeeExternalId: "E-N",
        templateKey: "sales-new-hire",
        itemKey: "contract",
        completedAt: "2026-09-20T02:00:00Z",
      },
      {
        employeeExternalId: "E-N",
        templateKey: "sales-new-hire",
        itemKey: "essentials",
        completedAt: "2026-09-25T02:00:00Z",
      },
    ]);
    expect(bundle.trainingCompletions).toStrictEqual([
      {
        externalId: "LMS-1001",
        employeeExternalId: "E-C",
        courseExternalId: "TC-CRM",
        completedAt: "2026-10-20T02:00:00Z",
        score: "86.5",
      },
      {
        externalId: "LMS-1002",
        employeeExternalId: "E-A",
        courseExternalId: "TC-COMP",
        completedAt: "2026-10-08T06:30:00Z",
      },
    ]);
  });

  it("import into an empty database (dependency order) → export → import is a no-op", async () => {
    const bundle = await exportScenario(a.pool);
    const first = await importScenario(b.pool, bundle);
    expect(first.sections).toMatchObject({
      onboardingTemplates: { created: 2, updated: 0, unchanged: 0 },
      onboardingTemplateItems: { created: 7, updated: 0, unchanged: 0 },
      onboardingProgress: { created: 7, updated: 0, unchanged: 0 },
      trainingCompletions: { created: 2, updated: 0, unchanged: 0 },
    });
    const exported = await exportScenario(b.pool);
    expect(exported).toStrictEqual(bundle);
    for (const pool of [a.pool, b.pool]) {
      const again = await importScenario(pool, exported);
      expect(again.total.created + again.total.updated).toBe(0);
    }
    expect(await exportScenario(b.pool)).toStrictEqual(bundle);
  });

  it("a changed item and a re-scored completion count as updated", async () => {
    const bundle = await exportScenario(b.pool);
    const items = (bundle.onboardingTemplateItems as { key: string; dueDays: number }[]).map((i) =>
      i.key === "crm" ? { ...i, dueDays: 28 } : i,
    );
    const completions = (bundle.trainingCompletions as { externalId: string }[]).map((c) =>
      c.externalId === "LMS-1002" ? { ...c, score: 70 } : c,
    );
    const r = await importScenario(b.pool, {
      ...bundle,
      onboardingTemplateItems: items,
      trainingCompletions: completions,
    });
    expect(r.sections.onboardingTemplateItems).toEqual({ created: 0, updated: 1, unchanged: 6 });
    expect(r.sections.trainingCompletions).toEqual({ created: 0, updated: 1, unchanged: 1 });
    expect((await exportScenario(b.pool)).trainingCompletions).toContainEqual(
      expect.objectContaining({ externalId: "LMS-1002", score: "70" }),
    );
  });

  it("an unknown item, course or template anywhere: every problem reported, nothing written", async () => {
    const bundle = await exportScenario(b.pool);
    const before = JSON.stringify(bundle);
    const broken = {
      ...bundle,
      onboardingTemplateItems: [
        ...(bundle.onboardingTemplateItems as unknown[]),
        { templateKey: "nope", key: "x", title: "X", kind: "task", dueDays: 3 },
        { templateKey: "sales-new-hire", key: "quiz", title: "Quiz", kind: "course", dueDays: 3 },
      ],
      onboardingProgress: [
        ...(bundle.onboardingProgress as unknown[]),
        { employeeExternalId: "E-N", templateKey: "sales-new-hire", itemKey: "lunch", completedAt: null },
      ],
      trainingCompletions: [
        {
          externalId: "LMS-9",
          employeeExternalId: "E-N",
          courseExternalId: "TC-NOPE",
          completedAt: "2026-10-01T00:00:00Z",
        },
      ],
    };
    const error = await importScenario(b.pool, broken).catch((e) => e);
    expect(error).toBeInstanceOf(ScenarioImportError);
    expect((error as ScenarioImportError).errors.map((e) => [e.entity, e.field, e.message])).toEqual([
      ["onboardingTemplateItems", "courseExternalId", "is required for a course item"],
      [
        "onboardingTemplateItems",
        "templateKey",
        'unknown onboarding template "nope" (not in this batch nor in the database)',
      ],
      [
        "onboardingProgress",
        "itemKey",
        'unknown onboarding checklist item "sales-new-hire/lunch" (not in this batch nor in the database)',
      ],
      [
        "trainingCompletions",
        "courseExternalId",
        'unknown training course "TC-NOPE" (not in this batch nor in the database)',
      ],
    ]);
    expect(JSON.stringify(await exportScenario(b.pool))).toBe(before);
  });
});

describe("a demo company's onboarding (written by the generator, not the feeds)", () => {
  it("comes out of export-scenario, and importing that export changes nothing", async () => {
    const demo = await freshDatabase();
    const db = openDatabase(demo.url, { max: 2 });
    try {
      const world = new DemoWorld({
        reps: 20,
        months: 3,
        seed: "onboarding-export",
        now: new Date("2026-10-16T02:00:00Z"),
      });
      await loadDemoData(world, { databaseUrl: demo.url });
      expect(world.onboardingProgress.length).toBeGreaterThan(0);
      const bundle = await exportScenario(db.pool);
      expect(bundle.onboardingTemplates).toHaveLength(1);
      expect(bundle.onboardingTemplateItems).toHaveLength(world.onboardingItems.length);
      expect(bundle.onboardingProgress).toHaveLength(world.onboardingProgress.length);
      expect((bundle.onboardingProgress as { completedAt?: string }[]).filter((p) => p.completedAt)).toHaveLength(
        world.onboardingProgress.filter((p) => p.completedMs !== null).length,
      );
      const again = await importScenario(db.pool, bundle);
      expect(again.sections).toMatchObject({
        onboardingTemplates: { created: 0, updated: 0 },
        onboardingTemplateItems: { created: 0, updated: 0 },
        onboardingProgress: { created: 0, updated: 0 },
      });
    } finally {
      await db.close();
      await demo.drop();
    }
  });
});
