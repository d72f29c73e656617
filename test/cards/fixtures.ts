// Card-builder inputs shaped exactly like the services' output, so builder tests need no database.
// `wangLeiProgress` is what progressFor returns for 王磊 (E-A) in the golden scenario as of
// 2026-10-20 12:00 Asia/Shanghai (the Slack issue's PACER_NOW): collected P1 20,000 + P4 15,000.
import type { Card, Text } from "../../cards/model.ts";
import type { Leaderboard, LeaderboardRow } from "../../src/services/leaderboard.ts";
import type { Progress } from "../../src/services/progress.ts";
import type { CourseRecommendation } from "../../src/services/recommend.ts";
import type { Explanation, UnpaidReceivables } from "../../src/services/explain.ts";
import type { ExplainRowOf } from "../../src/store/explain-sql.ts";
import type { MetricKey } from "../../src/kpi/metrics.ts";

export const TZ = "Asia/Shanghai";
export const AS_OF = "2026-10-20T04:00:00.000Z";

export function wangLeiProgress(): Progress {
  return {
    employee: { id: 1, externalId: "E-A", name: "王磊", teamExternalId: "T-EAST", plan: "veteran" },
    period: "2026-10",
    asOf: AS_OF,
    timezone: TZ,
    currency: "CNY",
    workingDays: { total: 18, elapsed: 9, remaining: 9 },
    items: [
      {
        metric: "collected_revenue",
        weight: "40",
        actual: "35000.00",
        target: "40000.00",
        achievement: "0.8750",
        points: "35.00",
        maxPoints: "48.00",
        pointsLost: "5.00",
        status: "scored",
        gateFailed: false,
        gap: "5000.00",
        requiredPerDay: "555.56",
        projection: "70000.00",
        onTrack: true,
      },
      {
        metric: "repurchase_rate",
        weight: "25",
        actual: "0.5000",
        target: "0.6000",
        achievement: "0.8333",
        points: "20.83",
        maxPoints: "30.00",
        pointsLost: "4.17",
        status: "scored",
        gateFailed: false,
        gap: "0.1000",
        requiredPerDay: null,
        projection: null,
        onTrack: false,
      },
      {
        metric: "profit_per_shipment",
        weight: "20",
        actual: "4250.00",
        target: "5000.00",
        achievement: "0.8500",
        points: "17.00",
        maxPoints: "24.00",
        pointsLost: "3.00",
        status: "scored",
        gateFailed: false,
        gap: "750.00",
        requiredPerDay: null,
        projection: null,
        onTrack: false,
      },
      {
        metric: "collaboration_score",
        weight: "15",
        actual: "4.50",
        target: "4.50",
        achievement: "1.0000",
        points: "15.00",
        maxPoints: "18.00",
        pointsLost: "0.00",
        status: "scored",
        gateFailed: false,
        gap: "0.00",
        requiredPerDay: null,
        projection: null,
        onTrack: true,
      },
    ],
    metrics: {
      booked_revenue: "45000.00",
      collected_revenue: "35000.00",
      shipments: "2",
      gross_profit: "8500.00",
      profit_per_shipment: "4250.00",
      new_customers: "1",
      repurchase_rate: "0.5000",
      retention_rate: "1.0000",
      conversion_rate: null,
      collection_days: "19.50",
      collaboration_score: "4.50",
      overdue_receivables: "0.00",
    },
    base: "87.83",
    teamBonus: "5.00",
    total: "92.83",
    teamRank: 1,
    teamSize: 3,
    headline: "collected_revenue",
    projectedBase: "100.83",
    weakest: { metric: "collected_revenue", pointsLost: "5.00" },
    team: [{ externalId: "T-EAST", metric: "shipments", actual: "6", goal: "6", completion: "1.0000", bonus: "5.00" }],
    dataFreshness: "2026-10-20T03:55:00.000Z",
    targetSource: null,
  };
}

export const COURSE: CourseRecommendation = {
  metric: "collected_revenue",
  pointsLost: "5.00",
  course: {
    externalId: "CRS-1",
    titleZh: "高效回款技巧",
    titleEn: "Collecting on time",
    url: "https://learn.example.com/collect",
  },
};

export function row(rank: number, name: string, overrides: Partial<LeaderboardRow> = {}): LeaderboardRow {
  return {
    rank,
    employeeId: rank,
    externalId: `E-${String(rank).padStart(3, "0")}`,
    name,
    status: "active",
    total: (100 - rank * 0.25).toFixed(2),
    base: (95 - rank * 0.25).toFixed(2),
    bonus: "5.00",
    trend: "1.50",
    headline: "collected_revenue",
    headlineAchievement: "0.9000",
    atRisk: false,
    ...overrides,
  };
}

