// Card → Lark card JSON 2.0: both languages in one card, every Lark limit held whatever the card
// holds (size, tables, charts, element ids), and every button's intent readable back exactly.
import { describe, expect, it } from "vitest";
import { profileCard } from "../../cards/builders/profile.ts";
import type { Button, Card, CardElement, ChartElement, TableElement, Text, Tone } from "../../cards/model.ts";
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
} from "../../cards/index.ts";
import { deserializeIntent, serializeIntent, type Intent } from "../../src/chat/intents.ts";
import {
  escapeLarkMarkdown,
  LARK_LIMITS,
  larkCardBytes,
  modelMarkdownToLark,
  renderLarkCard,
  type LarkCard,
  type LarkChart,
  type LarkTable,
  type VChartBarSpec,
  type VChartLineSpec,
} from "../../src/lark/render.ts";
import { larkCardValue } from "../../src/lark/card-value.ts";
import { renderLarkText } from "../helpers/lark-text.ts";
import {
  bigLeaderboard,
  buttonsOf,
  COURSE,
  eastLeaderboard,
  explanation,
  textsOf,
  TZ,
  unpaid,
  wangLeiProgress,
} from "../cards/fixtures.ts";

// ─── Helpers ─────────────────────────────────────────────────────────────────────────────────────

type Node = Record<string, unknown>;

/** Every JSON object in the card, depth first (chart specs included). */
function nodes(value: unknown, out: Node[] = []): Node[] {
  if (Array.isArray(value)) for (const v of value) nodes(v, out);
  else if (typeof value === "object" && value !== null) {
    out.push(value as Node);
    for (const v of Object.values(value)) nodes(v, out);
  }
  return out;
}

const withTag = (card: LarkCard, tag: string) => nodes(card).filter((n) => n.tag === tag);
const elementIds = (card: LarkCard) =>
  nodes(card).flatMap((n) => (typeof n.element_id === "string" ? [n.element_id] : []));
const topLevel = (card: LarkCard) => card.body.elements;

/** Undo escapeLarkMarkdown (entities) so shown text can be compared with the model's. */
const unescapeLark = (s: string) =>
  s
    .replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n)))
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

/** All bilingual strings of the rendered card, per Lark language. */
function i18nStrings(card: LarkCard): { zh: string; en: string } {
  const withI18n = nodes(card).filter((n) => typeof n.i18n_content === "object" && n.i18n_content !== null) as {
    i18n_content: { zh_cn: string; en_us: string };
  }[];
  return {
    zh: withI18n.map((n) => unescapeLark(n.i18n_content.zh_cn)).join("\n"),
    en: withI18n.map((n) => unescapeLark(n.i18n_content.en_us)).join("\n"),
  };
}

const progress = progressCard(wangLeiProgress(), { recommendation: COURSE, viewer: "self", showButtons: true });

/** The real cards the chat core sends. */
const CARDS: Record<string, Card> = {
  "progress (self)": progress,
  "progress (manager)": progressCard(wangLeiProgress(), {
    recommendation: COURSE,
    viewer: "manager",
    showButtons: true,
  }),
  "leaderboard (manager)": leaderboardCard(eastLeaderboard(), { audience: "manager" }),
  "leaderboard (member)": leaderboardCard(eastLeaderboard(), { audience: "member", askerExternalId: "E-C" }),
  "leaderboard (channel)": leaderboardCard(bigLeaderboard(12), { audience: "channel", askerExternalId: "E-011" }),
  "details (collected)": detailsCard(explanation("collected_revenue", { rows: 3, total: 45, pageSize: 3 }), {
    timezone: TZ,
    currency: "CNY",
    metrics: ["collected_revenue", "repurchase_rate", "profit_per_shipment"],
  }),
  "details (collection days)": detailsCard(explanation("collection_days", { rows: 2, total: 2 }), {
    timezone: TZ,
    currency: "CNY",
    subject: "E-A",
    employeeName: "王磊",
  }),
  "details (empty)": detailsCard(explanation("new_customers", { rows: 0, total: 0 }), {
    timezone: TZ,
    currency: "CNY",
  }),
  unpaid: unpaidCard(unpaid(), { timezone: TZ, currency: "CNY" }),
  "unpaid (none)": unpaidCard(unpaid({ total: 0 }), { timezone: TZ, currency: "CNY" }),
  help: helpCard({ role: "manager", didNotUnderstand: "离目标*还差_多少" }),
  "not linked": notLinkedCard({ platform: "lark", chatUserId: "ou_123" }),
  linked: linkedCard({ name: "王磊", externalId: "E-A" }),
  error: errorCard(text("数据库暂时不可用。", "The database is unavailable."), {
    retry: { kind: "progress", period: "current" },
  }),
  language: languageSwitchedCard("en"),
  muted: mutedCard(true),
  "no data": noDataCard("no_plan", { name: "李静" }),
};

