// HR's cards as a specification: offers by urgency with their buttons, onboarding progress, a
// probation alert, an opening's screening ranking, one candidate's explanation and the daily digest.
// Inputs are shaped exactly like the services' output and built with the same pure rules the
// services use (offer urgency and actions, checklist status, milestones, keyword screening), at
// 2026-10-20 12:00 Asia/Shanghai.
import { describe, expect, it } from "vitest";
import {
  candidateCard,
  hrDigestCard,
  MAX_OFFERS_SHOWN,
  milestoneAlertCard,
  offerDeadlineText,
  offersCard,
  onboardingCard,
  screeningCard,
  text,
  type Card,
  type CardElement,
  type ProgressElement,
} from "../../cards/index.ts";
import { deserializeIntent, serializeIntent } from "../../src/chat/intents.ts";
import type { MetricKey } from "../../src/kpi/metrics.ts";
import { addDays } from "../../src/kpi/period.ts";
import { OFFER_STATUS_LABELS, STAGE_LABELS, type OfferStatus, type Stage } from "../../src/recruit/errors.ts";
import { availableOfferActions, offerUrgency, sortByUrgency, type OfferActionKind } from "../../src/recruit/offers.ts";
import {
  checklistStatus,
  milestoneReasons,
  probationMilestones,
  type ChecklistItemInput,
  type Thresholds,
} from "../../src/recruit/onboarding.ts";
import { rankCandidates, type KeywordProfile } from "../../src/recruit/screening.ts";
import type { KpiSnapshot, MilestoneAlert, NewHireStatus, OnboardingStatus } from "../../src/services/onboarding.ts";
import type { HrDigest, OfferView, OpeningScreening, RankedCandidate } from "../../src/services/recruitment.ts";
import { larkCardBytes, LARK_LIMITS, renderLarkCard } from "../../src/lark/render.ts";
import { renderSlackMessage, SLACK_LIMITS } from "../../src/slack/render.ts";
import { allText, buttonsOf, textsOf, TZ } from "./fixtures.ts";

const NOW = new Date("2026-10-20T04:00:00.000Z"); // 12:00 in Shanghai
const TODAY = "2026-10-20";
const H = 3_600_000;
const at = (hoursFromNow: number) => new Date(NOW.getTime() + hoursFromNow * H);

const of = <T extends CardElement["type"]>(card: Card, type: T) =>
  card.elements.filter((e) => e.type === type) as Extract<CardElement, { type: T }>[];
const intents = (card: Card) => Object.fromEntries(buttonsOf(card).map((b) => [b.actionId, b.intent]));

// ─── Fixtures ───────────────────────────────────────────────────────────────────────────────────

const OPENINGS = {
  sea: { externalId: "OP-SEA", title: "海运销售经理", teamExternalId: "T-EAST" },
  air: { externalId: "OP-AIR", title: "Air freight sales rep", teamExternalId: null },
};
const MANAGER = { externalId: "E-M1", name: "李强" };

interface OfferSpec {
  id: string;
  name: string;
  /** Hours from NOW to the deadline (negative: overdue). */
  deadline: number;
  opening?: keyof typeof OPENINGS;
  status?: OfferStatus;
  respondedAt?: Date | null;
  reminders?: number;
  actions?: OfferActionKind[];
  manager?: boolean;
}

/** An offer as listOffers returns it at NOW (urgency, hours left and actions by the same rules). */
function offer(spec: OfferSpec): OfferView {
  const deadlineAt = at(spec.deadline);
  const sentAt = new Date(deadlineAt.getTime() - 72 * H);
  const status = spec.status ?? "pending";
  const facts = { externalId: spec.id, sentAt, deadlineAt, status, respondedAt: spec.respondedAt ?? null };
  const u = offerUrgency(facts, NOW);
  const reminders = spec.reminders ?? 0;
  const opening = OPENINGS[spec.opening ?? "sea"];
  return {
    externalId: spec.id,
    applicationExternalId: `AP-${spec.id}`,
    applicationStage: status === "pending" ? "offer" : status === "accepted" ? "accepted" : "declined",
    candidate: { externalId: `C-${spec.id}`, name: spec.name },
    opening,
    hiringManager: spec.manager === false ? null : MANAGER,
    sentAt,
    deadlineAt,
    status,
    statusLabel: OFFER_STATUS_LABELS[status],
    respondedAt: facts.respondedAt,
    urgency: u.urgency,
    hoursLeft: u.hoursLeft,
    actions: spec.actions ?? availableOfferActions(facts),
    reminders,
    lastRemindedAt: reminders > 0 ? at(-20) : null,
  };
}

/** As listOffers returns them: most urgent first (the card keeps the service's order). */
function offers(): OfferView[] {
  return sortByUrgency([
    offer({ id: "OF-3", name: "王五", deadline: 13.5 }),
    offer({ id: "OF-6", name: "孙七", deadline: -30, status: "accepted", respondedAt: at(-3) }),
    offer({ id: "OF-1", name: "张三", deadline: -50, reminders: 2 }),
    offer({ id: "OF-5", name: "赵六", deadline: 60, opening: "air", manager: false }),
    offer({ id: "OF-2", name: "李四", deadline: -5 }),
    offer({ id: "OF-4", name: "Emily Chen", deadline: 30, opening: "air" }),
  ]);
}

const THRESHOLDS: Thresholds = { training: 80, kpi: 60 };

function items(hiredAt: string, doneCourseDays: number[]): ChecklistItemInput[] {
  const course = (key: string, title: string, dueDays: number): ChecklistItemInput => ({
    templateKey: "sales",
    key,
    title,
    kind: "course",
    dueDays,
    courseExternalId: `CRS-${key}`,
    completedAt: doneCourseDays.includes(dueDays) ? new Date(`${addDays(hiredAt, dueDays - 1)}T02:00:00Z`) : null,
  });
  return [
    {
      templateKey: "sales",
      key: "contract",
      title: "签署劳动合同",
      kind: "document",
      dueDays: 1,
      courseExternalId: null,
      completedAt: new Date(`${hiredAt}T03:00:00Z`),
    },
    course("product", "产品知识", 3),
    course("crm", "CRM 系统", 7),
    course("pricing", "报价流程", 14),
    course("collect", "回款流程", 21),
    course("client", "客户开发", 45),
  ];
}

