// The card builders as a specification: what each card shows, to whom, in both languages, and
// which intent every button carries. Data is shaped like the services' output (see fixtures.ts).
import { describe, expect, it } from "vitest";
import type { Card, ChartElement, FieldsElement, ProgressElement, TableElement } from "../../cards/model.ts";
import {
  detailsCard,
  errorCard,
  helpCard,
  languageSwitchedCard,
  leaderboardCard,
  linkedCard,
  mutedCard,
  noDataCard,
  notLinkedCard,
  progressCard,
  text,
  unpaidCard,
  unsupportedCard,
  visibleRows,
} from "../../cards/index.ts";
import { deserializeIntent, serializeIntent } from "../../src/chat/intents.ts";
import { parseIntent } from "../../src/chat/parse.ts";
import { METRICS } from "../../src/kpi/metrics.ts";
import {
  allText,
  bigLeaderboard,
  buttonsOf,
  COURSE,
  eastLeaderboard,
  explanation,
  row,
  textsOf,
  TZ,
  unpaid,
  wangLeiProgress,
} from "./fixtures.ts";

const of = <T extends Card["elements"][number]["type"]>(card: Card, type: T) =>
  card.elements.filter((e) => e.type === type) as Extract<Card["elements"][number], { type: T }>[];
const field = (card: Card, label: string) =>
  of(card, "fields")
    .flatMap((f: FieldsElement) => f.fields)
    .find((f) => f.label.en === label);
const intents = (card: Card) => Object.fromEntries(buttonsOf(card).map((b) => [b.actionId, b.intent]));

