// Keyword screening (pure): the text folding, the matching rules and the cases that decided them
// (docs/SCREENING.md cites these tests), and a ranking of a small zh/en résumé set with its expected
// order and explanations — simplified, traditional and full-width Chinese, and English.
import { describe, expect, it } from "vitest";
import { fold, foldTerm, TRAD_TO_SIMP } from "../../src/recruit/normalize.ts";
import {
  PreparedResume,
  matchKeyword,
  parseKeywordProfile,
  rankCandidates,
  screenResume,
  type KeywordProfile,
  type KeywordSpec,
} from "../../src/recruit/screening.ts";

const kw = (keyword: string, synonyms: string[] = [], weight = 1): KeywordSpec => ({ keyword, weight, synonyms });
/** The one keyword's result for a résumé. */
const match = (text: string, spec: KeywordSpec) => matchKeyword(new PreparedResume(text), spec, "required");

describe("folding", () => {
  it("NFKC turns full-width letters, digits and punctuation half-width, and lower-cases", () => {
    expect(fold("ＦＣＬ／ＬＣＬ　ＣＥＴ－６，（２８％）").text).toBe("fcl/lcl cet-6,(28%)");
  });

  it("folds traditional characters of the domain vocabulary to simplified", () => {
    expect(foldTerm("國際貨代銷售經驗")).toBe("国际货代销售经验");
    expect(foldTerm("客戶資源 訂單轉化 海運 鐵路運輸 報關 換")).toBe("客户资源 订单转化 海运 铁路运输 报关 换");
  });

  it("composed and decomposed accents agree (grapheme clusters are normalized whole)", () => {
    expect(fold("Cafe\u0301 Café").text).toBe("café café");
    const f = fold("Cafe\u0301!");
    expect(f.end[3]).toBe(5); // "é" covers both code units of e + U+0301
  });

  it("unifies dashes and white space, drops zero-width characters", () => {
    expect(fold("China–Europe  rail\n\tfreight").text).toBe("china-europe rail freight");
    expect(fold("  CR\u200bM").text).toBe("crm");
  });

  it("maps every folded character back to its place in the original", () => {
    const original = "５年 國際\n\n貨代";
    const f = fold(original);
    expect(f.text).toBe("5年 国际 货代");
    const at = f.text.indexOf("货代");
    expect(original.slice(f.start[at]!, f.end[at + 1]!)).toBe("貨代");
    // The collapsed line break maps to the whole run it stands for.
    const space = f.text.lastIndexOf(" ");
    expect(original.slice(f.start[space]!, f.end[space]!)).toBe("\n\n");
  });

  it("the traditional → simplified table is one character to one, and folding twice changes nothing", () => {
    for (const [from, to] of TRAD_TO_SIMP) {
      expect([...from]).toHaveLength(1);
      expect([...to]).toHaveLength(1);
      expect(from).not.toBe(to);
      expect(TRAD_TO_SIMP.has(to), `${to} (from ${from}) is itself folded`).toBe(false);
    }
    expect(TRAD_TO_SIMP.size).toBeGreaterThan(200);
  });
});