function kpi(
  score: string,
  projected: string | null,
  weakest: { metric: MetricKey; pointsLost: string } | null = null,
): KpiSnapshot {
  return {
    score,
    projectedScore: projected,
    judgedScore: projected ?? score,
    judgedOn: projected === null ? "to_date" : "projected",
    plan: "new",
    period: "2026-10",
    asOf: NOW.toISOString(),
    basis: "to_date",
    weakest,
  };
}

function newHire(
  name: string,
  externalId: string,
  hiredAt: string,
  doneCourseDays: number[],
  snapshot: KpiSnapshot | null,
): NewHireStatus {
  const checklist = checklistStatus(items(hiredAt, doneCourseDays), hiredAt, TODAY, NOW);
  const probationEndsAt = addDays(hiredAt, 91);
  const milestones = probationMilestones(hiredAt, probationEndsAt).map((m) => ({ ...m, passed: m.date <= TODAY }));
  const day = Math.round((Date.parse(`${TODAY}T00:00:00Z`) - Date.parse(`${hiredAt}T00:00:00Z`)) / 86_400_000);
  const reasons = milestoneReasons(
    { trainingPercent: checklist.training.percent, kpiScore: day >= 30 ? (snapshot?.judgedScore ?? null) : null },
    THRESHOLDS,
  );
  return {
    employee: {
      externalId,
      name,
      role: "sales",
      teamExternalId: "T-EAST",
      plan: "new",
      hiredAt,
      probationEndsAt,
      manager: MANAGER,
    },
    day,
    checklist,
    milestones,
    nextMilestone: milestones.find((m) => !m.passed) ?? null,
    kpi: snapshot,
    reasons,
    behind: reasons.length > 0,
  };
}

function onboarding(): OnboardingStatus {
  return {
    asOf: NOW.toISOString(),
    date: TODAY,
    timezone: TZ,
    thresholds: THRESHOLDS,
    newHires: [
      // On track, day 80.
      newHire(
        "刘洋",
        "E-N3",
        "2026-08-01",
        [3, 7, 14, 21, 45],
        kpi("70.00", "75.00", { metric: "new_customers", pointsLost: "3.00" }),
      ),
      // Day 12: a low projection is not judged before day 30.
      newHire("陈晨", "E-N2", "2026-10-08", [3, 7], kpi("20.00", "45.00")),
      // Day 45: training 2 of 4 (50 %) and KPI 52.40 projected — behind on both.
      newHire(
        "王芳",
        "E-N1",
        "2026-09-05",
        [3, 7],
        kpi("31.20", "52.40", { metric: "collected_revenue", pointsLost: "12.00" }),
      ),
    ],
  };
}

function alert(): MilestoneAlert {
  const hiredAt = "2026-09-05";
  const milestone = probationMilestones(hiredAt, addDays(hiredAt, 91))[0]!; // d30, 2026-10-05
  const checklist = checklistStatus(
    items(hiredAt, [3, 7]),
    hiredAt,
    milestone.date,
    new Date("2026-10-04T15:59:59.999Z"),
  );
  const snapshot: KpiSnapshot = {
    ...kpi("18.75", "48.30", { metric: "collected_revenue", pointsLost: "14.50" }),
    asOf: "2026-10-04T15:59:59.999Z",
  };
  const reasons = milestoneReasons(
    { trainingPercent: checklist.training.percent, kpiScore: snapshot.judgedScore },
    THRESHOLDS,
  );
  return {
    idempotencyKey: "probation:E-N1:d30",
    employee: {
      externalId: "E-N1",
      name: "王芳",
      role: "sales",
      teamExternalId: "T-EAST",
      plan: "new",
      hiredAt,
      probationEndsAt: addDays(hiredAt, 91),
      manager: MANAGER,
    },
    milestone,
    reasons,
    thresholds: THRESHOLDS,
    checklist,
    kpi: snapshot,
    recommendedCourse: {
      metric: "collected_revenue",
      pointsLost: "14.50",
      course: {
        externalId: "CRS-1",
        titleZh: "高效回款技巧",
        titleEn: "Collecting on time",
        url: "https://learn.example.com/collect",
      },
    },
    recipients: [],
  };
}

const PROFILE: KeywordProfile = {
  required: [
    { keyword: "货代销售经验", weight: 3, synonyms: ["freight forwarding sales"] },
    { keyword: "客户资源", weight: 2, synonyms: ["client book"] },
  ],
  preferred: [
    { keyword: "订单转化", weight: 1, synonyms: ["conversion"] },
    { keyword: "海运", weight: 1, synonyms: ["ocean freight"] },
    { keyword: "英语", weight: 1, synonyms: ["CET-6"] },
  ],
};

const RESUMES: { id: string; name: string; stage: Stage; applied: string; resume: string }[] = [
  {
    id: "C-1",
    name: "张三",
    stage: "interview",
    applied: "2026-10-02T01:00:00Z",
    resume:
      "求职意向：海运销售经理\n6年国际货代销售经验，负责华东区揽货。\n积累稳定客户资源 40 余家，订单转化率约 30%。\n英语 CET-6。",
  },
  {
    id: "C-2",
    name: "Emily Chen",
    stage: "screened",
    applied: "2026-10-05T06:30:00Z",
    resume:
      "Objective: Ocean freight sales\n5 years of freight forwarding sales in Shanghai.\nBuilt a client book of 25 shippers; handled ocean freight and air freight.",
  },
  {
    id: "C-3",
    name: "王五",
    stage: "applied",
    applied: "2026-10-12T08:00:00Z",
    resume: "3年国际货代销售经验。暂无客户资源，希望在新平台积累。\n熟悉海运订舱，订单转化率 25%。",
  },
  {
    id: "C-4",
    name: "李四",
    stage: "applied",
    applied: "2026-10-15T02:00:00Z",
    resume: "上海运营中心客服，熟悉报关。",
  },
];