const card = (elements: CardElement[], tone: Tone = "info"): Card => ({
  header: { title: text("标题", "Title"), tone },
  elements,
  summary: text("摘要", "Summary"),
});
const same = (s: string) => ({ "zh-CN": s, en: s });
const btn = (actionId: string, intent: Intent = { kind: "help" }): Button => ({
  actionId,
  label: text("按钮", "Button"),
  intent,
});

function table(n: number, label = "表"): TableElement {
  return {
    type: "table",
    columns: [
      { key: "rank", label: text("排名", "Rank"), align: "right" },
      { key: "name", label: text(`${label}姓名`, "Name") },
    ],
    rows: Array.from({ length: n }, (_, i) => ({ rank: same(String(i + 1)), name: same(`销售${i + 1}`) })),
  };
}

function chart(title: string): ChartElement {
  return {
    type: "chart",
    title: text(`图${title}`, `Chart ${title}`),
    bars: [
      { label: text("甲", "A"), value: 40, tone: "bad" },
      { label: text("乙", "B"), value: 120, tone: "good" },
    ],
    reference: { value: 100, label: text("目标", "Target") },
    fallback: text(`甲 40，乙 120（${title}）`, `A 40, B 120 (${title})`),
  };
}

// ─── Structure ───────────────────────────────────────────────────────────────────────────────────

describe("renderLarkCard: JSON 2.0 structure", () => {
  const out = renderLarkCard(progress);

  it("declares schema 2.0, a shared card, both locales and a bilingual preview", () => {
    expect(out.schema).toBe("2.0");
    expect(out.config.update_multi).toBe(true);
    expect(out.config.locales).toEqual(["zh_cn", "en_us"]);
    expect(out.config.summary).toEqual({
      content: progress.summary["zh-CN"],
      i18n_content: { zh_cn: progress.summary["zh-CN"], en_us: progress.summary.en },
    });
    expect(Array.isArray(out.body.elements)).toBe(true);
    expect(out).not.toHaveProperty("elements");
    expect(out).not.toHaveProperty("i18n_elements");
  });

  it("puts title and subtitle in the header in both languages", () => {
    expect(out.header.title).toEqual({
      tag: "plain_text",
      content: "王磊 · 2026年10月业绩",
      i18n_content: { zh_cn: "王磊 · 2026年10月业绩", en_us: "王磊 · October 2026 progress" },
    });
    expect(out.header.subtitle?.i18n_content).toEqual({
      zh_cn: "总分 92.83 · 第1名 / 3",
      en_us: "Total 92.83 · #1 of 3",
    });
    expect(renderLarkCard(CARDS.help!).header).not.toHaveProperty("subtitle");
  });

  it.each([
    ["good", "green"],
    ["warning", "orange"],
    ["bad", "red"],
    ["info", "blue"],
    ["neutral", "grey"],
  ] as const)("maps tone %s to the %s header template", (tone, template) => {
    expect(renderLarkCard(card([], tone)).header.template).toBe(template);
  });

  it("maps the model's elements to Lark components in order", () => {
    const tags = topLevel(
      renderLarkCard(
        card([
          { type: "text", text: text("一", "one") },
          { type: "divider" },
          { type: "context", text: text("注", "note") },
          { type: "fields", fields: [{ label: text("甲", "A"), value: text("1", "1") }] },
          { type: "actions", buttons: [btn("go")] },
        ]),
      ),
    ).map((e) => e.tag);
    expect(tags).toEqual(["div", "hr", "div", "column_set", "column_set"]);
  });

  it("shows context as small grey plain text", () => {
    const ctx = topLevel(renderLarkCard(card([{ type: "context", text: text("数据更新于", "Data updated") }])))[0]!;
    expect(ctx).toMatchObject({
      tag: "div",
      text: {
        tag: "plain_text",
        text_size: "notation",
        text_color: "grey",
        i18n_content: { zh_cn: "数据更新于", en_us: "Data updated" },
      },
    });
  });

  it("lays fields out two per row, each a grey label over its value", () => {
    const sets = topLevel(
      renderLarkCard(
        card([
          {
            type: "fields",
            fields: ["甲", "乙", "丙"].map((z, i) => ({ label: text(z, `L${i}`), value: text(`值${i}`, `v${i}`) })),
          },
        ]),
      ),
    );
    expect(sets.map((s) => (s.tag === "column_set" ? s.columns.length : 0))).toEqual([2, 1]);
    const first = sets[0]!.tag === "column_set" ? sets[0]!.columns[0]!.elements : [];
    expect(first.map((e) => (e.tag === "div" ? [e.text.text_color ?? "default", e.text.i18n_content] : null))).toEqual([
      ["grey", { zh_cn: "甲", en_us: "L0" }],
      ["default", { zh_cn: "值0", en_us: "v0" }],
    ]);
  });

  it("draws progress as a coloured text bar with the exact caption in both languages", () => {
    const md = topLevel(renderLarkCard(progress))[0]!;
    expect(md.tag).toBe("markdown");
    expect(md).toMatchObject({
      i18n_content: {
        zh_cn:
          "**回款（权重 40）**\n<font color='blue'>▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓░░</font> ¥35,000.00 / ¥40,000.00 · 87.5% · 35.00 分",
        en_us:
          "**Collected revenue (weight 40)**\n<font color='blue'>▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓░░</font> ¥35,000.00 / ¥40,000.00 · 87.5% · 35.00 pts",
      },
    });
  });
});