describe("progress card (王磊, golden scenario, 2026-10-20 12:00)", () => {
  const card = progressCard(wangLeiProgress(), { recommendation: COURSE, viewer: "self", showButtons: true });

  it("heads with the name, the period, the total and the team rank", () => {
    expect(card.header.title).toEqual({ "zh-CN": "王磊 · 2026年10月业绩", en: "王磊 · October 2026 progress" });
    expect(card.header.subtitle).toEqual({ "zh-CN": "总分 92.83 · 第1名 / 3", en: "Total 92.83 · #1 of 3" });
  });

  it("has one progress bar per plan metric, in plan order, captioned actual / target · achievement · points", () => {
    const bars = of(card, "progress");
    expect(bars.map((b) => b.label.en)).toEqual([
      "Collected revenue (weight 40)",
      "Repurchase rate (weight 25)",
      "Profit per shipment (weight 20)",
      "Collaboration score (weight 15)",
    ]);
    expect(bars[0]!.caption).toEqual({
      "zh-CN": "¥35,000.00 / ¥40,000.00 · 87.5% · 35.00 分",
      en: "¥35,000.00 / ¥40,000.00 · 87.5% · 35.00 pts",
    });
    expect(bars[0]!.ratio).toBeCloseTo(0.875, 10);
    expect(bars[1]!.caption.en).toBe("50.0% / 60.0% · 83.3% · 20.83 pts");
    expect(bars[2]!.caption.en).toBe("¥4,250.00 / ¥5,000.00 · 85.0% · 17.00 pts");
  });

  it("colours each metric by achievement, counting pace: reached good, on pace info, close warning, far bad", () => {
    expect(of(card, "progress").map((b: ProgressElement) => b.tone)).toEqual(["info", "warning", "warning", "good"]);
    const p = wangLeiProgress();
    p.items[0] = { ...p.items[0]!, achievement: "0.4000", onTrack: false };
    expect(of(progressCard(p, { viewer: "self", showButtons: false }), "progress")[0]!.tone).toBe("bad");
  });

  it("charts achievement per metric against a 100 % reference, with a text fallback", () => {
    const [chart] = of(card, "chart") as ChartElement[];
    expect(chart!.bars.map((b) => [b.label.en, b.value])).toEqual([
      ["Collected revenue", 87.5],
      ["Repurchase rate", 83.3],
      ["Profit per shipment", 85],
      ["Collaboration score", 100],
    ]);
    expect(chart!.reference?.value).toBe(100);
    expect(chart!.fallback.en).toBe(
      "Collected revenue 87.5%, Repurchase rate 83.3%, Profit per shipment 85.0%, Collaboration score 100.0% (target 100%)",
    );
    expect(chart!.fallback["zh-CN"]).toContain("回款 87.5%");
  });

  it("shows working days left, the gap on the headline metric and the pace it needs per working day", () => {
    expect(field(card, "Working days left")!.value).toEqual({ "zh-CN": "9 个（共 18 个）", en: "9 of 18" });
    expect(field(card, "Gap (Collected revenue)")!.value).toEqual({ "zh-CN": "¥5,000.00", en: "¥5,000.00 (5K)" });
    expect(field(card, "Needed per working day left")!.value.en).toBe("¥555.56");
  });

  it("shows the score breakdown, the projected finish, the team goal and the team bonus", () => {
    expect(field(card, "Score")!.value.en).toBe("base 87.83 + team bonus 5.00 = 92.83");
    expect(field(card, "Projected finish at this pace")!.value).toEqual({
      "zh-CN": "回款 ¥70,000.00，基础分 100.83",
      en: "Collected revenue ¥70,000.00, base score 100.83",
    });
    expect(field(card, "Team goal (Shipments)")!.value.en).toBe("6 / 6 · 100.0%");
    expect(field(card, "Team bonus")!.value).toEqual({ "zh-CN": "+5.00 分", en: "+5.00 pts" });
  });

  it("names the weakest metric with its training course", () => {
    const all = allText(card, "en");
    expect(all).toContain("To work on next: Collected revenue (5.00 points lost)");
    expect(all).toContain('Suggested course: "Collecting on time" https://learn.example.com/collect');
    expect(allText(card, "zh-CN")).toContain("推荐课程：《高效回款技巧》");
    const noCourse = progressCard(wangLeiProgress(), { viewer: "self", showButtons: true });
    expect(allText(noCourse, "en")).toContain("To work on next: Collected revenue");
    expect(allText(noCourse, "en")).not.toContain("Suggested course");
    const allGood = progressCard({ ...wangLeiProgress(), weakest: null }, { viewer: "self", showButtons: true });
    expect(allText(allGood, "en")).toContain("Every metric is on target");
  });

  it("ends with data freshness and the as-of time in the organization's zone", () => {
    const context = of(card, "context").at(-1)!;
    expect(context.text.en).toBe("Data updated Oct 20, 11:55 · as of Oct 20, 12:00 (Asia/Shanghai)");
    expect(context.text["zh-CN"]).toBe("数据更新于 10月20日 11:55 · 截至 10月20日 12:00（Asia/Shanghai）");
    const never = progressCard({ ...wangLeiProgress(), dataFreshness: null }, { viewer: "self", showButtons: true });
    expect(of(never, "context").at(-1)!.text.en).toMatch(/^No data imported yet/);
  });

  it("offers details, unpaid receivables, the team leaderboard and the previous period as intents", () => {
    expect(intents(card)).toEqual({
      details: { kind: "details", period: "2026-10", metric: "collected_revenue", page: 1 },
      unpaid: { kind: "unpaid", page: 1 },
      leaderboard: { kind: "leaderboard", period: "2026-10", team: "T-EAST" },
      prev_period: { kind: "progress", period: "2026-09" },
    });
  });

  it("names the rep as the subject of every button when a manager looks at the card", () => {
    const managed = progressCard(wangLeiProgress(), { viewer: "manager", showButtons: true });
    const byId = intents(managed);
    for (const id of ["details", "unpaid", "prev_period"]) expect(byId[id]).toMatchObject({ subject: "E-A" });
    expect(
      allText(progressCard(wangLeiProgress(), { recommendation: COURSE, viewer: "manager", showButtons: true }), "en"),
    ).toContain("Suggested training for them");
  });

  it("has no buttons when asked not to", () => {
    expect(buttonsOf(progressCard(wangLeiProgress(), { viewer: "self", showButtons: false }))).toEqual([]);
  });

  it("says none, not 0, for a metric without data, and marks gates, floors and caps", () => {
    const p = wangLeiProgress();
    p.items[1] = {
      ...p.items[1]!,
      actual: null,
      achievement: "0.0000",
      points: "0.00",
      status: "no_data",
      gap: null,
      onTrack: null,
    };
    p.items[2] = { ...p.items[2]!, status: "below_floor", achievement: "0.0000", points: "0.00" };
    p.items[3] = { ...p.items[3]!, status: "capped", achievement: "1.2000", points: "18.00" };
    const bars = of(progressCard(p, { viewer: "self", showButtons: false }), "progress");
    expect(bars[1]!.caption).toEqual({ "zh-CN": "无数据 / 60.0% · 0.00 分", en: "none / 60.0% · 0.00 pts" });
    expect(bars[1]!.tone).toBe("neutral");
    expect(bars[2]!.caption.en).toContain("below the floor: no points");
    expect(bars[3]!.caption.en).toContain("capped");
  });

  it("says the target is reached instead of a zero gap, and leaves out the pace then", () => {
    const p = wangLeiProgress();
    p.items[0] = {
      ...p.items[0]!,
      actual: "45000.00",
      achievement: "1.1250",
      gap: "0.00",
      requiredPerDay: "0.00",
      onTrack: true,
    };
    const done = progressCard(p, { viewer: "self", showButtons: false });
    expect(field(done, "Gap (Collected revenue)")!.value).toEqual({ "zh-CN": "已达成", en: "target reached" });
    expect(field(done, "Needed per working day left")).toBeUndefined();
  });

  it("leaves out the pace and the projection once no working day is left", () => {
    const p = { ...wangLeiProgress(), workingDays: { total: 18, elapsed: 18, remaining: 0 } };
    const over = progressCard(p, { viewer: "self", showButtons: false });
    expect(field(over, "Working days left")!.value.en).toBe("0 of 18");
    expect(field(over, "Needed per working day left")).toBeUndefined();
    expect(field(over, "Projected finish at this pace")).toBeUndefined();
  });

  it("summarises in one line for notifications", () => {
    expect(card.summary).toEqual({
      "zh-CN": "王磊 2026年10月：总分 92.83，第1名 / 3；回款 ¥35,000.00 / ¥40,000.00",
      en: "王磊, October 2026: total 92.83, #1 of 3; Collected revenue ¥35,000.00 / ¥40,000.00",
    });
  });
});