function screening(): OpeningScreening {
  const ranked = rankCandidates(
    PROFILE,
    RESUMES.map((r) => ({
      key: r.id,
      resumeText: r.resume,
      applicationExternalId: `AP-${r.id}`,
      candidateExternalId: r.id,
      name: r.name,
      stage: r.stage,
      appliedAt: new Date(r.applied),
    })),
  );
  return {
    opening: {
      externalId: "OP-SEA",
      title: "海运销售经理",
      status: "open",
      teamExternalId: "T-EAST",
      ownerExternalId: "E-M1",
    },
    profile: PROFILE,
    candidates: ranked.map(
      (r): RankedCandidate => ({
        rank: r.rank,
        applicationExternalId: r.applicationExternalId,
        candidateExternalId: r.candidateExternalId,
        name: r.name,
        stage: r.stage,
        stageLabel: STAGE_LABELS[r.stage],
        appliedAt: r.appliedAt,
        screening: r.screening,
      }),
    ),
  };
}

function digest(): HrDigest {
  const list = offers().filter((o) => o.status === "pending");
  const hires = onboarding().newHires.filter((h) => h.behind);
  return {
    idempotencyKey: "hr-digest:2026-10-20",
    date: TODAY,
    timezone: TZ,
    generatedAt: new Date("2026-10-20T01:30:00.000Z"), // 09:30 local
    offers: list,
    interviewsToday: [
      {
        interviewExternalId: "IV-2",
        scheduledAt: new Date("2026-10-20T07:00:00Z"),
        interviewers: ["李强"],
        applicationExternalId: "AP-C-2",
        candidate: { externalId: "C-2", name: "Emily Chen" },
        opening: { externalId: "OP-SEA", title: "海运销售经理" },
        hiringManagerExternalId: "E-M1",
      },
      {
        interviewExternalId: "IV-1",
        scheduledAt: new Date("2026-10-20T02:00:00Z"),
        interviewers: ["李强", "王磊"],
        applicationExternalId: "AP-C-1",
        candidate: { externalId: "C-1", name: "张三" },
        opening: { externalId: "OP-SEA", title: "海运销售经理" },
        hiringManagerExternalId: "E-M1",
      },
    ],
    newHiresBehind: hires,
    counts: {
      offersOverdue: list.filter((o) => o.urgency === "overdue").length,
      offersDueSoon: list.filter((o) => o.urgency !== "overdue").length,
      interviewsToday: 2,
      newHiresBehind: hires.length,
      newHires: 3,
    },
    recipients: [],
  };
}

// ─── Offers ─────────────────────────────────────────────────────────────────────────────────────