// ─── Both languages ──────────────────────────────────────────────────────────────────────────────

describe("renderLarkCard: both languages in every text component", () => {
  it.each(Object.keys(CARDS))("%s: every text tag carries zh_cn and en_us, content in the default locale", (name) => {
    const out = renderLarkCard(CARDS[name]!);
    const texts = [...withTag(out, "plain_text"), ...withTag(out, "markdown")];
    expect(texts.length).toBeGreaterThan(0);
    for (const t of texts) {
      const i18n = t.i18n_content as { zh_cn?: unknown; en_us?: unknown } | undefined;
      expect(typeof i18n?.zh_cn, JSON.stringify(t)).toBe("string");
      expect(typeof i18n?.en_us, JSON.stringify(t)).toBe("string");
      expect((i18n!.zh_cn as string).trim(), JSON.stringify(t)).not.toBe("");
      expect((i18n!.en_us as string).trim(), JSON.stringify(t)).not.toBe("");
      expect(t.content).toBe(i18n!.zh_cn);
    }
  });

  it.each(Object.keys(CARDS))("%s: each of the model's texts reaches the card in its own language", (name) => {
    const model = CARDS[name]!;
    const shown = i18nStrings(renderLarkCard(model));
    // Table cells and headers, chart bars and the reference line are written in one locale (Lark
    // has no i18n for them); confirm OK/Cancel are the client's own. Everything else is bilingual.
    const bilingual = textsOf(model).filter(
      (t) => !/\.table\.|\.chart\.bars|\.chart\.reference|confirm\.(ok|cancel)/.test(t.where),
    );
    expect(bilingual.length).toBeGreaterThan(1);
    for (const t of bilingual) {
      expect(shown.zh, `${t.where} (zh)`).toContain(t.text["zh-CN"]);
      expect(shown.en, `${t.where} (en)`).toContain(t.text.en);
    }
  });

  it("writes the parts Lark cannot localize in the requested locale", () => {
    const en = renderLarkCard(CARDS["leaderboard (manager)"]!, { locale: "en" });
    const table = withTag(en, "table")[0] as unknown as LarkTable;
    expect(table.columns.map((c) => c.display_name)).toEqual([
      "Rank",
      "Name",
      "Score",
      "Headline metric",
      "vs last week",
      "Pace",
    ]);
    expect(table.rows[2]).toMatchObject({ c1: "李静", c3: "Collected revenue 0.0%", c5: "behind pace" });
    const chart = withTag(renderLarkCard(progress, { locale: "en" }), "chart")[0] as unknown as LarkChart;
    expect(chart.chart_spec.data.values.map((v) => v.label)).toEqual([
      "Collected revenue",
      "Repurchase rate",
      "Profit per shipment",
      "Collaboration score",
    ]);
    expect(en.header.title.content).toBe(CARDS["leaderboard (manager)"]!.header.title.en);
  });

  it("renders one language only when asked (the ephemeral-card API refuses i18n fields)", () => {
    const out = renderLarkCard(progress, { locale: "en", bilingual: false });
    expect(nodes(out).filter((n) => "i18n_content" in n)).toEqual([]);
    expect(out.config).not.toHaveProperty("locales");
    expect(out.config.update_multi).toBe(true);
    expect(out.header.title.content).toBe("王磊 · October 2026 progress");
    expect(JSON.stringify(out)).not.toMatch(/[回款达成率]/);
  });
});

