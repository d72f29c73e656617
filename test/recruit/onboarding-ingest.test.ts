// Onboarding through the front door: a company whose templates, checklist progress and training
// completions arrive through the ingest API (test/recruit/onboarding-feed.ts) gets the same
// onboarding card, probation alerts and HR digest as one set up by hand — at a fixed business
// clock — and HR or the manager can tick items (audited; anyone else is refused).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/client.ts";
import { ingestBatch } from "../../src/ingest/batch.ts";
import { setChecklistItemDone } from "../../src/services/onboarding-checklist.ts";
import { milestoneAlerts, onboardingStatus } from "../../src/services/onboarding.ts";
import { hrDigest } from "../../src/services/recruitment.ts";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";
import { refused } from "./fixture.ts";
import { COMPLETIONS, feedCompany, PROGRESS, TEMPLATE_ITEMS, TEMPLATES } from "./onboarding-feed.ts";

let fresh: FreshDatabase;
let database: Database;

beforeAll(async () => {
  fresh = await freshDatabase();
  database = openDatabase(fresh.url, { max: 4 });
  await feedCompany(database.pool);
});
afterAll(async () => {
  await database.close();
  await fresh.drop();
});

/** The business clock of these tests: Friday 2026-10-16, 10:00 in Shanghai. */
const NOW = new Date("2026-10-16T02:00:00Z");

describe("the feeds are idempotent", () => {
  it("sending the same onboarding batches again changes nothing", async () => {
    const pool = database.pool;
    const unchanged = (n: number) => ({ created: 0, updated: 0, unchanged: n });
    expect(await ingestBatch(pool, "onboarding-templates", TEMPLATES)).toEqual(unchanged(2));
    expect(await ingestBatch(pool, "onboarding-template-items", TEMPLATE_ITEMS)).toEqual(unchanged(7));
    expect(await ingestBatch(pool, "onboarding-progress", PROGRESS)).toEqual(unchanged(7));
    expect(await ingestBatch(pool, "training-completions", COMPLETIONS)).toEqual(unchanged(2));
  });
});

describe("the onboarding card on fed data", () => {
  it("lists the new hires with checklist (a fed course completion ticks its course item), milestones and KPI", async () => {
    const s = await onboardingStatus(database.pool, { asOf: NOW });
    expect(s).toMatchObject({ date: "2026-10-16", timezone: "Asia/Shanghai", thresholds: { training: 80, kpi: 60 } });
    expect(s.newHires.map((h) => h.employee.externalId)).toEqual(["E-C", "E-N"]);
    const [c, n] = s.newHires;
    expect(c!.employee).toEqual({
      externalId: "E-C",
      name: "张伟",
      role: "sales",
      teamExternalId: "T-EAST",
      plan: "new",
      hiredAt: "2026-09-01",
      probationEndsAt: "2026-12-01",
      manager: { externalId: "E-M1", name: "周敏" },
    });
    expect(c!.day).toBe(45);
    expect(c!.checklist.items.map((i) => [i.key, i.kind, i.dueDate, i.state])).toEqual([
      ["contract", "document", "2026-09-02", "done"],
      ["essentials", "course", "2026-09-08", "done"],
      ["ff-basics", "course", "2026-09-15", "done"],
      // Completed in the learning system on Oct 20: not yet on Oct 16.
      ["crm", "course", "2026-09-22", "overdue"],
      ["compliance", "course", "2026-10-01", "overdue"],
      ["collections", "course", "2026-10-16", "due_today"],
    ]);
    expect(c!.checklist.overall).toEqual({ done: 3, total: 6, percent: 50 });
    expect(c!.checklist.training).toEqual({ done: 2, total: 4, percent: 50 });
    expect(c!.nextMilestone).toEqual({ key: "d60", date: "2026-10-31", day: 60, passed: false });
    expect(c!.kpi).toMatchObject({ score: "62.67", plan: "new", period: "2026-10", judgedOn: "projected" });
    expect(c!.reasons).toEqual(["training_below_threshold"]);

    expect(n!.day).toBe(26);
    expect(n!.checklist.training).toEqual({ done: 1, total: 3, percent: 33.3 });
    expect(n!.checklist.overdue.map((i) => i.key)).toEqual(["ff-basics", "crm"]);
    expect(n!.milestones.map((m) => [m.key, m.date])).toEqual([
      ["d30", "2026-10-20"],
      ["d60", "2026-11-19"],
      ["d90", "2026-12-19"],
      ["confirmation", "2026-12-20"],
    ]);
    // Before day 30 the KPI is not judged: behind on training only.
    expect(n!.reasons).toEqual(["training_below_threshold"]);
  });

  it("the fed completion counts from the instant it was reported", async () => {
    const s = await onboardingStatus(database.pool, {
      asOf: new Date("2026-10-21T02:00:00Z"),
      employeeExternalIds: ["E-C"],
    });
    const crm = s.newHires[0]!.checklist.items.find((i) => i.key === "crm")!;
    expect(crm).toMatchObject({ state: "done", completedAt: new Date("2026-10-20T02:00:00Z") });
  });
});