describe("offers card", () => {
  const card = offersCard(offers(), { timezone: TZ, now: NOW, canAct: true, canRemind: true });
  const bars = of(card, "progress");

  it("lists offers by urgency — most overdue first, then by deadline, answered last — coloured red, orange, blue", () => {
    expect(bars.map((b) => b.label.en)).toEqual([
      "张三 · 海运销售经理 (OF-1)",
      "李四 · 海运销售经理 (OF-2)",
      "王五 · 海运销售经理 (OF-3)",
      "Emily Chen · Air freight sales rep (OF-4)",
      "赵六 · Air freight sales rep (OF-5)",
      "孙七 · 海运销售经理 (OF-6)",
    ]);
    expect(bars.map((b: ProgressElement) => b.tone)).toEqual(["bad", "bad", "warning", "warning", "info", "good"]);
    expect(card.header.tone).toBe("bad");
    expect(card.header.subtitle?.en).toBe(
      "6 in all · 2 overdue, 1 due within 24 h, 1 due within 48 h, 1 due within 3 days, 1 answered",
    );
  });

  it("says how long is left or how long overdue, with the deadline in the organization's time zone", () => {
    expect(bars[0]!.caption).toEqual({
      "zh-CN": "已逾期 2 天 · 截止 10月18日 10:00",
      en: "2 days overdue · due Oct 18, 10:00",
    });
    expect(bars[1]!.caption.en).toBe("5 h overdue · due Oct 20, 07:00");
    expect(bars[2]!.caption).toEqual({
      "zh-CN": "还剩 13 小时 · 截止 10月21日 01:30",
      en: "13 h left · due Oct 21, 01:30",
    });
    expect(bars[4]!.caption.en).toBe("2 days 12 h left · due Oct 23, 00:00");
    expect(bars[5]!.caption).toEqual({ "zh-CN": "已接受 · 10月20日 09:00", en: "accepted · Oct 20, 09:00" });
    // Overdue bars run past the end; the window's share used up otherwise.
    expect(bars[0]!.ratio).toBeGreaterThan(1);
    expect(bars[2]!.ratio).toBeCloseTo((72 - 13.5) / 72, 10);
  });

  it("shows the hiring manager and the reminders sent", () => {
    const lines = of(card, "context").map((c) => c.text);
    expect(lines[0]).toEqual({
      "zh-CN": "用人经理 李强 · 已提醒 2 次（最近 10月19日 16:00）",
      en: "Hiring manager 李强 · reminded 2 times (last Oct 19, 16:00)",
    });
    expect(lines[1]).toEqual(
      text("用人经理 李强 · 未提醒过候选人", "Hiring manager 李强 · candidate not reminded yet"),
    );
    expect(lines[4]!.en).toBe("No hiring manager · candidate not reminded yet");
  });

  it("gives each pending offer accept / decline / extend 3 days / remind buttons carrying offer_action intents; an answered offer none", () => {
    const all = intents(card);
    expect(all.accept_1).toEqual({ kind: "offer_action", offer: "OF-1", action: "accept" });
    expect(all.decline_1).toEqual({ kind: "offer_action", offer: "OF-1", action: "decline" });
    expect(all.extend_1).toEqual({ kind: "offer_action", offer: "OF-1", action: "extend", days: 3 });
    expect(all.remind_1).toEqual({ kind: "offer_action", offer: "OF-1", action: "remind" });
    expect(all.remind_5).toEqual({ kind: "offer_action", offer: "OF-5", action: "remind" });
    expect(all.offers_refresh).toEqual({ kind: "offers" });
    // One row per offer, in the card's order; the accepted OF-6 has none.
    const rows = of(card, "actions").map((a) => a.buttons.map((b) => b.actionId));
    expect(rows.slice(0, 5)).toEqual(
      [1, 2, 3, 4, 5].map((i) => [`accept_${i}`, `decline_${i}`, `extend_${i}`, `remind_${i}`]),
    );
    expect(rows[5]).toEqual(["offers_refresh"]);
    expect(Object.keys(all).filter((id) => id.endsWith("_6"))).toEqual([]);
    const labels = of(card, "actions")[0]!.buttons.map((b) => b.label);
    expect(labels).toEqual([
      text("接受", "Accept"),
      text("拒绝", "Decline"),
      text("延期3天", "Extend 3 days"),
      text("提醒候选人", "Remind candidate"),
    ]);
  });

  it("asks for confirmation before declining (and accepting), naming the candidate and the offer", () => {
    const decline = buttonsOf(card).find((b) => b.actionId === "decline_2")!;
    expect(decline.style).toBe("danger");
    expect(decline.confirm).toEqual({
      title: text("李四 已拒绝 offer（OF-2）？", "李四 declined OF-2?"),
      text: text("申请将随之结束，不能撤销。", "The application closes; this cannot be undone."),
      ok: text("确认拒绝", "Mark declined"),
      cancel: text("取消", "Cancel"),
    });
    const accept = buttonsOf(card).find((b) => b.actionId === "accept_2")!;
    expect(accept.style).toBe("primary");
    expect(accept.confirm?.title).toEqual(text("李四 已接受 offer（OF-2）？", "李四 accepted OF-2?"));
    expect(accept.confirm?.ok).toEqual(text("确认接受", "Mark accepted"));
    expect(buttonsOf(card).find((b) => b.actionId === "extend_2")!.confirm).toBeUndefined();
    expect(buttonsOf(card).find((b) => b.actionId === "remind_2")!.confirm).toBeUndefined();
  });

  it("shows only the actions the offer still takes", () => {
    const limited = offersCard([offer({ id: "OF-9", name: "周八", deadline: 10, actions: ["extend", "remind"] })], {
      timezone: TZ,
      now: NOW,
      canAct: true,
      canRemind: true,
    });
    expect(buttonsOf(limited).map((b) => b.actionId)).toEqual(["extend_1", "remind_1", "offers_refresh"]);
  });

  it("leaves the remind button out when no remind webhook is configured", () => {
    const noWebhook = offersCard(offers(), { timezone: TZ, now: NOW, canAct: true, canRemind: false });
    const ids = buttonsOf(noWebhook).map((b) => b.actionId);
    expect(ids.filter((id) => id.startsWith("remind_"))).toEqual([]);
    expect(ids).toContain("accept_1");
    expect(ids).toContain("extend_1");
  });

  it("shows no action buttons to someone who cannot act (a hiring manager), and says why", () => {
    const readOnly = offersCard(offers(), { timezone: TZ, now: NOW, canAct: false, canRemind: true });
    expect(buttonsOf(readOnly).map((b) => b.actionId)).toEqual(["offers_refresh"]);
    expect(allText(readOnly, "en")).toContain("only HR can act on offers");
    expect(of(readOnly, "progress")).toHaveLength(6);
  });

  it("puts a notice on top for an in-place update, and in the summary", () => {
    const notice = text("已将 OF-1 标记为接受。", "Marked OF-1 accepted.");
    const updated = offersCard(
      offers().filter((o) => o.externalId !== "OF-1"),
      { timezone: TZ, now: NOW, canAct: true, canRemind: true, notice },
    );
    expect(updated.elements[0]).toEqual({ type: "text", text: notice });
    expect(updated.summary.en).toMatch(/^Marked OF-1 accepted\. · 5 offers \(/);
    expect(updated.summary["zh-CN"]).toMatch(/^已将 OF-1 标记为接受。 · offer 5 个/);
  });

  it("says so kindly when no offer needs attention", () => {
    const empty = offersCard([], { timezone: TZ, now: NOW, canAct: true, canRemind: true });
    expect(empty.header).toEqual({ title: text("没有需要处理的 offer", "No offers need attention"), tone: "good" });
    expect(allText(empty, "en")).toContain("none is overdue or due within 3 days");
    expect(buttonsOf(empty).map((b) => b.actionId)).toEqual(["offers_refresh"]);
    const withNotice = offersCard([], {
      timezone: TZ,
      now: NOW,
      canAct: true,
      canRemind: true,
      notice: text("已将 OF-1 标记为拒绝。", "Marked OF-1 declined."),
    });
    expect(withNotice.elements[0]!.type).toBe("text");
    expect(withNotice.summary.en).toBe("Marked OF-1 declined. · No offers need attention");
  });

  it("keeps a 40-offer list within Slack's and Lark's limits: the most urgent listed, the rest counted", () => {
    // Long names and titles: Lark's 30 KB (both languages in one card) is the tighter limit.
    // Listed most urgent first, as listOffers does.
    const many = sortByUrgency(
      Array.from({ length: 40 }, (_, i) => ({
        ...offer({
          id: `OF-${String(i + 1).padStart(3, "0")}`,
          name: i % 2 ? `Alexandra Richardson-Whitfield ${i + 1}` : `欧阳娜娜${i + 1}`,
          deadline: 40 - i * 4,
          reminders: i % 3,
        }),
        opening: {
          externalId: "OP-NINGBO-SEA-2026",
          title: "华东区海运销售经理（宁波分公司，整箱与拼箱）",
          teamExternalId: "T-EAST",
        },
        hiringManager: { externalId: "E-M2", name: "司马相如" },
      })),
    );
    const big = offersCard(many, { timezone: TZ, now: NOW, canAct: true, canRemind: true });
    expect(of(big, "progress")).toHaveLength(MAX_OFFERS_SHOWN);
    // Most overdue first: OF-040 is 116 hours overdue.
    expect(of(big, "progress")[0]!.label.en).toBe(
      "Alexandra Richardson-Whitfield 40 · 华东区海运销售经理（宁波分公司，整箱与拼箱） (OF-040)",
    );
    const more = of(big, "text").at(-1)!.text;
    const hidden = 40 - MAX_OFFERS_SHOWN;
    expect(more.en).toMatch(new RegExp(`^… ${hidden} more offers not listed \\(\\d+ overdue, `));
    expect(more["zh-CN"]).toMatch(new RegExp(`^… 另有 ${hidden} 个 offer 未列出（\\d+ 个已逾期、`));
    for (const row of of(big, "actions")) expect(row.buttons.length).toBeLessThanOrEqual(SLACK_LIMITS.actionsElements);
    const ids = buttonsOf(big).map((b) => b.actionId);
    expect(ids).toHaveLength(4 * MAX_OFFERS_SHOWN + 1);
    expect(new Set(ids).size).toBe(ids.length);
    for (const locale of ["zh-CN", "en"] as const) {
      const slack = renderSlackMessage(big, locale);
      expect(slack.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.messageBlocks);
      expect(JSON.stringify(slack.blocks)).not.toMatch(/Some content was left out|已省略部分内容/);
      const buttons = slack.blocks.flatMap((b) => (b.type === "actions" ? b.elements : []));
      expect(buttons).toHaveLength(ids.length);
    }
    const lark = renderLarkCard(big);
    expect(larkCardBytes(lark)).toBeLessThanOrEqual(LARK_LIMITS.cardBytes - LARK_LIMITS.envelopeBytes);
    expect(JSON.stringify(lark)).not.toMatch(/Some content was left out|已省略部分内容/);
    expect(JSON.stringify(lark)).toContain(`(OF-${String(40 - MAX_OFFERS_SHOWN + 1).padStart(3, "0")})`);
  });

  it("writes deadlines in whole hours and days, never more time than there is", () => {
    expect(offerDeadlineText(at(0.5), NOW)).toEqual(text("还剩不到 1 小时", "less than 1 h left"));
    expect(offerDeadlineText(at(47.9), NOW)).toEqual(text("还剩 47 小时", "47 h left"));
    expect(offerDeadlineText(at(72), NOW)).toEqual(text("还剩 3 天", "3 days left"));
    expect(offerDeadlineText(NOW, NOW)).toEqual(text("刚刚逾期", "just overdue"));
    expect(offerDeadlineText(at(-23.5), NOW)).toEqual(text("已逾期 23 小时", "23 h overdue"));
    expect(offerDeadlineText(at(-24), NOW)).toEqual(text("已逾期 1 天", "1 day overdue"));
  });
});

// ─── Onboarding ─────────────────────────────────────────────────────────────────────────────────

describe("onboarding card", () => {
  const status = onboarding();
  const card = onboardingCard(status, { timezone: TZ });
  const bars = of(card, "progress");
  const fields = of(card, "fields");
  const field = (i: number, label: string) => fields[i]!.fields.find((f) => f.label.en === label)?.value;

  it("lists behind new hires first, with day N of probation and checklist progress", () => {
    expect(bars.map((b) => b.label.en)).toEqual([
      "王芳 · probation day 45",
      "刘洋 · probation day 80",
      "陈晨 · probation day 12",
    ]);
    expect(bars[0]!.label["zh-CN"]).toBe("王芳 · 试用期第 45 天");
    expect(bars.map((b) => b.tone)).toEqual(["bad", "good", "good"]);
    // 王芳: the contract and 2 of 5 courses done = 3 of 6 items.
    expect(bars[0]!.caption).toEqual({ "zh-CN": "入职清单 3/6 · 50.0%", en: "Checklist 3 of 6 · 50.0%" });
    expect(bars[0]!.ratio).toBeCloseTo(0.5, 10);
    expect(card.header).toMatchObject({
      subtitle: text("3 位新员工 · 1 位落后", "3 new hires · 1 behind"),
      tone: "warning",
    });
  });

  it("says why someone is behind, their training and KPI against the thresholds, the next milestone and the weakest metric", () => {
    expect(field(0, "Status")).toEqual({
      "zh-CN": "培训完成率 50.0% 低于 80%；KPI 52.40 分低于 60 分",
      en: "training 50.0% below 80%; KPI 52.40 pts below 60 pts",
    });
    expect(field(0, "Training")).toEqual({
      "zh-CN": "2/4 门 · 50.0%（阈值 80%）",
      en: "2 of 4 courses · 50.0% (threshold 80%)",
    });
    expect(field(0, "KPI (judged)")!.en).toBe(
      "52.40 pts (October 2026, month-end projection) · below the 60 pts threshold",
    );
    expect(field(0, "Next milestone")).toEqual({
      "zh-CN": "第 60 天节点 · 11月4日（还有 15 天）",
      en: "day-60 milestone · Nov 4 (in 15 days)",
    });
    expect(field(0, "Weakest metric")!.en).toBe("Collected revenue (12.00 pts lost)");
    expect(field(0, "Overdue items")).toEqual(text("报价流程、回款流程", "报价流程, 回款流程"));
    expect(field(0, "Manager")!.en).toBe("李强");
  });

  it("does not judge the KPI before the first milestone, and says a new hire on track is on track", () => {
    expect(field(2, "Status")).toEqual(text("进度正常", "on track"));
    expect(field(2, "KPI (judged)")!.en).toBe(
      "45.00 pts (October 2026, month-end projection) · under 60 pts, not judged before the first milestone",
    );
    expect(field(1, "KPI (judged)")!.en).toBe(
      "75.00 pts (October 2026, month-end projection) · meets the 60 pts threshold",
    );
    expect(field(1, "Next milestone")!.en).toBe("day-90 milestone · Oct 30 (in 10 days)");
  });

  it("states the thresholds and the as-of time in the zone, and refreshes with the onboarding intent", () => {
    expect(of(card, "context").at(-1)!.text.en).toBe(
      "Thresholds: training 80% · KPI 60 pts · as of Oct 20, 12:00 (Asia/Shanghai)",
    );
    expect(intents(card)).toEqual({ onboarding_refresh: { kind: "onboarding" } });
  });

  it("says when there are no new hires", () => {
    const empty = onboardingCard({ ...status, newHires: [] }, { timezone: TZ });
    expect(empty.header.tone).toBe("neutral");
    expect(allText(empty, "en")).toContain("There are no new hires in probation right now.");
  });
});

describe("milestone alert card", () => {
  const a = alert();
  const card = milestoneAlertCard(a, { timezone: TZ });

  it("names who and which milestone, and why: training and KPI below their thresholds", () => {
    expect(a.reasons).toEqual(["training_below_threshold", "kpi_below_threshold"]);
    expect(card.header.title).toEqual({
      "zh-CN": "试用期提醒：王芳 · 第 30 天节点",
      en: "Probation alert: 王芳 · day-30 milestone",
    });
    expect(card.header.subtitle).toEqual({
      "zh-CN": "入职 2026年9月5日 · 经理 李强",
      en: "Hired Sep 5, 2026 · manager 李强",
    });
    expect(card.header.tone).toBe("bad");
    const intro = of(card, "text")[0]!.text;
    expect(intro.en).toBe(
      "王芳 reached the day-30 milestone (Oct 5, 2026, day 30) below threshold; HR and the manager should follow up:\n• training 50.0% below 80%\n• KPI 48.30 pts below 60 pts",
    );
    expect(intro["zh-CN"]).toContain("• 培训完成率 50.0% 低于 80%\n• KPI 48.30 分低于 60 分");
    const [training] = of(card, "progress");
    expect(training).toMatchObject({
      tone: "bad",
      caption: text("2/4 门 · 50.0% · 阈值 80%", "2 of 4 courses · 50.0% · threshold 80%"),
    });
  });

  it("recommends the course for the weakest metric, with its title in both languages and its link", () => {
    const course = of(card, "text").find((t) => t.text.en.startsWith("Recommended course"))!.text;
    expect(course).toEqual({
      "zh-CN": "推荐课程（针对最弱指标「回款」，少得 14.50 分）：《高效回款技巧》\nhttps://learn.example.com/collect",
      en: "Recommended course (for the weakest metric, Collected revenue, 14.50 pts lost): “Collecting on time”\nhttps://learn.example.com/collect",
    });
    const noLink = milestoneAlertCard(
      { ...a, recommendedCourse: { ...a.recommendedCourse!, course: { ...a.recommendedCourse!.course, url: null } } },
      { timezone: TZ },
    );
    expect(allText(noLink, "en")).toContain("(no link yet: find it in the training system)");
  });

  it("shows the KPI score as of the moment it was judged, in the zone, and a training-only alert in orange", () => {
    const kpiField = of(card, "fields")[0]!.fields.find((f) => f.label.en === "KPI score to date")!;
    expect(kpiField.value).toEqual({ "zh-CN": "18.75 分（截至 10月4日 23:59）", en: "18.75 pts (as of Oct 4, 23:59)" });
    const trainingOnly = milestoneAlertCard(
      { ...a, reasons: ["training_below_threshold"], kpi: null, recommendedCourse: null },
      { timezone: TZ },
    );
    expect(trainingOnly.header.tone).toBe("warning");
    expect(allText(trainingOnly, "en")).toContain("not scored on a KPI plan");
    expect(allText(trainingOnly, "en")).not.toContain("Recommended course");
  });
});

// ─── Screening ──────────────────────────────────────────────────────────────────────────────────

describe("screening card", () => {
  const result = screening();
  const card = screeningCard(result, { timezone: TZ });
  const [table] = of(card, "table");

  it("ranks candidates with every required keyword first, by score, and flags those missing one", () => {
    expect(table!.rows.map((r) => [r.rank!.en, r.name!.en, r.stage!.en, r.score!.en, r.required!.en])).toEqual([
      ["1", "张三", "interview", "87.5 (7/8)", "✓ all required"],
      ["2", "Emily Chen", "screened", "75.0 (6/8)", "✓ all required"],
      ["3", "王五", "applied", "62.5 (5/8)", "✗ missing: 客户资源"],
      ["4", "李四", "applied", "0.0 (0/8)", "✗ missing: 货代销售经验, 客户资源"],
    ]);
    expect(table!.rows[0]!.stage!["zh-CN"]).toBe("面试中");
    expect(table!.rows[2]!.required!["zh-CN"]).toBe("✗ 缺：客户资源");
    expect(table!.rows[1]!.applied).toEqual(text("10月5日", "Oct 5"));
    expect(card.header.subtitle?.en).toBe("OP-SEA · 4 candidates · 2 with every required keyword");
  });

  it("explains the score and the profile in small print", () => {
    const small = of(card, "context").map((c) => c.text);
    expect(small[0]).toEqual({
      "zh-CN": "必备关键词：货代销售经验 ×3、客户资源 ×2 · 加分关键词：订单转化 ×1、海运 ×1、英语 ×1",
      en: "Required: 货代销售经验 ×3, 客户资源 ×2 · Preferred: 订单转化 ×1, 海运 ×1, 英语 ×1",
    });
    expect(small[1]!.en).toMatch(/^Score = weights of the matched keywords ÷ all keyword weights × 100/);
    expect(small[1]!["zh-CN"]).toContain("不隐藏");
  });

  it("has a button per listed candidate opening their details", () => {
    expect(intents(card)).toEqual({
      candidate_1: { kind: "candidate", query: "C-1" },
      candidate_2: { kind: "candidate", query: "C-2" },
      candidate_3: { kind: "candidate", query: "C-3" },
      candidate_4: { kind: "candidate", query: "C-4" },
    });
    const top2 = screeningCard(result, { timezone: TZ, limit: 2 });
    expect(of(top2, "table")[0]!.rows).toHaveLength(2);
    expect(buttonsOf(top2)).toHaveLength(2);
    expect(allText(top2, "en")).toContain("… 2 more candidates not listed");
  });

  it("says when nobody has applied", () => {
    const empty = screeningCard({ ...result, candidates: [] }, { timezone: TZ });
    expect(of(empty, "table")).toEqual([]);
    expect(buttonsOf(empty)).toEqual([]);
    expect(allText(empty, "en")).toContain("No one has applied to this opening yet.");
  });
});

describe("candidate card", () => {
  const result = screening();
  const find = (id: string) => result.candidates.find((c) => c.candidateExternalId === id)!;
  const opts = { timezone: TZ, opening: result.opening, candidates: result.candidates.length };

  it("shows the score and every keyword: matched via which synonym, and the snippet where", () => {
    const card = candidateCard(find("C-2"), opts);
    expect(card.header).toEqual({
      title: text("候选人：Emily Chen", "Candidate: Emily Chen"),
      subtitle: text(
        "海运销售经理（OP-SEA）· 第 2 名（共 4 位） · 初筛通过",
        "海运销售经理 (OP-SEA) · #2 of 4 · screened",
      ),
      tone: "good",
    });
    const score = of(card, "fields")[0]!.fields[0]!.value;
    expect(score).toEqual(text("75.0 / 100（命中权重 6/8）", "75.0 of 100 (weight 6 of 8)"));
    const required = of(card, "text").find((t) => t.text.en.startsWith("Required keywords"))!.text;
    expect(required.en).toBe(
      [
        "Required keywords",
        "✓ 货代销售经验 (required · weight 3): found 1 time, via the synonym “freight forwarding sales”",
        '   "5 years of [freight forwarding sales] in Shanghai."',
        "✓ 客户资源 (required · weight 2): found 1 time, via the synonym “client book”",
        '   "Built a [client book] of 25 shippers; handled…"',
      ].join("\n"),
    );
    expect(required["zh-CN"]).toContain(
      "✓ 货代销售经验（必备 · 权重 3）：命中 1 处，通过同义词「freight forwarding sales」",
    );
    expect(required["zh-CN"]).toContain(
      "✓ 客户资源（必备 · 权重 2）：命中 1 处，通过同义词「client book」\n   “Built a 【client book】 of 25 shippers; handled…”",
    );
    const preferred = of(card, "text").find((t) => t.text.en.startsWith("Preferred keywords"))!.text.en;
    // "Ocean freight" on the objective line names the job wanted: shown, not counted; the later one counts.
    expect(preferred).toContain("✓ 海运 (preferred · weight 1): found 1 time, via the synonym “ocean freight”");
    expect(preferred).toContain(
      '   not counted: "Objective: [Ocean freight] sales" (on the objective line, which names the job wanted)',
    );
    expect(preferred).toContain("✗ 英语 (preferred · weight 1): not found");
    expect(of(card, "actions")[0]!.buttons.map((b) => b.intent)).toEqual([{ kind: "screening", opening: "OP-SEA" }]);
  });

  it("flags a candidate missing a required keyword, and shows the negated mention that did not count", () => {
    const card = candidateCard(find("C-3"), opts);
    expect(card.header.tone).toBe("warning");
    const flag = card.elements[0]!;
    expect(flag).toEqual({
      type: "text",
      text: {
        "zh-CN":
          "⚠ 缺少必备关键词：客户资源。排在必备项齐全的候选人之后；关键词匹配可能漏掉换了说法的经历，请人工复核简历。",
        en: "⚠ Missing required keyword: 客户资源. Ranked after the candidates with every required keyword; keyword matching can miss a paraphrase, so please check the résumé.",
      },
    });
    const required = of(card, "text").find((t) => t.text.en.startsWith("Required keywords"))!.text;
    expect(required.en).toContain("✗ 客户资源 (required · weight 2): not found, a required keyword is missing");
    expect(required.en).toContain(
      '   not counted: "3年国际货代销售经验。暂无[客户资源]，希望在新平台积累。" (negated)',
    );
    expect(required["zh-CN"]).toContain(
      "   未计入：“3年国际货代销售经验。暂无【客户资源】，希望在新平台积累。”（前面有否定词）",
    );
    expect(required["zh-CN"]).toContain("✓ 货代销售经验（必备 · 权重 3）：命中 1 处，原词命中");
    expect(of(card, "fields")[0]!.fields.find((f) => f.label.en === "Required keywords")!.value).toEqual(
      text("✗ 缺 1 项", "✗ 1 missing"),
    );
    expect(card.summary.en).toBe("王五 · 海运销售经理: score 62.5, 3 of 5 keywords found; missing required: 客户资源");
  });

  it("says which form each snippet matched when it is not the form the keyword first matched by", () => {
    const [mixed] = rankCandidates(PROFILE, [
      {
        key: "C-9",
        resumeText: "Built a client book of 30 shippers.\n维护客户资源 50 家。",
        applicationExternalId: "AP-C-9",
        candidateExternalId: "C-9",
        name: "周九",
        stage: "applied" as Stage,
        appliedAt: NOW,
      },
    ]);
    const card = candidateCard({ ...mixed!, stageLabel: STAGE_LABELS[mixed!.stage] }, opts);
    const required = of(card, "text").find((t) => t.text.en.startsWith("Required keywords"))!.text;
    expect(required.en).toContain(
      '✓ 客户资源 (required · weight 2): found 2 times, via the synonym “client book”\n   "Built a [client book] of 30 shippers."\n   "维护[客户资源] 50 家。" (as written)',
    );
    expect(required["zh-CN"]).toContain("   “维护【客户资源】 50 家。”（原词）");
  });

  it("shows a match inside another word as not counted, with the reason", () => {
    const card = candidateCard(find("C-4"), opts);
    const preferred = of(card, "text").find((t) => t.text.en.startsWith("Preferred keywords"))!.text.en;
    expect(preferred).toContain('   not counted: "上[海运]营中心客服，熟悉报关。" (inside another word)');
  });
});

// ─── Digest ─────────────────────────────────────────────────────────────────────────────────────

const STALLED = [
  {
    cause: "interview_passed_no_offer" as const,
    applicationExternalId: "AP-1",
    candidate: { externalId: "C-1", name: "张三" },
    opening: { externalId: "J-1", title: "海运销售经理" },
    hiringManager: { externalId: "E-M1", name: "李强" },
    since: new Date("2026-10-16T06:00:00Z"),
    workingDaysElapsed: 2,
    thresholdDays: 2,
  },
  {
    cause: "unscreened" as const,
    applicationExternalId: "AP-4",
    candidate: { externalId: "C-4", name: "赵六" },
    opening: { externalId: "J-2", title: "Air freight sales rep" },
    hiringManager: null,
    since: new Date("2026-10-14T02:00:00Z"),
    workingDaysElapsed: 4,
    thresholdDays: 3,
  },
];

describe("HR digest card", () => {
  const d = digest();
  const card = hrDigestCard(d, { timezone: TZ, thresholds: THRESHOLDS });
  const section = (en: string) => of(card, "text").find((t) => t.text.en.startsWith(en))!.text;

  it("heads with the date and the counts, red when an offer is overdue", () => {
    expect(card.header.title).toEqual(text("人事日报 · 10月20日", "HR digest · Oct 20"));
    expect(card.header.tone).toBe("bad");
    expect(card.header.subtitle?.en).toBe(
      "2 offers overdue · 3 due within 3 days · 2 interviews today · 1 new hire behind",
    );
  });

  it("lists the offers to chase compactly, most urgent first, relative to 09:30", () => {
    expect(section("Offers to chase").en).toBe(
      [
        "Offers to chase",
        "• 张三 · 海运销售经理 · 1 day overdue (manager 李强)",
        "• 李四 · 海运销售经理 · 2 h overdue (manager 李强)",
        "• 王五 · 海运销售经理 · 16 h left (manager 李强)",
        "• Emily Chen · Air freight sales rep · 32 h left (manager 李强)",
        "• 赵六 · Air freight sales rep · 2 days 14 h left",
      ].join("\n"),
    );
  });

  it("lists today's interviews by time in the zone, and the new hires behind with why", () => {
    expect(section("Interviews today")).toEqual({
      "zh-CN":
        "今日面试\n• 10:00 张三 · 海运销售经理 · 面试官：李强、王磊\n• 15:00 Emily Chen · 海运销售经理 · 面试官：李强",
      en: "Interviews today\n• 10:00 张三 · 海运销售经理 · interviewers: 李强, 王磊\n• 15:00 Emily Chen · 海运销售经理 · interviewers: 李强",
    });
    expect(section("New hires behind").en).toBe(
      "New hires behind\n• 王芳 · day 45 · training 50.0% below 80%; KPI 52.40 pts below 60 pts",
    );
  });

  it("opens the offers card (and onboarding) from buttons", () => {
    expect(intents(card)).toEqual({ open_offers: { kind: "offers" }, open_onboarding: { kind: "onboarding" } });
    expect(buttonsOf(card)[0]!.style).toBe("primary");
  });

  it("lists the newly stalled candidates with their cause and working days, or says there are none", () => {
    expect(section("Newly stalled candidates")).toEqual({
      "zh-CN": "新卡住的候选人\n没有新卡住的候选人。",
      en: "Newly stalled candidates\nNo candidate newly stalled.",
    });
    const withStalled = hrDigestCard(d, { timezone: TZ, stalled: STALLED });
    const lines = of(withStalled, "text").find((t) => t.text.en.startsWith("Newly stalled"))!.text;
    expect(lines).toEqual({
      "zh-CN":
        "新卡住的候选人\n• 张三 · 海运销售经理 · 面试已通过、尚未发 offer，已 2 个工作日（经理 李强）\n• 赵六 · Air freight sales rep · 投递后尚未初筛，已 4 个工作日",
      en: "Newly stalled candidates\n• 张三 · 海运销售经理 · Interview passed, no offer yet, 2 working days (manager 李强)\n• 赵六 · Air freight sales rep · Applied, not screened, 4 working days",
    });
  });

  it("says all clear in green on a quiet day, and 'below the threshold' without the thresholds", () => {
    const quiet = hrDigestCard(
      {
        ...d,
        offers: [],
        interviewsToday: [],
        newHiresBehind: [],
        counts: { offersOverdue: 0, offersDueSoon: 0, interviewsToday: 0, newHiresBehind: 0, newHires: 3 },
      },
      { timezone: TZ },
    );
    expect(quiet.header.tone).toBe("good");
    expect(allText(quiet, "en")).toContain("No offer is overdue or due within 3 days.");
    expect(allText(quiet, "en")).toContain("No interviews today.");
    const noThresholds = hrDigestCard(d, { timezone: TZ });
    expect(allText(noThresholds, "en")).toContain(
      "training 50.0% below the threshold; KPI 52.40 pts below the threshold",
    );
  });
});

// ─── Every HR card ──────────────────────────────────────────────────────────────────────────────

const EVERY_CARD: [string, Card][] = [
  [
    "offers",
    offersCard(offers(), {
      timezone: TZ,
      now: NOW,
      canAct: true,
      canRemind: true,
      notice: text("已将 OF-0 标记为接受。", "Marked OF-0 accepted."),
    }),
  ],
  ["offers/readOnly", offersCard(offers(), { timezone: TZ, now: NOW, canAct: false, canRemind: true })],
  ["offers/empty", offersCard([], { timezone: TZ, now: NOW, canAct: true, canRemind: true })],
  ["onboarding", onboardingCard(onboarding(), { timezone: TZ })],
  ["milestoneAlert", milestoneAlertCard(alert(), { timezone: TZ })],
  ["screening", screeningCard(screening(), { timezone: TZ })],
  ...screening().candidates.map((c): [string, Card] => [
    `candidate/${c.candidateExternalId}`,
    candidateCard(c, { timezone: TZ, opening: screening().opening }),
  ]),
  ["digest", hrDigestCard(digest(), { timezone: TZ, thresholds: THRESHOLDS })],
  ["digest/stalled", hrDigestCard(digest(), { timezone: TZ, thresholds: THRESHOLDS, stalled: STALLED })],
  ["offers/noRemind", offersCard(offers(), { timezone: TZ, now: NOW, canAct: true, canRemind: false })],
];

// Names, titles, keywords and résumé text are data and legitimately Chinese; the wording is not.
const DATA =
  /张三|李四|王五|赵六|孙七|王芳|陈晨|刘洋|李强|王磊|候选人\d+|海运销售经理|签署劳动合同|产品知识|CRM 系统|报价流程|回款流程|客户开发|货代销售经验|客户资源|订单转化|海运|英语|“[^”]*”|"[^"]*"/g;

