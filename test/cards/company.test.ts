// The company card, the team list and the onboarding card's checklist buttons as a specification:
// what HR sees, which buttons they get (read-only ones on the company cards, one tick per open
// checklist item on the onboarding card) and that the cards fit Slack's and Lark's limits.
import { describe, expect, it } from "vitest";
import {
  type Card,
  checklistTickButtons,
  companyCard,
  MAX_TEAM_BUTTONS,
  MAX_TICK_BUTTONS,
  onboardingCard,
  teamPickerCard,
} from "../../cards/index.ts";
import { larkCardBytes, LARK_LIMITS, renderLarkCard } from "../../src/lark/render.ts";
import { addDays } from "../../src/kpi/period.ts";
import { type ChecklistItemInput, checklistStatus } from "../../src/recruit/onboarding.ts";
import type { CompanyOverview, TeamStanding } from "../../src/services/company.ts";
import type { NewHireStatus, OnboardingStatus } from "../../src/services/onboarding.ts";
import type { TeamRow } from "../../src/store/company.ts";
import { renderSlackMessage, SLACK_LIMITS } from "../../src/slack/render.ts";
import { allText, buttonsOf, TZ } from "./fixtures.ts";

const NOW = new Date("2026-10-20T04:00:00.000Z"); // 12:00 in Shanghai
const TODAY = "2026-10-20";

function standing(n: number, overrides: Partial<TeamStanding> = {}): TeamStanding {
  return {
    externalId: `T-${String(n).padStart(2, "0")}`,
    name: `第${n}销售组`,
    managerName: `经理${n}`,
    members: 4,
    averageScore: "81.25",
    goal: { metric: "shipments", completion: "1.0500", bonus: "5.00", tierMinCompletion: "1.0000" },
    atRisk: 1,
    ...overrides,
  };
}

function overview(teams: TeamStanding[]): CompanyOverview {
  return {
    period: "2026-10",
    asOf: NOW.toISOString(),
    timezone: TZ,
    teams,
    top: [
      { rank: 1, externalId: "E-A", name: "王磊", team: "第1销售组", total: "96.50" },
      { rank: 2, externalId: "E-D", name: "陈晨", team: "第2销售组", total: "90.00" },
      { rank: 2, externalId: "E-B", name: "李静", team: "第1销售组", total: "90.00" },
    ],
    dataFreshness: "2026-10-20T03:55:00.000Z",
  };
}

const fits = (card: Card) => {
  for (const locale of ["zh-CN", "en"] as const) {
    const slack = renderSlackMessage(card, locale);
    expect(slack.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.messageBlocks);
    for (const b of slack.blocks)
      if (b.type === "actions") expect(b.elements.length).toBeLessThanOrEqual(SLACK_LIMITS.actionsElements);
  }
  expect(larkCardBytes(renderLarkCard(card))).toBeLessThanOrEqual(LARK_LIMITS.cardBytes - LARK_LIMITS.envelopeBytes);
};

describe("the company card", () => {
  it("shows each team's average score, goal completion, bonus tier and at-risk count, then the top performers", () => {
    const card = companyCard(
      overview([
        standing(1),
        standing(2, {
          averageScore: null,
          members: 0,
          goal: { metric: "shipments", completion: "0.5000", bonus: "0.00", tierMinCompletion: null },
          atRisk: 0,
        }),
        standing(3, { goal: null }),
      ]),
    );
    const en = allText(card, "en");
    expect(card.header.title.en).toBe("Company · October 2026 standings");
    expect(card.header.subtitle?.en).toContain("3 teams · 2 at risk");
    expect(en).toContain("81.25");
    expect(en).toContain("105.0%");
    expect(en).toContain("100% tier · +5.00 each");
    expect(en).toContain("50.0%");
    expect(en).toContain("none yet");
    expect(en).toContain("no team goal");
    expect(en).toContain("王磊");
    expect(card.summary.en).toBe("Company October 2026: 3 teams, 2 at risk, top: 王磊 96.50");
  });

  it("has only read-only buttons: each team's board and last month's overview", () => {
    const card = companyCard(overview([standing(1), standing(2)]));
    expect(buttonsOf(card).map((b) => b.intent)).toEqual([
      { kind: "leaderboard", period: "2026-10", team: "T-01" },
      { kind: "leaderboard", period: "2026-10", team: "T-02" },
      { kind: "company", period: "2026-09" },
    ]);
  });

  it(`lists 40 teams in full but buttons only the first ${MAX_TEAM_BUTTONS}, and fits both platforms`, () => {
    const card = companyCard(overview(Array.from({ length: 40 }, (_, i) => standing(i + 1))));
    const table = card.elements.find((e) => e.type === "table")!;
    expect(table.type === "table" && table.rows.length).toBe(40);
    expect(buttonsOf(card)).toHaveLength(MAX_TEAM_BUTTONS + 1);
    fits(card);
  });

  it("says so when there are no teams", () => {
    const card = companyCard({ ...overview([]), top: [] });
    expect(allText(card, "en")).toContain("There are no teams yet.");
  });
});