describe("details card", () => {
  it("lists the rows behind a metric as a table, with the page and the window", () => {
    const card = detailsCard(explanation("collected_revenue", { total: 2, rows: 2 }), {
      timezone: TZ,
      currency: "CNY",
      employeeName: "王磊",
    });
    expect(card.header.title).toEqual({
      "zh-CN": "回款明细 · 2026年10月",
      en: "Collected revenue details · October 2026",
    });
    expect(card.header.subtitle?.en).toBe("王磊");
    const [table] = of(card, "table") as TableElement[];
    expect(table!.columns.map((c) => c.label.en)).toEqual(["Payment", "Order", "Customer", "Paid on", "Amount"]);
    // A refund is negative and says so.
    expect(table!.rows[0]).toMatchObject({
      payment: { en: "P7 (refund)" },
      amount: { en: "-¥2,500.00" },
      paid: { en: "Oct 30" },
    });
    expect(allText(card, "en")).toContain("2 rows · page 1 of 1");
    expect(allText(card, "en")).toContain("Window: Oct 1, 00:00 to Oct 20, 12:00 (Asia/Shanghai)");
  });

  it("has a layout for every metric, filling every column with text in both languages", () => {
    for (const metric of METRICS) {
      const card = detailsCard(explanation(metric), { timezone: TZ, currency: "CNY" });
      const [table] = of(card, "table") as TableElement[];
      expect(table, metric).toBeDefined();
      for (const column of table!.columns) {
        const cell = table!.rows[0]![column.key];
        expect(cell?.en, `${metric}.${column.key}`).toBeTruthy();
        expect(cell?.["zh-CN"], `${metric}.${column.key}`).toBeTruthy();
      }
    }
  });

  it("shows dates in another year with their year", () => {
    const card = detailsCard(explanation("repurchase_rate"), { timezone: TZ, currency: "CNY" });
    expect((of(card, "table")[0] as TableElement).rows[0]!.first).toEqual({
      "zh-CN": "2025年12月10日",
      en: "Dec 10, 2025",
    });
  });

  it("pages with previous / next buttons that keep the metric, period and subject", () => {
    const middle = detailsCard(explanation("booked_revenue", { page: 2, pageSize: 20, total: 45 }), {
      timezone: TZ,
      currency: "CNY",
      subject: "E-A",
    });
    expect(allText(middle, "zh-CN")).toContain("共 45 条 · 第 2 / 3 页");
    const byId = intents(middle);
    expect(byId.page_prev).toEqual({
      kind: "details",
      period: "2026-10",
      subject: "E-A",
      metric: "booked_revenue",
      page: 1,
    });
    expect(byId.page_next).toEqual({
      kind: "details",
      period: "2026-10",
      subject: "E-A",
      metric: "booked_revenue",
      page: 3,
    });
    expect(byId.back_progress).toEqual({ kind: "progress", period: "2026-10", subject: "E-A" });

    const first = intents(
      detailsCard(explanation("booked_revenue", { page: 1, total: 45 }), { timezone: TZ, currency: "CNY" }),
    );
    expect(first.page_prev).toBeUndefined();
    expect(first.page_next).toMatchObject({ page: 2 });
    const last = intents(
      detailsCard(explanation("booked_revenue", { page: 3, total: 45 }), { timezone: TZ, currency: "CNY" }),
    );
    expect(last.page_next).toBeUndefined();
  });

  it("offers the plan's other metrics", () => {
    const card = detailsCard(explanation("collected_revenue"), {
      timezone: TZ,
      currency: "CNY",
      metrics: ["collected_revenue", "repurchase_rate", "profit_per_shipment"],
    });
    const others = buttonsOf(card).filter((b) => b.actionId.startsWith("metric_"));
    expect(others.map((b) => [b.label.en, b.intent])).toEqual([
      ["Repurchase rate details", { kind: "details", period: "2026-10", metric: "repurchase_rate", page: 1 }],
      ["Profit per shipment details", { kind: "details", period: "2026-10", metric: "profit_per_shipment", page: 1 }],
    ]);
  });

  it("says so when there are no rows", () => {
    const card = detailsCard(explanation("new_customers", { total: 0 }), { timezone: TZ, currency: "CNY" });
    expect(of(card, "table")).toEqual([]);
    expect(allText(card, "en")).toContain("No rows in this window.");
  });
});