/** The golden team as leaderboardFor returns it on 2026-10-20 12:00. */
export function eastLeaderboard(): Leaderboard {
  return {
    team: { id: 1, externalId: "T-EAST", name: "华东销售组", managerId: 5 },
    period: "2026-10",
    asOf: AS_OF,
    timezone: TZ,
    rows: [
      row(1, "王磊", {
        employeeId: 1,
        externalId: "E-A",
        total: "92.83",
        base: "87.83",
        trend: "20.00",
        headlineAchievement: "0.8750",
      }),
      row(2, "张伟", {
        employeeId: 3,
        externalId: "E-C",
        total: "87.67",
        base: "82.67",
        trend: "38.33",
        headline: "new_customers",
        headlineAchievement: "0.6667",
      }),
      row(3, "李静", {
        employeeId: 2,
        externalId: "E-B",
        total: "54.83",
        base: "49.83",
        trend: "3.33",
        headlineAchievement: "0.0000",
        atRisk: true,
      }),
    ],
    goals: [
      {
        metric: "shipments",
        actual: "6",
        goal: "6",
        completion: "1.0000",
        bonus: "5.00",
        nextTier: { minCompletion: "1.2", points: "10" },
      },
    ],
    workingDays: { total: 18, elapsed: 9, remaining: 9 },
    dataFreshness: "2026-10-20T03:55:00.000Z",
  };
}

/** A team of `n` people named 销售001… with distinct ranks 1…n. */
export function bigLeaderboard(
  n: number,
  overrides: (r: LeaderboardRow) => Partial<LeaderboardRow> = () => ({}),
): Leaderboard {
  const rows = Array.from({ length: n }, (_, i) => {
    const r = row(i + 1, `销售${String(i + 1).padStart(3, "0")}`, { atRisk: i % 7 === 0 });
    return { ...r, ...overrides(r) };
  });
  return { ...eastLeaderboard(), rows };
}

const at = (iso: string) => new Date(iso);

/** One plausible row per metric, as explainMetric returns them. */
export const SAMPLE_ROWS: { [M in MetricKey]: ExplainRowOf[M] } = {
  booked_revenue: {
    orderExternalId: "O2",
    customerExternalId: "C1",
    customerName: "上海恒通贸易",
    bookedAt: at("2026-10-05T03:00:00Z"),
    revenue: "30000.00",
    cost: "24000.00",
    profit: "6000.00",
    status: "completed",
  },
  shipments: {
    orderExternalId: "O2",
    customerExternalId: "C1",
    customerName: "上海恒通贸易",
    bookedAt: at("2026-10-05T03:00:00Z"),
    revenue: "30000.00",
    cost: "24000.00",
    profit: "6000.00",
    status: "completed",
  },
  gross_profit: {
    orderExternalId: "O2",
    customerExternalId: "C1",
    customerName: "上海恒通贸易",
    bookedAt: at("2026-10-05T03:00:00Z"),
    revenue: "30000.00",
    cost: "24000.00",
    profit: "6000.00",
    status: "completed",
  },
  profit_per_shipment: {
    orderExternalId: "O2",
    customerExternalId: "C1",
    customerName: "上海恒通贸易",
    bookedAt: at("2026-10-05T03:00:00Z"),
    revenue: "30000.00",
    cost: "24000.00",
    profit: "6000.00",
    status: "completed",
  },
  collected_revenue: {
    paymentExternalId: "P7",
    orderExternalId: "O6",
    customerExternalId: "C4",
    customerName: "杭州远景服饰",
    paidAt: at("2026-10-30T03:00:00Z"),
    amount: "-2500.00",
    refund: true,
    orderStatus: "completed",
  },
  new_customers: {
    customerExternalId: "C2",
    customerName: "宁波海联进出口",
    firstOrderExternalId: "O3",
    firstBookedAt: at("2026-09-30T17:30:00Z"),
    firstOrderRevenue: "15000.00",
  },
  repurchase_rate: {
    customerExternalId: "C1",
    customerName: "上海恒通贸易",
    firstOrderExternalId: "O1",
    firstBookedAt: at("2025-12-10T02:00:00Z"),
    ordersInWindow: 1,
    repeat: true,
  },
  retention_rate: {
    customerExternalId: "C1",
    customerName: "上海恒通贸易",
    previousOrders: 1,
    ordersInWindow: 1,
    retained: true,
  },
  conversion_rate: {
    leadExternalId: "L1",
    createdAt: at("2026-09-20T02:00:00Z"),
    closedAt: at("2026-10-09T02:00:00Z"),
    status: "converted",
  },
  collection_days: {
    orderExternalId: "O3",
    customerExternalId: "C2",
    customerName: "宁波海联进出口",
    revenue: "15000.00",
    bookedAt: at("2026-09-30T17:30:00Z"),
    bookedDate: "2026-10-01",
    paidInFullPaymentExternalId: "P4",
    paidInFullAt: at("2026-10-18T02:00:00Z"),
    paidInFullDate: "2026-10-18",
    days: 17,
  },
  collaboration_score: {
    ratingExternalId: "R1",
    orderExternalId: "O2",
    score: 5,
    raterDepartment: "operations",
    ratedAt: at("2026-10-06T02:00:00Z"),
  },
  overdue_receivables: {
    orderExternalId: "O10",
    customerExternalId: "C8",
    customerName: "常州华泰家居",
    bookedAt: at("2026-10-15T02:00:00Z"),
    dueDate: "2026-10-25",
    revenue: "6000.00",
    paid: "3000.00",
    outstanding: "3000.00",
  },
};