describe("matching rules (the cases in docs/SCREENING.md)", () => {
  it("finds a Chinese keyword inside a longer run with no spaces: 货代销售经验 in 国际货代销售经验", () => {
    const r = match("6年国际货代销售经验，负责揽货", kw("货代销售经验"));
    expect(r.matched).toBe(true);
    expect(r.matches[0]).toMatchObject({ text: "货代销售经验", start: 4, end: 10 });
  });

  it("finds a keyword followed by a suffix the segmenter glues to something else: 空运 in 空运费 (空|运费), 订单转化 in 订单转化率", () => {
    expect(match("负责空运费报价", kw("空运")).matched).toBe(true);
    expect(match("订单转化率约 30%", kw("订单转化")).matched).toBe(true);
  });

  it("does not find a keyword that starts inside another word: 海运 in 上海运营中心 (上海|运营), 珠海运通", () => {
    const r = match("上海运营中心客服；珠海运通物流", kw("海运"));
    expect(r.matched).toBe(false);
    expect(r.ignored.map((i) => [i.text, i.reason])).toEqual([
      ["海运", "inside_word"],
      ["海运", "inside_word"],
    ]);
    // …while the same characters starting a word count.
    expect(match("中国海运订舱", kw("海运")).matched).toBe(true);
  });

  it("matches a traditional-Chinese résumé against a simplified keyword, and shows the original text", () => {
    const r = match("5年國際貨代銷售經驗", kw("货代销售经验"));
    expect(r.matches[0]).toMatchObject({ text: "貨代銷售經驗", start: 4, end: 10 });
  });

  it("matches full-width text: ＦＣＬ for FCL, ＣＥＴ－６ for CET-6", () => {
    expect(match("熟悉ＦＣＬ整柜", kw("海运", ["FCL"])).matches[0]).toMatchObject({
      form: "FCL",
      viaSynonym: true,
      text: "ＦＣＬ",
    });
    expect(match("通过ＣＥＴ－６", kw("英语", ["CET-6"])).matched).toBe(true);
  });

  it("English: whole words, any case, plural s/es allowed — 'sales' is not in 'wholesales'", () => {
    const r = match("Wholesales manager; Sales lead", kw("sales"));
    expect(r.occurrences).toBe(1);
    expect(r.matches[0]!.text).toBe("Sales");
    expect(r.ignored[0]).toMatchObject({ text: "sales", reason: "inside_word" });
    expect(match("improved conversions by 10%", kw("conversion")).matches[0]!.text).toBe("conversions");
    expect(match("salesforce admin", kw("sales")).matched).toBe(false);
    expect(match("CRMs and ERPs", kw("CRM")).matched).toBe(true);
  });

  it("English phrases match across line breaks and dash variants", () => {
    expect(match("years of freight\nforwarding sales", kw("freight forwarding sales")).matched).toBe(true);
    expect(match("sold China–Europe rail freight", kw("中欧班列", ["China-Europe rail"])).matched).toBe(true);
  });

  it("a negated mention is shown but not counted", () => {
    const zh = match("暂无客户资源，愿意从零开始", kw("客户资源"));
    expect(zh.matched).toBe(false);
    expect(zh.ignored[0]).toMatchObject({ text: "客户资源", reason: "negated" });
    expect(match("没有货代销售经验", kw("货代销售经验")).matched).toBe(false);
    expect(match("no ocean freight experience", kw("海运", ["ocean freight"])).matched).toBe(false);
    // Not a negation: the cue is not right before the keyword, or belongs to another clause.
    expect(match("无不良记录，客户资源丰富", kw("客户资源")).matched).toBe(true);
    expect(match("not only ocean freight but air", kw("ocean freight")).matched).toBe(true);
  });

  it("the objective line names the job wanted: shown, not counted", () => {
    const r = match("求职意向：海运销售代表（上海）\n熟悉海运整柜", kw("海运"));
    expect(r.occurrences).toBe(1);
    expect(r.matches[0]!.snippet).toBe("熟悉海运整柜");
    expect(r.ignored[0]).toMatchObject({ reason: "objective", snippet: "求职意向：海运销售代表（上海）" });
    expect(match("Objective: Ocean freight sales representative", kw("ocean freight")).matched).toBe(false);
    expect(match("求職意向：海運銷售", kw("海运")).matched).toBe(false);
  });

  it("overlapping forms of one keyword at one place count once, named by the longest", () => {
    const r = match("积累稳定客户资源 40 余家", kw("客户资源", ["稳定客户", "client book"]));
    expect(r.occurrences).toBe(1);
    expect(r.matches[0]).toMatchObject({ form: "稳定客户", viaSynonym: true, text: "稳定客户" });
  });

  it("snippets stay on the match's line, cut with … and tell where the match is", () => {
    const text =
      "工作经历\n- 2019–2025 某国际货运代理有限公司华东区域销售部门，6年国际货代销售经验，负责揽货与客户开发以及大客户维护工作，年度业绩排名华东区第一\n教育背景";
    const m = match(text, kw("货代销售经验")).matches[0]!;
    expect(m.snippet.startsWith("…")).toBe(true);
    expect(m.snippet.endsWith("…")).toBe(true);
    expect(m.snippet).not.toContain("\n");
    expect(m.snippet.slice(...m.snippetMatch)).toBe("货代销售经验");
    expect(text.slice(m.start, m.end)).toBe("货代销售经验");
  });
});

// ─── A résumé set with an expected order ────────────────────────────────────────────────────────