describe("unpaid card", () => {
  it("totals what is outstanding, with the compact form beside it, and flags overdue orders", () => {
    const card = unpaidCard(unpaid(), { timezone: TZ, currency: "CNY" });
    expect(field(card, "Outstanding in total")!.value).toEqual({
      "zh-CN": "¥35,000.00（3.5万）",
      en: "¥35,000.00 (35K)",
    });
    const [table] = of(card, "table") as TableElement[];
    expect(table!.rows.map((r) => [r.order!.en, r.due!.en, r.outstanding!.en, r.status!.en])).toEqual([
      ["O2", "Nov 4", "¥30,000.00", "not yet due"],
      ["O1", "Oct 10", "¥5,000.00", "overdue"],
    ]);
    expect(card.header.tone).toBe("warning");
  });

  it("is short and good news when nothing is unpaid", () => {
    const card = unpaidCard(unpaid({ total: 0 }), { timezone: TZ, currency: "CNY" });
    expect(card.header.tone).toBe("good");
    expect(allText(card, "en")).toContain("No unpaid orders.");
    expect(of(card, "table")).toEqual([]);
  });
});

describe("leaderboard card", () => {
  const columnsOf = (card: Card) => (of(card, "table")[0] as TableElement).columns.map((c) => c.key);

  it("shows salespeople names, scores and ranks only — no completion, trend or at-risk", () => {
    const card = leaderboardCard(eastLeaderboard(), { audience: "member", askerExternalId: "E-C" });
    expect(columnsOf(card)).toEqual(["rank", "name", "total"]);
    const table = of(card, "table")[0] as TableElement;
    expect(table.rows.map((r) => Object.keys(r).sort())).toEqual(Array(3).fill(["name", "rank", "total"]));
    expect(table.highlightRow).toBe(1);
    for (const locale of ["en", "zh-CN"] as const) {
      const all = allText(card, locale);
      for (const word of [
        "behind pace",
        "on pace",
        "vs last week",
        "Headline",
        "+20.00",
        "87.5%",
        "落后",
        "较上周",
        "主指标",
      ])
        expect(all).not.toContain(word);
    }
    expect(of(card, "chart")).toEqual([]);
  });

  it("gives managers the full detail: completion, trend, at-risk, a chart of totals and buttons to drill in", () => {
    const card = leaderboardCard(eastLeaderboard(), { audience: "manager" });
    expect(columnsOf(card)).toEqual(["rank", "name", "total", "completion", "trend", "pace"]);
    const table = of(card, "table")[0] as TableElement;
    expect(table.rows[0]).toMatchObject({
      completion: { en: "Collected revenue 87.5%" },
      trend: { en: "+20.00" },
      pace: { en: "on pace" },
    });
    expect(table.rows[2]).toMatchObject({ pace: { en: "behind pace", "zh-CN": "落后" } });
    const [chart] = of(card, "chart") as ChartElement[];
    expect(chart!.bars.map((b) => [b.label.en, b.value])).toEqual([
      ["王磊", 92.83],
      ["张伟", 87.67],
      ["李静", 54.83],
    ]);
    expect(chart!.fallback.en).toBe("王磊 92.83, 张伟 87.67, 李静 54.83");
    expect(allText(card, "en")).toContain("At risk (headline metric behind pace): 李静");
    expect(intents(card).rep_1).toEqual({ kind: "progress", period: "2026-10", subject: "E-B" });
  });

  it("in a channel shows the top N and the asker, never anyone else at the bottom rank", () => {
    const board = bigLeaderboard(12);
    const card = leaderboardCard(board, { audience: "channel", askerExternalId: "E-009", topN: 5 });
    const table = of(card, "table")[0] as TableElement;
    expect(table.rows.map((r) => r.rank!.en)).toEqual(["1", "2", "3", "4", "5", "9"]);
    expect(table.highlightRow).toBe(5);
    const all = allText(card, "zh-CN");
    for (const hidden of ["销售006", "销售010", "销售012"]) expect(all).not.toContain(hidden);
  });

  it("in a channel hides the bottom rank even inside the top N of a small team, ties included", () => {
    expect(visibleRows(eastLeaderboard(), { audience: "channel", topN: 5 }).map((r) => r.name)).toEqual([
      "王磊",
      "张伟",
    ]);
    const tied = { ...eastLeaderboard(), rows: [row(1, "甲"), row(2, "乙"), row(2, "丙", { externalId: "E-X" })] };
    expect(visibleRows(tied, { audience: "channel", topN: 5 }).map((r) => r.name)).toEqual(["甲"]);
    // The asker always sees their own row, even at the bottom.
    expect(
      visibleRows(eastLeaderboard(), { audience: "channel", topN: 1, askerExternalId: "E-B" }).map((r) => r.name),
    ).toEqual(["王磊", "李静"]);
    // Nor does the one-line summary name anyone hidden.
    expect(leaderboardCard(eastLeaderboard(), { audience: "channel", topN: 5 }).summary["zh-CN"]).not.toContain("李静");
  });

  it("shows the team goal's progress, the bonus tier reached and the next one", () => {
    const card = leaderboardCard(eastLeaderboard(), { audience: "member" });
    const goal = of(card, "progress")[0]!;
    expect(goal.label.en).toBe("Team goal: Shipments");
    expect(goal.caption.en).toBe("6 / 6 · 100.0%");
    expect(field(card, "Team bonus now")!.value).toEqual({ "zh-CN": "+5.00 分（每人）", en: "+5.00 pts each" });
    expect(field(card, "Next tier")!.value).toEqual({
      "zh-CN": "完成 120.0% 每人 +10.00 分",
      en: "reach 120.0%: +10.00 pts each",
    });
    const top = {
      ...eastLeaderboard(),
      goals: [
        {
          metric: "booked_revenue" as const,
          actual: "130000.00",
          goal: "100000.00",
          completion: "1.3000",
          bonus: "10.00",
          nextTier: null,
        },
      ],
    };
    const topCard = leaderboardCard(top, { audience: "member", currency: "USD" });
    expect(of(topCard, "progress")[0]!.caption.en).toBe("$130,000.00 / $100,000.00 · 130.0%");
    expect(field(topCard, "Next tier")!.value.en).toBe("top tier reached");
  });

  it("offers the previous period's ranking, and the asker's own card to members", () => {
    const byId = intents(leaderboardCard(eastLeaderboard(), { audience: "member" }));
    expect(byId.prev_period).toEqual({ kind: "leaderboard", period: "2026-09", team: "T-EAST" });
    expect(byId.my_progress).toEqual({ kind: "progress", period: "2026-10" });
  });
});

