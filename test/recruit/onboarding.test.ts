// Onboarding and probation (pure): milestone dates, the checklist as of an instant (overall and
// training progress), the thresholds from settings and the verdict at a milestone.
import { describe, expect, it } from "vitest";
import {
  checklistStatus,
  DEFAULT_THRESHOLDS,
  milestoneKey,
  milestoneReasons,
  parseThresholds,
  probationMilestones,
  type ChecklistItemInput,
} from "../../src/recruit/onboarding.ts";

describe("probation milestones", () => {
  it("30, 60 and 90 days after the hire date, then the confirmation date", () => {
    expect(probationMilestones("2026-09-01", "2027-03-01")).toEqual([
      { key: "d30", date: "2026-10-01", day: 30 },
      { key: "d60", date: "2026-10-31", day: 60 },
      { key: "d90", date: "2026-11-30", day: 90 },
      { key: "confirmation", date: "2027-03-01", day: 181 },
    ]);
  });

  it("drops day milestones after the confirmation and merges one falling on it", () => {
    expect(probationMilestones("2026-09-01", "2026-11-30").map((m) => m.key)).toEqual(["d30", "d60", "confirmation"]);
    expect(probationMilestones("2026-09-01", "2026-10-15").map((m) => [m.key, m.date])).toEqual([
      ["d30", "2026-10-01"],
      ["confirmation", "2026-10-15"],
    ]);
  });

  it("without a probation end date: the three day milestones only", () => {
    expect(probationMilestones("2026-02-01", null).map((m) => m.date)).toEqual([
      "2026-03-03",
      "2026-04-02",
      "2026-05-02",
    ]);
    expect(milestoneKey("E-C", "d60")).toBe("probation:E-C:d60");
  });
});

describe("checklist", () => {
  const item = (
    key: string,
    kind: "course" | "document",
    dueDays: number,
    completedAt: string | null,
  ): ChecklistItemInput => ({
    templateKey: "sales-new-hire",
    key,
    title: key,
    kind,
    dueDays,
    courseExternalId: kind === "course" ? `TC-${key}` : null,
    completedAt: completedAt ? new Date(completedAt) : null,
  });
  const ITEMS = [
    item("contract", "document", 1, "2026-09-01T03:00:00Z"),
    item("essentials", "course", 7, "2026-09-06T08:00:00Z"),
    item("ff-basics", "course", 14, null),
    item("crm", "course", 21, "2026-10-02T08:00:00Z"), // done late, after the d30 cut-off
    item("compliance", "course", 30, null),
    item("collections", "course", 45, "2026-09-20T08:00:00Z"), // done early
  ];

  it("at the 30-day milestone: courses due before that day, done before it", () => {
    // Start of 2026-10-01 in Shanghai.
    const c = checklistStatus(ITEMS, "2026-09-01", "2026-10-01", new Date("2026-09-30T15:59:59.999Z"));
    expect(c.training).toEqual({ done: 1, total: 3, percent: 33.3 }); // essentials ✓, ff-basics ✗, crm ✗ (done later)
    expect(c.overall).toEqual({ done: 3, total: 6, percent: 50 });
    expect(c.items.map((i) => [i.key, i.dueDate, i.state])).toEqual([
      ["contract", "2026-09-02", "done"],
      ["essentials", "2026-09-08", "done"],
      ["ff-basics", "2026-09-15", "overdue"],
      ["crm", "2026-09-22", "overdue"],
      ["compliance", "2026-10-01", "due_today"],
      ["collections", "2026-10-16", "done"],
    ]);
    expect(c.overdue.map((i) => i.key)).toEqual(["ff-basics", "crm"]);
  });

  it("later, the late course counts", () => {
    const c = checklistStatus(ITEMS, "2026-09-01", "2026-10-05", new Date("2026-10-04T16:00:00Z"));
    expect(c.training).toEqual({ done: 2, total: 4, percent: 50 });
  });

  it("no course due yet: no training measure", () => {
    expect(checklistStatus(ITEMS, "2026-09-01", "2026-09-05", new Date("2026-09-04T16:00:00Z")).training).toEqual({
      done: 0,
      total: 0,
      percent: null,
    });
    expect(checklistStatus([], "2026-09-01", "2026-10-01", new Date()).overall.percent).toBeNull();
  });
});

describe("thresholds and verdict", () => {
  it("defaults to 80 % training and 60 KPI points; settings override them", () => {
    expect(parseThresholds({})).toEqual({ training: 80, kpi: 60 });
    expect(DEFAULT_THRESHOLDS).toEqual({ training: 80, kpi: 60 });
    expect(parseThresholds({ training: 90, kpi: 55.5 })).toEqual({ training: 90, kpi: 55.5 });
  });

  it("refuses a malformed setting, naming the key (a fraction is not a percentage)", () => {
    expect(() => parseThresholds({ training: 0.8 })).toThrow(/onboarding\.trainingThreshold.*percentage from 0 to 100/);
    expect(() => parseThresholds({ training: 120 })).toThrow(/onboarding\.trainingThreshold/);
    expect(() => parseThresholds({ kpi: "60" })).toThrow(/onboarding\.kpiThreshold.*must be a number/);
    expect(() => parseThresholds({ kpi: -1 })).toThrow(expect.objectContaining({ code: "settings.invalid" }));
  });

  it("alerts below either threshold; exactly at it is fine; a missing measure gives no verdict", () => {
    const t = { training: 80, kpi: 60 };
    expect(milestoneReasons({ trainingPercent: 79.9, kpiScore: "60.00" }, t)).toEqual(["training_below_threshold"]);
    expect(milestoneReasons({ trainingPercent: 80, kpiScore: "59.99" }, t)).toEqual(["kpi_below_threshold"]);
    expect(milestoneReasons({ trainingPercent: 33.3, kpiScore: "12.50" }, t)).toEqual([
      "training_below_threshold",
      "kpi_below_threshold",
    ]);
    expect(milestoneReasons({ trainingPercent: 100, kpiScore: "60" }, t)).toEqual([]);
    expect(milestoneReasons({ trainingPercent: null, kpiScore: null }, t)).toEqual([]);
  });
});