// ─── Buttons ─────────────────────────────────────────────────────────────────────────────────────

describe("renderLarkCard: buttons carry the serialized intent", () => {
  it.each(Object.keys(CARDS))("%s: every button's value reads back to the same intent", (name) => {
    const model = CARDS[name]!;
    const buttons = withTag(renderLarkCard(model), "button");
    const expected = buttonsOf(model);
    expect(buttons).toHaveLength(expected.length);
    buttons.forEach((b, i) => {
      const behaviors = b.behaviors as { type: string; value: unknown }[];
      expect(behaviors).toHaveLength(1);
      expect(behaviors[0]!.type).toBe("callback");
      const value = behaviors[0]!.value;
      const serialized = serializeIntent(expected[i]!.intent);
      expect(value).toEqual({ intent: serialized, action: expected[i]!.actionId });
      // As Lark delivers it (the object) and as some paths hand it over (a JSON string).
      const intent = larkCardValue(value);
      expect(intent).toBe(serialized);
      expect(larkCardValue(JSON.stringify(value))).toBe(serialized);
      expect(deserializeIntent(intent!)).toEqual(expected[i]!.intent);
    });
  });

  it("keeps the labels bilingual and maps styles and confirm dialogs", () => {
    const confirm = {
      title: text("确认？", "Sure?"),
      text: text("将发送提醒。", "A reminder will be sent."),
      ok: text("确定", "OK"),
      cancel: text("取消", "Cancel"),
    };
    const out = renderLarkCard(
      card([
        {
          type: "actions",
          buttons: [{ ...btn("a"), style: "primary" }, { ...btn("b"), style: "danger", confirm }, btn("c")],
        },
      ]),
    );
    const [a, b, c] = withTag(out, "button");
    expect([a!.type, b!.type, c!.type]).toEqual(["primary_filled", "danger", "default"]);
    expect(a!.text).toEqual({ tag: "plain_text", content: "按钮", i18n_content: { zh_cn: "按钮", en_us: "Button" } });
    expect(b!.confirm).toEqual({
      title: { tag: "plain_text", content: "确认？", i18n_content: { zh_cn: "确认？", en_us: "Sure?" } },
      text: {
        tag: "plain_text",
        content: "将发送提醒。",
        i18n_content: { zh_cn: "将发送提醒。", en_us: "A reminder will be sent." },
      },
    });
    expect(c).not.toHaveProperty("confirm");
    // Buttons sit side by side in a flowing column set (JSON 2.0 has no "action" module).
    expect(topLevel(out)[0]).toMatchObject({ tag: "column_set", flex_mode: "flow" });
  });

  it("larkCardValue refuses values that are not ours", () => {
    for (const bad of [
      undefined,
      null,
      42,
      "",
      "not json",
      "[1]",
      [],
      {},
      { intent: 3 },
      { intent: "" },
      { value: "x" },
      JSON.stringify({ kind: "help" }),
    ]) {
      expect(larkCardValue(bad), JSON.stringify(bad)).toBeNull();
    }
    expect(larkCardValue({ intent: '{"kind":"help"}', extra: 1 })).toBe('{"kind":"help"}');
  });
});

// ─── Limits ──────────────────────────────────────────────────────────────────────────────────────