describe("help, linking and the small cards", () => {
  it("help lists what can be asked, with examples in both languages", () => {
    const card = helpCard();
    for (const locale of ["en", "zh-CN"] as const) {
      const all = allText(card, locale);
      for (const example of [
        "how far from target?",
        "离目标还差多少",
        "本月业绩",
        "/kpi",
        "last month",
        "details",
        "team",
        "english",
        "中文",
        "stop daily",
      ])
        expect(all, `${locale}: ${example}`).toContain(example);
    }
  });

  it("help suggests only phrases the chat core understands", () => {
    const examples = of(helpCard(), "fields")
      .flatMap((f: FieldsElement) => f.fields)
      .flatMap((f) => [...f.value["zh-CN"].split(" · "), ...f.value.en.split(" · ")])
      .map((e) => e.replace("@某人", "<@U123>").replace("@someone", "<@U123>"));
    expect(examples.length).toBeGreaterThan(20);
    for (const example of examples)
      expect(parseIntent(example, { now: { year: 2026, month: 10 } }).kind, example).not.toMatch(
        /^(unknown|unsupported)$/,
      );
  });

  it("help quotes the text it did not understand, and fits the asker's role", () => {
    const card = helpCard({ role: "sales", didNotUnderstand: "  asdf   qwer " });
    expect(allText(card, "en")).toContain("Sorry, I didn't understand “asdf qwer”.");
    expect(allText(card, "zh-CN")).toContain("没听懂“asdf qwer”");
    expect(allText(card, "en")).not.toContain("offers");
    expect(allText(helpCard({ role: "hr" }), "en")).toContain("offers");
    expect(allText(helpCard({ role: "manager" }), "en")).toContain("/kpi @someone");
  });

  it("tells an unlinked user how to get linked and nothing else", () => {
    const slack = notLinkedCard({ platform: "slack", chatUserId: "U0123ABC" });
    expect(allText(slack, "en")).toContain("pacer link <employee id> --slack U0123ABC");
    expect(allText(slack, "en")).toContain("email in Slack");
    expect(allText(slack, "zh-CN")).toContain("pacer link <员工编号> --slack U0123ABC");
    const lark = notLinkedCard({ platform: "lark" });
    expect(allText(lark, "en")).toContain("--lark ou_…");
    expect(allText(lark, "en")).toContain("email or mobile number");
    expect(allText(notLinkedCard({ platform: "console" }), "en")).toContain("--slack U… | --lark ou_…");
    // No figures of any kind, and the only action retries linking.
    expect(allText(slack, "en")).not.toMatch(/[¥%]|\d+\.\d\d/);
    expect(Object.values(intents(slack))).toEqual([{ kind: "link" }]);
  });

  it("confirms a link and reports errors", () => {
    expect(allText(linkedCard({ name: "王磊", externalId: "E-A" }), "en")).toContain(
      "You are linked to employee 王磊 (E-A).",
    );
    const error = errorCard(text("数据库暂时不可用。", "The database is unavailable."), {
      retry: { kind: "progress", period: "current" },
    });
    expect(error.header.tone).toBe("bad");
    expect(allText(error, "en")).toContain("The database is unavailable.");
    expect(intents(error).retry).toEqual({ kind: "progress", period: "current" });
  });

  it("confirms a language switch and a mute, with the way back", () => {
    expect(languageSwitchedCard("en").header.title.en).toBe("Language set to English");
    expect(allText(languageSwitchedCard("en"), "en")).toContain("Send “中文” to switch back");
    expect(intents(mutedCard(true))).toEqual({ mute_off: { kind: "mute", on: false } });
    expect(intents(mutedCard(false))).toEqual({ mute_on: { kind: "mute", on: true } });
  });

  it("explains why there is nothing to show", () => {
    expect(noDataCard("no_team").summary.en).toBe("You have no team yet, so there is no team ranking to show.");
    expect(noDataCard("no_plan", { name: "张伟" }).summary).toEqual({
      "zh-CN": "张伟还没有 KPI 方案或目标，所以没有进度可显示。请联系管理员设置。",
      en: "张伟 has no KPI plan or targets yet, so there is no progress to show. Please ask an admin to set them up.",
    });
    expect(noDataCard("future_period", { period: "2026-12" }).summary.en).toBe("December 2026 hasn't started yet.");
    for (const reason of ["no_organization", "no_team", "no_plan", "not_scored", "no_data", "future_period"] as const)
      expect(noDataCard(reason).summary.en).not.toBe("");
  });
});