describe.each(EVERY_CARD)("%s card", (_name, card) => {
  it("has every text in both languages, non-empty, and no Chinese wording in English", () => {
    for (const { where, text: t } of textsOf(card)) {
      expect(t["zh-CN"].trim(), `${where} (zh-CN)`).not.toBe("");
      expect(t.en.trim(), `${where} (en)`).not.toBe("");
      expect(t.en.replace(DATA, ""), where).not.toMatch(/\p{Script=Han}/u);
    }
  });

  it("has letter-first button ids of at most 20 characters, unique, each carrying a valid intent", () => {
    const buttons = buttonsOf(card);
    for (const b of buttons) {
      expect(b.actionId).toMatch(/^[A-Za-z][A-Za-z0-9_]{0,19}$/);
      expect(() => deserializeIntent(serializeIntent(b.intent)), b.actionId).not.toThrow();
    }
    expect(new Set(buttons.map((b) => b.actionId)).size).toBe(buttons.length);
  });

  it("renders on Slack within the block limit and on Lark within the size limit, nothing dropped", () => {
    for (const locale of ["zh-CN", "en"] as const) {
      const blocks = renderSlackMessage(card, locale).blocks;
      expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.messageBlocks);
      expect(JSON.stringify(blocks)).not.toMatch(/Some content was left out|已省略部分内容/);
    }
    const lark = renderLarkCard(card);
    expect(larkCardBytes(lark)).toBeLessThanOrEqual(LARK_LIMITS.cardBytes - LARK_LIMITS.envelopeBytes);
    expect(JSON.stringify(lark)).not.toMatch(/Some content was left out|已省略部分内容/);
  });
});