export function explanation<M extends MetricKey>(
  metric: M,
  options: { page?: number; pageSize?: number; total?: number; rows?: number } = {},
): Explanation<M> {
  const page = options.page ?? 1;
  const pageSize = options.pageSize ?? 20;
  const total = options.total ?? options.rows ?? 1;
  const count = options.rows ?? Math.max(0, Math.min(pageSize, total - (page - 1) * pageSize));
  return {
    metric,
    employeeId: 1,
    period: "2026-10",
    window: { from: at("2026-09-30T16:00:00Z"), to: at(AS_OF) },
    rows: Array.from({ length: count }, () => SAMPLE_ROWS[metric]),
    total,
    page,
    pageSize,
    hasMore: (page - 1) * pageSize + count < total,
  };
}

export function unpaid(options: { total?: number; page?: number } = {}): UnpaidReceivables {
  const total = options.total ?? 2;
  return {
    employeeId: 1,
    asOf: at(AS_OF),
    rows:
      total === 0
        ? []
        : [
            {
              orderExternalId: "O2",
              customerExternalId: "C1",
              customerName: "上海恒通贸易",
              bookedAt: at("2026-10-05T03:00:00Z"),
              dueDate: "2026-11-04",
              revenue: "30000.00",
              paid: "0.00",
              outstanding: "30000.00",
              overdue: false,
            },
            {
              orderExternalId: "O1",
              customerExternalId: "C1",
              customerName: "上海恒通贸易",
              bookedAt: at("2026-09-10T02:00:00Z"),
              dueDate: "2026-10-10",
              revenue: "20000.00",
              paid: "15000.00",
              outstanding: "5000.00",
              overdue: true,
            },
          ].slice(0, total),
    total,
    totalOutstanding: total === 0 ? "0.00" : "35000.00",
    page: options.page ?? 1,
    pageSize: 20,
    hasMore: false,
  };
}

// ─── Walking a card ──────────────────────────────────────────────────────────────────────────────

/** Every bilingual text of a card, with where it sits (for "both languages, non-empty" checks). */
export function textsOf(card: Card): { where: string; text: Text }[] {
  const out: { where: string; text: Text }[] = [
    { where: "header.title", text: card.header.title },
    { where: "summary", text: card.summary },
  ];
  if (card.header.subtitle) out.push({ where: "header.subtitle", text: card.header.subtitle });
  card.elements.forEach((el, i) => {
    const at = `elements[${i}].${el.type}`;
    switch (el.type) {
      case "text":
      case "context":
        out.push({ where: at, text: el.text });
        break;
      case "fields":
        el.fields.forEach((f, j) =>
          out.push({ where: `${at}[${j}].label`, text: f.label }, { where: `${at}[${j}].value`, text: f.value }),
        );
        break;
      case "progress":
        out.push({ where: `${at}.label`, text: el.label }, { where: `${at}.caption`, text: el.caption });
        break;
      case "table":
        el.columns.forEach((c) => out.push({ where: `${at}.column ${c.key}`, text: c.label }));
        el.rows.forEach((r, j) =>
          Object.entries(r).forEach(([k, v]) => out.push({ where: `${at}.rows[${j}].${k}`, text: v })),
        );
        break;
      case "chart":
        out.push({ where: `${at}.title`, text: el.title }, { where: `${at}.fallback`, text: el.fallback });
        el.bars.forEach((b, j) => out.push({ where: `${at}.bars[${j}]`, text: b.label }));
        if (el.reference) out.push({ where: `${at}.reference`, text: el.reference.label });
        break;
      case "actions":
        el.buttons.forEach((b) => {
          out.push({ where: `${at}.${b.actionId}`, text: b.label });
          if (b.confirm)
            for (const [k, v] of Object.entries(b.confirm))
              out.push({ where: `${at}.${b.actionId}.confirm.${k}`, text: v });
        });
        break;
      case "divider":
        break;
    }
  });
  return out;
}

export function buttonsOf(card: Card) {
  return card.elements.flatMap((el) => (el.type === "actions" ? el.buttons : []));
}

/** The card's texts in one locale, joined: for "shows X" / "never shows Y" assertions. */
export function allText(card: Card, locale: "zh-CN" | "en"): string {
  return textsOf(card)
    .map((t) => t.text[locale])
    .join("\n");
}