// Properties every card must have, whichever builder made it.
const EVERY_CARD: [string, Card][] = [
  ["progress/self", progressCard(wangLeiProgress(), { recommendation: COURSE, viewer: "self", showButtons: true })],
  [
    "progress/manager",
    progressCard(wangLeiProgress(), { recommendation: COURSE, viewer: "manager", showButtons: true }),
  ],
  ...METRICS.map((m): [string, Card] => [
    `details/${m}`,
    detailsCard(explanation(m, { page: 2, total: 60 }), {
      timezone: TZ,
      currency: "CNY",
      subject: "E-A",
      metrics: [...METRICS],
    }),
  ]),
  ["unpaid", unpaidCard(unpaid(), { timezone: TZ, currency: "CNY" })],
  ["unpaid/empty", unpaidCard(unpaid({ total: 0 }), { timezone: TZ, currency: "CNY" })],
  ["leaderboard/manager", leaderboardCard(bigLeaderboard(40), { audience: "manager", askerExternalId: "E-001" })],
  ["leaderboard/member", leaderboardCard(eastLeaderboard(), { audience: "member", askerExternalId: "E-A" })],
  [
    "leaderboard/channel",
    leaderboardCard(bigLeaderboard(40), { audience: "channel", askerExternalId: "E-030", topN: 5 }),
  ],
  ["leaderboard/empty", leaderboardCard({ ...eastLeaderboard(), rows: [] }, { audience: "member" })],
  ["help", helpCard({ didNotUnderstand: "???" })],
  [
    "unsupported",
    unsupportedCard({ topic: "receivables_followup", asked: "chase my unpaid customers", role: "manager" }),
  ],
  ["notLinked", notLinkedCard({ platform: "lark" })],
  ["linked", linkedCard({ name: "王磊", externalId: "E-A" })],
  ["error", errorCard(text("出错", "Oops"), { retry: { kind: "help" } })],
  ["language/en", languageSwitchedCard("en")],
  ["language/zh", languageSwitchedCard("zh-CN")],
  ["muted/on", mutedCard(true)],
  ["muted/off", mutedCard(false)],
  ...(["no_organization", "no_team", "no_plan", "not_scored", "no_data", "future_period"] as const).map(
    (r): [string, Card] => [`noData/${r}`, noDataCard(r)],
  ),
];