const ID = /^[A-Za-z][A-Za-z0-9_]{0,19}$/;

describe("renderLarkCard: element ids", () => {
  it.each(Object.keys(CARDS))("%s: letter-first, ≤ 20 characters, unique", (name) => {
    const out = renderLarkCard(CARDS[name]!);
    const ids = elementIds(out);
    // One per component (text objects inside components are not components).
    expect(ids.length).toBe(nodes(out).filter((n) => typeof n.tag === "string" && n.tag !== "plain_text").length);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(id).toMatch(ID);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("every component has one, and buttons keep their action ids", () => {
    const out = renderLarkCard(progress);
    const components = nodes(out).filter((n) => typeof n.tag === "string" && !["plain_text"].includes(n.tag as string));
    for (const c of components) expect(c.element_id, JSON.stringify(c).slice(0, 80)).toMatch(ID);
    expect(withTag(out, "button").map((b) => b.element_id)).toEqual([
      "details",
      "unpaid",
      "leaderboard",
      "prev_period",
    ]);
  });

  it("repairs and de-duplicates ids the model did not make valid", () => {
    const out = renderLarkCard(
      card([
        { type: "text", text: text("一", "one") },
        {
          type: "actions",
          buttons: [
            btn("go"),
            btn("go"),
            btn("1-bad id"),
            btn("a_very_long_action_identifier_x"),
            btn("a_very_long_action_identifier_y"),
            btn("text_1"),
            btn(""),
          ],
        },
      ]),
    );
    const ids = elementIds(out);
    for (const id of ids) expect(id).toMatch(ID);
    expect(new Set(ids).size).toBe(ids.length);
    expect(withTag(out, "button")).toHaveLength(7);
  });
});

describe("renderLarkCard: at most 5 tables and 5 charts", () => {
  const many = card([
    ...[1, 2, 3, 4, 5, 6, 7].map((i) => table(3, `表${i}`)),
    ...[1, 2, 3, 4, 5, 6, 7].map((i) => chart(String(i))),
  ]);
  const out = renderLarkCard(many);

  it("keeps five of each as components", () => {
    expect(withTag(out, "table")).toHaveLength(LARK_LIMITS.tables);
    expect(withTag(out, "chart")).toHaveLength(LARK_LIMITS.charts);
  });

  it("turns the extra tables into text with all their rows, in both languages", () => {
    const blocks = withTag(out, "markdown").filter((m) => String(m.content).startsWith("```"));
    expect(blocks).toHaveLength(2);
    const i18n = blocks[1]!.i18n_content as { zh_cn: string; en_us: string };
    expect(i18n.zh_cn).toContain("表7姓名");
    expect(i18n.en_us).toContain("Name");
    expect(i18n.zh_cn.split("\n").filter((l) => l.includes("销售"))).toHaveLength(3);
  });

  it("keeps every chart's title and fallback line, chart or not", () => {
    const shown = i18nStrings(out);
    for (let i = 1; i <= 7; i++) {
      expect(shown.zh).toContain(`图${i}`);
      expect(shown.en).toContain(`A 40, B 120 (${i})`);
    }
  });
});

describe("renderLarkCard: 30 KB", () => {
  const fits = (out: LarkCard) => {
    expect(larkCardBytes(out)).toBeLessThanOrEqual(LARK_LIMITS.cardBytes - LARK_LIMITS.envelopeBytes);
    expect(Buffer.byteLength(JSON.stringify(out), "utf8")).toBeLessThanOrEqual(30_000);
    expect(withTag(out, "table").length).toBeLessThanOrEqual(5);
    expect(withTag(out, "chart").length).toBeLessThanOrEqual(5);
  };

  it("a 300-row manager leaderboard fits: rows cut from the bottom with an '… N more' note, every button kept", () => {
    const model = leaderboardCard(bigLeaderboard(300), {
      audience: "manager",
      askerExternalId: "E-250",
      pageSize: 300,
    });
    const out = renderLarkCard(model);
    fits(out);
    expect(withTag(out, "chart")).toHaveLength(1);

    const t = withTag(out, "table")[0] as unknown as LarkTable;
    expect(t.rows.length).toBeGreaterThan(20);
    expect(t.rows.length).toBeLessThan(300);
    expect(t.page_size).toBe(10);
    const hidden = 300 - t.rows.length;
    const shown = i18nStrings(out);
    expect(shown.zh).toContain(`… 另有 ${hidden} 行未显示`);
    expect(shown.en).toContain(`… ${hidden} more rows`);
    // The top of the ranking, then the asker's own row even though it is far down.
    expect(t.rows[0]).toMatchObject({ c0: "1", c1: "销售001" });
    expect(t.rows.at(-1)).toMatchObject({ c0: "▶ 250", c1: "销售250" });
    expect(withTag(out, "button").map((b) => larkCardValue((b.behaviors as { value: unknown }[])[0]!.value))).toEqual(
      buttonsOf(model).map((b) => serializeIntent(b.intent)),
    );
  });

  it("a 300-row member leaderboard (three short columns) fits whole", () => {
    const model = leaderboardCard(bigLeaderboard(300), { audience: "member", askerExternalId: "E-250", pageSize: 300 });
    const out = renderLarkCard(model);
    fits(out);
    const t = withTag(out, "table")[0] as unknown as LarkTable;
    expect(t.rows).toHaveLength(300);
    expect(t.rows[249]).toEqual({ c0: "▶ 250", c1: "销售250", c2: "37.50" });
    expect(JSON.stringify(out)).not.toContain("未显示");
  });

  it("a 1,000-row member leaderboard is cut to fit too", () => {
    const out = renderLarkCard(
      leaderboardCard(bigLeaderboard(1000), { audience: "member", askerExternalId: "E-999", pageSize: 1000 }),
    );
    fits(out);
    const t = withTag(out, "table")[0] as unknown as LarkTable;
    expect(t.rows.length).toBeLessThan(1000);
    expect(t.rows.at(-1)).toMatchObject({ c0: "▶ 999" });
    expect(i18nStrings(out).en).toContain(`… ${1000 - t.rows.length} more rows`);
  });

  it("a card of very long texts leaves content out from the end but keeps the buttons", () => {
    const long = "很长的内容。".repeat(300);
    const model = card([
      ...[1, 2, 3, 4].map(() => ({ type: "text" as const, text: text(long, long) })),
      { type: "actions", buttons: [btn("keep_me")] },
    ]);
    const out = renderLarkCard(model);
    expect(larkCardBytes(out)).toBeLessThanOrEqual(LARK_LIMITS.cardBytes - LARK_LIMITS.envelopeBytes);
    expect(withTag(out, "button").map((b) => b.element_id)).toEqual(["keep_me"]);
    expect(i18nStrings(out).en).toContain("Some content was left out");
    expect(
      withTag(out, "div").filter((d) => String((d.text as { content: string }).content).startsWith("很长")).length,
    ).toBeGreaterThan(0);
  });

  it("leaves a card that fits untouched", () => {
    const out = renderLarkCard(progress);
    expect(larkCardBytes(out)).toBeLessThan(20_000);
    expect(JSON.stringify(out)).not.toContain("更多");
    expect(i18nStrings(out).en).not.toContain("left out");
  });
});

// ─── Charts and tables ───────────────────────────────────────────────────────────────────────────

describe("renderLarkCard: the profile trend", () => {
  const month = (m: number): Text => ({ "zh-CN": `2026年${m}月`, en: `Sep ${m}` });
  const card = profileCard({
    name: "王磊",
    externalId: "E-A",
    self: true,
    months: [month(8), month(9), month(10)],
    metrics: [
      {
        label: { "zh-CN": "回款", en: "Collected revenue" },
        values: [8, 9, 10].map((m) => ({ "zh-CN": `¥${m}`, en: `¥${m}` })),
        plot: [1200, null, 45000.5],
      },
    ],
    ranks: [],
    training: [],
    potential: [],
  });

  it("is a VChart line through the months in order, the value axis fitted to the values", () => {
    const [chart] = withTag(renderLarkCard(card), "chart") as unknown as LarkChart<VChartLineSpec>[];
    expect(chart!.chart_spec).toMatchObject({ type: "line", xField: "label", yField: "value" });
    // A month without a figure has no point; the line joins the others.
    expect(chart!.chart_spec.data.values).toEqual([
      { label: "8月", value: 1200 },
      { label: "10月", value: 45000.5 },
    ]);
    expect(chart!.chart_spec.axes).toContainEqual({ orient: "left", type: "linear", zero: false });
    expect(JSON.stringify(chart)).not.toMatch(/=>|function/);
  });
});

describe("renderLarkCard: the progress chart", () => {
  const out = renderLarkCard(progress);
  const elements = topLevel(out);
  const at = elements.findIndex((e) => e.tag === "chart");
  const chart = elements[at] as LarkChart<VChartBarSpec>;

  it("is a VChart bar chart of each metric's achievement with the 100 % target line", () => {
    expect(at).toBeGreaterThan(0);
    expect(chart.chart_spec.type).toBe("bar");
    expect(chart.chart_spec.data.values).toEqual([
      { label: "回款", value: 87.5, tone: "info" },
      { label: "复购率", value: 83.3, tone: "warning" },
      { label: "单票毛利", value: 85, tone: "warning" },
      { label: "协作评分", value: 100, tone: "good" },
    ]);
    expect(chart.chart_spec.markLine).toEqual([
      { y: 100, label: { visible: true, text: "目标 100%" }, line: { style: { lineDash: [4, 4] } } },
    ]);
    const valueAxis = chart.chart_spec.axes.find((a) => a.type === "linear")!;
    expect(valueAxis.max).toBeGreaterThan(100);
    // Plain JSON: Lark runs no JavaScript in a chart spec.
    expect(JSON.stringify(chart)).not.toMatch(/=>|function/);
  });

  it("has its title above and its text fallback line below, in both languages", () => {
    expect(elements[at - 1]).toMatchObject({
      tag: "markdown",
      i18n_content: { zh_cn: "**各指标达成率**", en_us: "**Achievement by metric**" },
    });
    expect(elements[at + 1]).toMatchObject({
      tag: "div",
      text: {
        text_color: "grey",
        i18n_content: {
          zh_cn: "回款 87.5%，复购率 83.3%，单票毛利 85.0%，协作评分 100.0%（目标 100%）",
          en_us:
            "Collected revenue 87.5%, Repurchase rate 83.3%, Profit per shipment 85.0%, Collaboration score 100.0% (target 100%)",
        },
      },
    });
  });

  it("draws a long chart (the manager's 30 totals) as horizontal bars with the line across", () => {
    const big = withTag(
      renderLarkCard(leaderboardCard(bigLeaderboard(40), { audience: "manager" })),
      "chart",
    )[0] as unknown as LarkChart<VChartBarSpec>;
    expect(big.chart_spec.direction).toBe("horizontal");
    expect(big.chart_spec.data.values).toHaveLength(30);
    expect(big.chart_spec.markLine?.[0]).toMatchObject({ x: 100 });
    expect(big.height).toMatch(/^\d+px$/);
  });
});

describe("renderLarkCard: tables", () => {
  it("renders the leaderboard as a table component: locale headers, aligned columns, paged", () => {
    const t = withTag(renderLarkCard(CARDS["leaderboard (manager)"]!), "table")[0] as unknown as LarkTable;
    expect(t.columns.map((c) => [c.display_name, c.horizontal_align])).toEqual([
      ["排名", "right"],
      ["姓名", "left"],
      ["总分", "right"],
      ["主指标完成", "right"],
      ["较上周", "right"],
      ["进度", "left"],
    ]);
    expect(t.rows).toEqual([
      { c0: "1", c1: "王磊", c2: "92.83", c3: "回款 87.5%", c4: "+20.00", c5: "正常" },
      { c0: "2", c1: "张伟", c2: "87.67", c3: "新客户数 66.7%", c4: "+38.33", c5: "正常" },
      { c0: "3", c1: "李静", c2: "54.83", c3: "回款 0.0%", c4: "+3.33", c5: "落后" },
    ]);
    expect(t.page_size).toBe(3);
  });

  it("marks the asker's row", () => {
    const t = withTag(renderLarkCard(CARDS["leaderboard (member)"]!), "table")[0] as unknown as LarkTable;
    expect(t.rows.map((r) => r.c0)).toEqual(["1", "▶ 2", "3"]);
  });

  it("keeps money exact in the details table", () => {
    const t = withTag(renderLarkCard(CARDS.unpaid!), "table")[0] as unknown as LarkTable;
    expect(t.rows.map((r) => r.c4)).toEqual(["¥30,000.00", "¥5,000.00"]);
  });

  it("renders no table for no rows", () => {
    expect(withTag(renderLarkCard(card([table(0)])), "table")).toHaveLength(0);
  });
});

// ─── Escaping ────────────────────────────────────────────────────────────────────────────────────

describe("Lark markdown escaping", () => {
  it("escapes data so it shows as written", () => {
    expect(escapeLarkMarkdown("A*B_C ~x~ `c` [l](u) <at id=all></at> & \\")).toBe(
      "A&#42;B&#95;C &#126;x&#126; &#96;c&#96; &#91;l&#93;(u) &lt;at id=all&gt;&lt;/at&gt; &amp; &#92;",
    );
  });

  it("translates the model's *bold* and _italic_ and escapes the rest, line starts included", () => {
    expect(modelMarkdownToLark("*王磊* 完成了 _全部_ 目标 a*b")).toBe("**王磊** 完成了 *全部* 目标 a&#42;b");
    expect(modelMarkdownToLark("-¥2,500.00\n# 1\n1. x")).toBe("&#45;¥2,500.00\n&#35; 1\n1&#46; x");
  });

  it("uses markdown only where the model asked for it; plain text stays as written", () => {
    const out = renderLarkCard(
      card([
        { type: "text", text: text("*粗体* <b>", "*bold* <b>"), markdown: true },
        { type: "text", text: same("a*b <at id=all></at>") },
      ]),
    );
    const [md, plain] = topLevel(out);
    expect(md).toMatchObject({
      tag: "markdown",
      i18n_content: { zh_cn: "**粗体** &lt;b&gt;", en_us: "**bold** &lt;b&gt;" },
    });
    expect(plain).toMatchObject({ tag: "div", text: { tag: "plain_text", content: "a*b <at id=all></at>" } });
  });

  it("escapes names inside progress bars and chart titles", () => {
    const out = renderLarkCard(
      card([
        { type: "progress", label: same("A*B"), ratio: 0.5, caption: same("<x>"), tone: "bad" },
        { ...chart("1"), title: same("T_1") },
      ]),
    );
    const md = withTag(out, "markdown").map((m) => m.content);
    expect(md).toContain("**A&#42;B**\n<font color='red'>▓▓▓▓▓▓▓▓▓▓░░░░░░░░░░</font> &lt;x&gt;");
    expect(md).toContain("**T&#95;1**");
  });
});

// ─── Plain-text fallback ─────────────────────────────────────────────────────────────────────────

describe("renderLarkText", () => {
  it("gives the card's content as plain lines in one language, without box drawing or buttons", () => {
    const zh = renderLarkText(progress, "zh-CN");
    expect(zh.startsWith("王磊 · 2026年10月业绩\n总分 92.83 · 第1名 / 3\n\n")).toBe(true);
    expect(zh).toContain("回款（权重 40）\n▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓░░ ¥35,000.00 / ¥40,000.00 · 87.5% · 35.00 分");
    expect(zh).toContain("每个剩余工作日需完成：¥555.56");
    expect(zh).toContain("各指标达成率\n回款 87.5%，复购率 83.3%");
    expect(zh).not.toMatch(/[┌┐└┘│]/);
    expect(zh).not.toContain("上个月");
    const en = renderLarkText(progress, "en");
    expect(en).toContain("Needed per working day left: ¥555.56");
    expect(en).not.toMatch(/回款|权重/);
  });

  it("lists tables as aligned rows and marks the asker", () => {
    const out = renderLarkText(CARDS["leaderboard (member)"]!, "zh-CN");
    expect(out).toMatch(/▶\s+2\s+张伟\s+87\.67/);
    expect(out.split("\n").filter((l) => /王磊|张伟|李静/.test(l))).toHaveLength(3);
  });

  it("stays a readable size for a huge card", () => {
    const out = renderLarkText(card([{ type: "text", text: same("字".repeat(50_000)) }]), "zh-CN");
    expect(out.length).toBeLessThanOrEqual(LARK_LIMITS.textChars);
    expect(out.endsWith("…")).toBe(true);
  });
});