/** Like the demo's "海运销售代表 / Ocean freight sales representative" opening. Total weight 11. */
const PROFILE: KeywordProfile = {
  required: [
    kw(
      "货代销售经验",
      ["freight forwarding sales", "货代销售", "国际物流销售", "forwarder sales", "logistics sales"],
      3,
    ),
    kw("客户资源", ["client book", "客户积累", "existing customers", "customer base", "稳定客户"], 2),
    kw("海运", ["ocean freight", "sea freight", "FCL", "LCL", "整柜", "拼箱"], 2),
  ],
  preferred: [
    kw("订单转化", ["conversion", "成单率", "closing rate", "签单", "lead conversion"], 2),
    kw("英语", ["English", "CET-6", "英文", "TOEIC", "business English"], 1),
    kw("CRM", ["Salesforce", "销售漏斗", "sales pipeline", "纷享销客", "客户管理系统"], 1),
  ],
};

const RESUMES = {
  // Simplified Chinese, everything but CRM: 10/11.
  zhStrong: [
    "姓名：王磊",
    "求职意向：海运销售代表（上海）",
    "工作经历",
    "2019.03–2025.06  某国际货运代理有限公司  销售",
    "- 6年国际货代销售经验，负责揽货与客户开发",
    "- 积累稳定客户资源 40 余家，以外贸工厂为主",
    "- 熟悉美线、欧线海运整柜（FCL）与拼箱（LCL）运价",
    "- 线索到订单转化率约 32%",
    "- 英语六级",
  ].join("\n"),
  // Traditional Chinese: 货代销售经验, 客户资源, 海运, CRM (via Salesforce): 8/11.
  traditional: [
    "姓名：陳美玲",
    "求職意向：海運銷售代表（台北）",
    "工作經歷",
    "- 5年國際貨代銷售經驗，負責攬貨與客戶開發",
    "- 累積穩定客戶資源 30 餘家",
    "- 熟悉海運整櫃與拼箱運價",
    "- 使用 Salesforce 管理銷售漏斗",
  ].join("\n"),
  // Full-width Latin and digits, keywords via synonyms; no 英语, no CRM: 9/11.
  fullWidth: [
    "姓名：李伟",
    "- ４年货代销售，负责华东区揽货",
    "- 稳定客户３０家",
    "- 熟悉ＦＣＬ／ＬＣＬ运价",
    "- 订单转化率　２８％",
  ].join("\n"),
  // English, everything: 11/11.
  enStrong: [
    "Liwen Wu",
    "Objective: Ocean freight sales representative, Shanghai",
    "Experience",
    "2018–2025  Sales, a mid-size freight forwarder",
    "- 7 years of freight forwarding sales, winning cargo and developing accounts",
    "- brings a client book of 45+ shippers",
    "- knows FCL and LCL ocean freight rates on transpacific lanes",
    "- lead-to-order conversion around 30%",
    "- fluent business English (CET-6)",
    "- keeps the sales pipeline in Salesforce",
  ].join("\n"),
  // English, no ocean freight (negated) — missing one required: 7/11.
  enNoOcean: [
    "Zhang Min",
    "Wholesales manager at a garment exporter (2019–2022)",
    "3 years of logistics sales; built a customer base of 20 accounts",
    "closing rate 25%; no ocean freight experience yet",
  ].join("\n"),
  // Chinese false friends: 上海运营 is not 海运, 暂无客户资源 is not a client book — missing two: 4/11.
  zhFalseFriends: [
    "姓名：刘洋",
    "- 上海运营中心客服专员 2 年",
    "- 1年货代销售经验",
    "- 暂无客户资源",
    "- 熟悉销售漏斗管理",
  ].join("\n"),
  // Only the objective line mentions 海运 — missing all three required: 1/11.
  zhObjectiveOnly: ["姓名：周杰", "求职意向：海运销售代表", "- 3年外贸业务员，英语流利"].join("\n"),
};