describe.each(EVERY_CARD)("%s card", (_name, card) => {
  it("has every text in both languages, non-empty", () => {
    for (const { where, text: t } of textsOf(card)) {
      expect(t["zh-CN"].trim(), `${where} (zh-CN)`).not.toBe("");
      expect(t.en.trim(), `${where} (en)`).not.toBe("");
    }
  });

  it("has no Chinese in its fixed English texts", () => {
    // Names of people, customers and teams are data and legitimately Chinese; labels are not.
    const data =
      /张伟的业绩|王磊|张伟|李静|销售\d+|华东销售组|上海恒通贸易|宁波海联进出口|杭州远景服饰|常州华泰家居|中文|离目标还差多少|本月业绩|团队排名|明细|未回款|某人|停止每日推送|恢复每日推送|上个月|待确认offer|入职进度|2026年9月/g;
    for (const { where, text: t } of textsOf(card))
      expect(t.en.replace(data, ""), where).not.toMatch(/\p{Script=Han}/u);
  });

  it("has button ids Lark accepts (letter-first, ≤ 20 chars), unique, each carrying a valid intent", () => {
    const buttons = buttonsOf(card);
    for (const b of buttons) {
      expect(b.actionId).toMatch(/^[A-Za-z][A-Za-z0-9_]{0,19}$/);
      expect(() => deserializeIntent(serializeIntent(b.intent)), b.actionId).not.toThrow();
      expect(serializeIntent(b.intent).length).toBeLessThanOrEqual(2000);
    }
    expect(new Set(buttons.map((b) => b.actionId)).size).toBe(buttons.length);
  });

  it("stays within Lark's 5 charts and 5 tables per card", () => {
    expect(of(card, "chart").length).toBeLessThanOrEqual(5);
    expect(of(card, "table").length).toBeLessThanOrEqual(5);
  });
});