describe("probation alerts on fed data", () => {
  it("30 days (E-N): training 33 % and KPI 0 — to HR and the manager, with the course for the weakest metric", async () => {
    const alerts = await milestoneAlerts(database.pool, { date: "2026-10-20", lookbackDays: 0 });
    expect(alerts).toHaveLength(1);
    const a = alerts[0]!;
    expect(a.idempotencyKey).toBe("probation:E-N:d30");
    expect(a.milestone).toEqual({ key: "d30", date: "2026-10-20", day: 30 });
    expect(a.reasons).toEqual(["training_below_threshold", "kpi_below_threshold"]);
    expect(a.checklist.training).toEqual({ done: 1, total: 3, percent: 33.3 });
    expect(a.kpi).toMatchObject({
      score: "0.00",
      asOf: "2026-10-19T15:59:59.999Z",
      weakest: { metric: "new_customers" },
    });
    expect(a.recommendedCourse).toMatchObject({ metric: "new_customers", course: { externalId: "TC-PROSPECT" } });
    expect(a.recipients.map((r) => [r.employeeExternalId, r.role])).toEqual([
      ["E-H1", "hr"],
      ["E-M1", "manager"],
    ]);
  });

  it("30 days (E-C): 2 of 3 due courses done — training alert only", async () => {
    const alerts = await milestoneAlerts(database.pool, { date: "2026-10-01", lookbackDays: 0 });
    expect(alerts.map((a) => [a.idempotencyKey, a.reasons, a.checklist.training.percent])).toEqual([
      ["probation:E-C:d30", ["training_below_threshold"], 66.7],
    ]);
  });

  it("60 days (E-C): the fed CRM completion (Oct 20) and compliance (Oct 25) put training back on track", async () => {
    expect(await milestoneAlerts(database.pool, { date: "2026-10-31", lookbackDays: 0 })).toEqual([]);
  });

  it("90 days (E-C): 4 of 5 due courses — exactly the 80 % threshold — is on track", async () => {
    expect(await milestoneAlerts(database.pool, { date: "2026-11-30", lookbackDays: 0 })).toEqual([]);
    const s = await onboardingStatus(database.pool, { asOf: new Date("2026-11-29T16:00:00Z") });
    expect(s.newHires.find((h) => h.employee.externalId === "E-C")!.checklist.training).toEqual({
      done: 4,
      total: 5,
      percent: 80,
    });
  });
});

describe("HR's daily digest on fed data", () => {
  it("lists both new hires as behind on training", async () => {
    const d = await hrDigest(database.pool, { now: NOW });
    expect(d.newHiresBehind.map((h) => [h.employee.externalId, h.reasons])).toEqual([
      ["E-C", ["training_below_threshold"]],
      ["E-N", ["training_below_threshold"]],
    ]);
    expect(d.counts).toMatchObject({ newHires: 2, newHiresBehind: 2 });
  });
});