describe("ranking a zh/en résumé set", () => {
  const candidates = Object.entries(RESUMES).map(([key, resumeText]) => ({ key, resumeText }));
  const ranked = rankCandidates(PROFILE, candidates);
  const byKey = Object.fromEntries(ranked.map((r) => [r.key, r]));

  it("ranks those with every required keyword first, by score; then by fewer missing", () => {
    expect(ranked.map((r) => [r.key, r.rank, r.screening.score, r.screening.qualified])).toEqual([
      ["enStrong", 1, 100, true],
      ["zhStrong", 2, 90.9, true],
      ["fullWidth", 3, 81.8, true],
      ["traditional", 4, 72.7, true],
      ["enNoOcean", 5, 63.6, false],
      ["zhFalseFriends", 6, 36.4, false],
      ["zhObjectiveOnly", 7, 9.1, false],
    ]);
  });

  it("lists the required keywords each flagged candidate misses", () => {
    expect(byKey.enNoOcean!.screening.missingRequired).toEqual(["海运"]);
    expect(byKey.zhFalseFriends!.screening.missingRequired).toEqual(["客户资源", "海运"]);
    expect(byKey.zhObjectiveOnly!.screening.missingRequired).toEqual(["货代销售经验", "客户资源", "海运"]);
  });

  it("explains each keyword: which form matched, where, via which synonym", () => {
    const explain = (key: keyof typeof RESUMES, keyword: string) =>
      byKey[key]!.screening.keywords.find((k) => k.keyword === keyword)!;
    const text = (key: keyof typeof RESUMES, m: { start: number; end: number }) => RESUMES[key].slice(m.start, m.end);

    const ff = explain("traditional", "货代销售经验");
    expect(ff).toMatchObject({
      kind: "required",
      weight: 3,
      matched: true,
      via: "货代销售经验",
      viaSynonym: false,
      occurrences: 1,
    });
    expect(text("traditional", ff.matches[0]!)).toBe("貨代銷售經驗");
    expect(ff.matches[0]!.snippet).toBe("- 5年國際貨代銷售經驗，負責攬貨與客戶開發");

    const crm = explain("traditional", "CRM");
    expect(crm).toMatchObject({ matched: true, via: "Salesforce", viaSynonym: true, occurrences: 2 });
    expect(crm.matches.map((m) => m.form)).toEqual(["Salesforce", "销售漏斗"]);
    expect(text("traditional", crm.matches[1]!)).toBe("銷售漏斗");

    const ocean = explain("fullWidth", "海运");
    expect(ocean).toMatchObject({ via: "FCL", viaSynonym: true });
    expect(ocean.matches.map((m) => m.text)).toEqual(["ＦＣＬ", "ＬＣＬ"]);

    const english = explain("enStrong", "英语");
    expect(english.matches.map((m) => m.text)).toEqual(["business English", "CET-6"]);

    // The objective line of zhStrong is not evidence; the three lines of experience are.
    const zhOcean = explain("zhStrong", "海运");
    expect(zhOcean.ignored.map((i) => i.reason)).toEqual(["objective"]);
    expect(zhOcean.occurrences).toBe(5); // 海运, 整柜, FCL, 拼箱, LCL — the first three shown
    expect(zhOcean.matches.map((m) => m.text)).toEqual(["海运", "整柜", "FCL"]);

    const negated = explain("enNoOcean", "海运");
    expect(negated).toMatchObject({ matched: false, via: null, occurrences: 0 });
    expect(negated.ignored).toEqual([
      expect.objectContaining({
        text: "ocean freight",
        reason: "negated",
        snippet: "closing rate 25%; no ocean freight experience yet",
      }),
    ]);

    const falseFriend = explain("zhFalseFriends", "海运");
    expect(falseFriend.ignored).toEqual([
      expect.objectContaining({ reason: "inside_word", snippet: "- 上海运营中心客服专员 2 年" }),
    ]);
    expect(explain("zhFalseFriends", "客户资源").ignored[0]!.reason).toBe("negated");
  });

  it("gives equal standing the same rank, listed by key", () => {
    const r = rankCandidates(PROFILE, [
      { key: "b", resumeText: RESUMES.zhStrong },
      { key: "a", resumeText: RESUMES.zhStrong },
      { key: "c", resumeText: RESUMES.traditional },
    ]);
    expect(r.map((x) => [x.key, x.rank])).toEqual([
      ["a", 1],
      ["b", 1],
      ["c", 3],
    ]);
  });

  it("an empty profile scores 0 and flags nothing; repeating a keyword earns nothing more", () => {
    expect(screenResume({ required: [], preferred: [] }, "anything")).toMatchObject({
      score: 0,
      possible: 0,
      qualified: true,
      missingRequired: [],
    });
    const once = screenResume(PROFILE, "货代销售经验").score;
    expect(screenResume(PROFILE, "货代销售经验 货代销售经验 货代销售经验").score).toBe(once);
  });

  it("validates a stored profile", () => {
    expect(parseKeywordProfile({ required: [{ keyword: "海运", weight: 2 }] })).toMatchObject({
      ok: true,
      profile: { required: [{ synonyms: [] }], preferred: [] },
    });
    const bad = parseKeywordProfile({ required: [{ keyword: "海运", weight: -1 }] });
    expect(bad.ok).toBe(false);
    expect(bad.ok ? "" : bad.detail).toContain("required.0.weight");
  });
});