describe("the team list", () => {
  const teams: TeamRow[] = [
    { id: 1, externalId: "T-EAST", name: "华东销售组", managerName: "周敏", members: 3 },
    { id: 2, externalId: "T-NORTH", name: "华北销售组", managerName: null, members: 1 },
  ];

  it("lists every team with its id, manager and size, a button each and one to the company overview", () => {
    const card = teamPickerCard(teams, { period: "2026-10" });
    expect(allText(card, "zh-CN")).toContain("T-NORTH");
    expect(allText(card, "zh-CN")).toContain("周敏");
    expect(buttonsOf(card).map((b) => [b.label["zh-CN"], b.intent])).toEqual([
      ["华东销售组", { kind: "leaderboard", period: "2026-10", team: "T-EAST" }],
      ["华北销售组", { kind: "leaderboard", period: "2026-10", team: "T-NORTH" }],
      ["全公司概览", { kind: "company", period: "2026-10" }],
    ]);
  });

  it("carries a notice on top (an unknown team name)", () => {
    const card = teamPickerCard(teams, { period: "2026-10", notice: { "zh-CN": "找不到", en: "No team" } });
    expect(card.elements[0]).toEqual({ type: "text", text: { "zh-CN": "找不到", en: "No team" } });
  });
});

// ─── Onboarding checklist buttons ──────────────────────────────────────────────────────────────

function items(doneKeys: string[], count = 7): ChecklistItemInput[] {
  return Array.from({ length: count }, (_, i) => ({
    templateKey: "sales-new-hire",
    key: `item-${i + 1}`,
    title: `入职事项 ${i + 1}`,
    kind: i % 2 ? "course" : "task",
    dueDays: 3 * (i + 1),
    courseExternalId: null,
    completedAt: doneKeys.includes(`item-${i + 1}`) ? new Date("2026-09-20T02:00:00Z") : null,
  }));
}

function hire(externalId: string, name: string, doneKeys: string[]): NewHireStatus {
  const hiredAt = "2026-09-15";
  return {
    employee: {
      externalId,
      name,
      role: "sales",
      teamExternalId: "T-EAST",
      plan: "new",
      hiredAt,
      probationEndsAt: addDays(hiredAt, 91),
      manager: { externalId: "E-M1", name: "周敏" },
    },
    day: 35,
    checklist: checklistStatus(items(doneKeys), hiredAt, TODAY, NOW),
    milestones: [],
    nextMilestone: null,
    kpi: null,
    reasons: [],
    behind: false,
  };
}

const status = (hires: NewHireStatus[]): OnboardingStatus => ({
  asOf: NOW.toISOString(),
  date: TODAY,
  timezone: TZ,
  thresholds: { training: 80, kpi: 60 },
  newHires: hires,
});

describe("the onboarding card's checklist buttons", () => {
  it(`one per open item, at most ${MAX_TICK_BUTTONS}, in due order, each ticking that item of that hire`, () => {
    const row = checklistTickButtons(hire("E-N", "赵新", ["item-1", "item-3"]), 0)!;
    const intents = row.buttons.map((b) => b.intent);
    expect(intents).toEqual(
      ["item-2", "item-4", "item-5"].map((item) => ({
        kind: "checklist_tick",
        employee: "E-N",
        item,
        template: "sales-new-hire",
        done: true,
      })),
    );
    expect(row.buttons).toHaveLength(MAX_TICK_BUTTONS);
    expect(row.buttons[0]!.label["zh-CN"]).toBe("✓ 入职事项 2");
  });

  it("none when every item is done", () => {
    const all = ["item-1", "item-2", "item-3", "item-4", "item-5", "item-6", "item-7"];
    expect(checklistTickButtons(hire("E-N", "赵新", all), 0)).toBeNull();
  });

  it("appear on the onboarding card only for hires the viewer may tick", () => {
    const hires = [hire("E-N", "赵新", []), hire("E-X", "钱多", [])];
    const plain = onboardingCard(status(hires), { timezone: TZ });
    expect(buttonsOf(plain).filter((b) => b.intent.kind === "checklist_tick")).toEqual([]);
    const some = onboardingCard(status(hires), { timezone: TZ, canTick: (h) => h.employee.externalId === "E-X" });
    const ticks = buttonsOf(some)
      .map((b) => b.intent)
      .filter((i) => i.kind === "checklist_tick");
    expect(ticks.map((i) => i.kind === "checklist_tick" && i.employee)).toEqual(Array(MAX_TICK_BUTTONS).fill("E-X"));
  });

  it("a full card (every listed hire with open items) keeps unique action ids and fits both platforms", () => {
    const hires = Array.from({ length: 30 }, (_, i) => hire(`E-${i}`, `新人${i}`, []));
    const card = onboardingCard(status(hires), { timezone: TZ, canTick: () => true });
    const ids = buttonsOf(card).map((b) => b.actionId);
    expect(new Set(ids).size).toBe(ids.length);
    fits(card);
  });
});