describe("ticking a checklist item", () => {
  const tick = (actor: string, employee: string, itemKey: string, done: boolean, now = NOW, templateKey?: string) =>
    setChecklistItemDone(database.pool, {
      actorExternalId: actor,
      employeeExternalId: employee,
      itemKey,
      done,
      now,
      ...(templateKey ? { templateKey } : {}),
    });
  const audit = async () =>
    (
      await database.pool.query(
        `SELECT at, actor, action, entity, entity_id AS "entityId", details FROM audit_log
         WHERE entity = 'onboarding_item' ORDER BY id`,
      )
    ).rows;
  const progressDump = async () =>
    JSON.stringify((await database.pool.query(`SELECT * FROM onboarding_progress ORDER BY id`)).rows);

  it("HR ticks a new hire's item done: written, audited, and on the card", async () => {
    const r = await tick("E-H1", "E-N", "ff-basics", true);
    expect(r).toEqual({
      employee: { externalId: "E-N", name: "赵新" },
      item: {
        templateKey: "sales-new-hire",
        key: "ff-basics",
        title: "货代销售基础 / Freight forwarding fundamentals",
        kind: "course",
      },
      done: true,
      completedAt: NOW,
      changed: true,
    });
    expect(await audit()).toEqual([
      {
        at: NOW,
        actor: "E-H1 (林芳)",
        action: "onboarding.item_done",
        entity: "onboarding_item",
        entityId: "E-N:sales-new-hire/ff-basics",
        details: {
          employee: "E-N",
          template: "sales-new-hire",
          item: "ff-basics",
          title: "货代销售基础 / Freight forwarding fundamentals",
          previousCompletedAt: null,
          completedAt: NOW.toISOString(),
        },
      },
    ]);
    const s = await onboardingStatus(database.pool, { asOf: NOW, employeeExternalIds: ["E-N"] });
    expect(s.newHires[0]!.checklist.training).toEqual({ done: 2, total: 3, percent: 66.7 });
  });

  it("ticking it again changes nothing and logs nothing", async () => {
    const later = new Date("2026-10-16T05:00:00Z");
    const r = await tick("E-H1", "E-N", "ff-basics", true, later);
    expect(r).toMatchObject({ done: true, completedAt: NOW, changed: false });
    expect(await audit()).toHaveLength(1);
  });

  it("the new hire's manager undoes it (audited); the template can be named", async () => {
    const later = new Date("2026-10-16T06:00:00Z");
    const r = await tick("E-M1", "E-N", "ff-basics", false, later, "sales-new-hire");
    expect(r).toMatchObject({ done: false, completedAt: null, changed: true });
    const last = (await audit()).at(-1);
    expect(last).toMatchObject({
      at: later,
      actor: "E-M1 (周敏)",
      action: "onboarding.item_undone",
      entityId: "E-N:sales-new-hire/ff-basics",
      details: { previousCompletedAt: NOW.toISOString(), completedAt: null },
    });
    // Undoing an item never ticked writes nothing.
    const before = await progressDump();
    expect(await tick("E-M1", "E-N", "collections", false)).toMatchObject({ done: false, changed: false });
    expect(await progressDump()).toBe(before);
  });

  it("an admin may too; a departed admin may not", async () => {
    await ingestBatch(database.pool, "employees", [
      { externalId: "E-ADM", name: "系统管理员", role: "admin" },
      { externalId: "E-OLD", name: "前管理员", role: "admin", status: "left", leftAt: "2026-09-30" },
    ]);
    expect(await tick("E-ADM", "E-C", "collections", true)).toMatchObject({ done: true, changed: true });
    expect(await tick("E-ADM", "E-C", "collections", false)).toMatchObject({ done: false, changed: true });
    expect((await refused(tick("E-OLD", "E-C", "collections", true))).code).toBe("onboarding.forbidden");
  });

  it("a colleague, the new hire themself and an unknown person are refused in both languages; nothing is written", async () => {
    const before = await progressDump();
    const auditBefore = (await audit()).length;
    for (const actor of ["E-A", "E-N", "E-NOBODY"]) {
      const e = await refused(tick(actor, "E-N", "crm", true));
      expect(e.code).toBe("onboarding.forbidden");
      expect(e.messageFor("en")).toBe(
        `only HR, admins and E-N's manager can tick items of their onboarding checklist; ${actor} cannot`,
      );
      expect(e.messageFor("zh-CN")).toBe(`只有人事、管理员和 E-N 的直属经理可以勾选其入职清单；${actor} 无此权限`);
    }
    // A manager only for their own team's new hires: E-H1 (HR) is in no team of E-M1's.
    expect((await refused(tick("E-M1", "E-H1", "contract", true))).code).toBe("onboarding.forbidden");
    // Without the right, not even whether someone exists is told.
    expect((await refused(tick("E-A", "E-GHOST", "crm", true))).code).toBe("onboarding.forbidden");
    expect(await progressDump()).toBe(before);
    expect(await audit()).toHaveLength(auditBefore);
  });

  it("an unknown employee, an item not on their checklist and bad input are typed errors", async () => {
    expect((await refused(tick("E-H1", "E-GHOST", "crm", true))).toJSON()).toMatchObject({
      code: "onboarding.employee_unknown",
      params: { employee: "E-GHOST" },
    });
    const e = await refused(tick("E-H1", "E-N", "team-intro", true));
    expect(e.code).toBe("onboarding.item_unknown");
    expect(e.messageFor("zh-CN")).toBe("E-N 的入职清单中没有事项 team-intro");
    expect((await refused(tick("E-H1", "E-N", "crm", true, NOW, "manager-new-hire"))).code).toBe(
      "onboarding.item_unknown",
    );
    expect((await refused(tick("E-H1", "E-N", "crm", true, new Date("nope")))).code).toBe("input.invalid");
  });
});
