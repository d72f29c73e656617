// Cards as terminal text (the console demo): a closed box whatever the script, bars, aligned tables,
// numbered choices that map back to the buttons' intents.
import { describe, expect, it } from "vitest";
import { detailsCard, leaderboardCard, progressCard, renderText, type Card } from "../../cards/index.ts";
import { displayWidth } from "../../cards/format.ts";
import { progressBar } from "../../cards/render-text.ts";
import { bigLeaderboard, COURSE, eastLeaderboard, explanation, TZ, wangLeiProgress } from "./fixtures.ts";

const progress = progressCard(wangLeiProgress(), { recommendation: COURSE, viewer: "self", showButtons: true });
const LOCALES = ["zh-CN", "en"] as const;

describe("renderText", () => {
  it.each(LOCALES)("draws a closed box: every line the same width, CJK counted double (%s)", (locale) => {
    const cards: Card[] = [
      progress,
      leaderboardCard(eastLeaderboard(), { audience: "manager" }),
      detailsCard(explanation("collected_revenue", { rows: 3, total: 3 }), { timezone: TZ, currency: "CNY" }),
    ];
    for (const card of cards) {
      const lines = renderText(card, locale).text.split("\n");
      const width = displayWidth(lines[0]!);
      expect(lines[0]).toMatch(/^┌─+┐$/);
      expect(lines.at(-1)).toMatch(/^└─+┘$/);
      for (const line of lines) expect(displayWidth(line), line).toBe(width);
    }
  });

  it("shows the header, each progress bar with its caption, and the exact figures", () => {
    const out = renderText(progress, "zh-CN").text;
    expect(out).toContain("王磊 · 2026年10月业绩");
    expect(out).toContain("总分 92.83 · 第1名 / 3");
    expect(out).toContain(`${"▓".repeat(18)}${"░".repeat(2)} · ¥35,000.00 / ¥40,000.00 · 87.5%`);
    expect(out).toContain("¥555.56");
    expect(out).toContain("推荐课程：《高效回款技巧》");
  });

  it("draws bars in proportion, full with a + past 100 %, empty for nothing", () => {
    expect(progressBar(0.5, 10)).toBe("▓▓▓▓▓░░░░░");
    expect(progressBar(1.2, 10)).toBe("▓▓▓▓▓▓▓▓▓▓+");
    expect(progressBar(0, 10)).toBe("░░░░░░░░░░");
    expect(progressBar(Number.NaN, 10)).toBe("░░░░░░░░░░");
  });

  it("aligns table columns by display width and marks the asker's row", () => {
    const out = renderText(
      leaderboardCard(eastLeaderboard(), { audience: "member", askerExternalId: "E-C" }),
      "zh-CN",
    ).text.split("\n");
    const rows = out.filter((l) => /王磊|张伟|李静/.test(l));
    expect(rows).toHaveLength(3);
    // Right-aligned scores end in the same column on every row.
    const endOfScore = rows.map((l) =>
      displayWidth(l.slice(0, l.search(/\d+\.\d\d/) + l.match(/\d+\.\d\d/)![0].length)),
    );
    expect(new Set(endOfScore).size).toBe(1);
    expect(rows.find((l) => l.includes("张伟"))).toContain("▶");
    expect(rows.filter((l) => l.includes("▶"))).toHaveLength(1);
  });

  it("shortens a table too wide for the box with … instead of breaking the box", () => {
    const long = bigLeaderboard(3, (r) => ({ name: `${r.name}${"很长的名字".repeat(20)}` }));
    const lines = renderText(leaderboardCard(long, { audience: "manager" }), "zh-CN", { maxWidth: 80 }).text.split(
      "\n",
    );
    expect(lines.some((l) => l.includes("…"))).toBe(true);
    for (const line of lines) expect(displayWidth(line)).toBe(84);
  });

  it("numbers the buttons and returns each choice's intent value", () => {
    const { text, choices } = renderText(progress, "zh-CN");
    expect(text).toContain("[1] 明细");
    expect(text).toContain("[4] 上个月");
    expect(choices.map((c) => [c.index, c.label])).toEqual([
      [1, "明细"],
      [2, "未回款"],
      [3, "团队排名"],
      [4, "上个月"],
    ]);
    expect(choices[3]!.intent).toEqual({ kind: "progress", period: "2026-09" });
    expect(renderText(progress, "en").choices.map((c) => c.label)).toEqual([
      "Details",
      "Unpaid",
      "Team ranking",
      "Last month",
    ]);
  });

  it("prints markdown without its markers", () => {
    const card: Card = {
      header: { title: { "zh-CN": "标题", en: "Title" }, tone: "info" },
      elements: [
        {
          type: "text",
          markdown: true,
          text: { "zh-CN": "*重点* 和 _斜体_", en: "*bold* and _italic_ in snake_case_name" },
        },
      ],
      summary: { "zh-CN": "s", en: "s" },
    };
    expect(renderText(card, "en").text).toContain("bold and italic in snake_case_name");
    expect(renderText(card, "zh-CN").text).toContain("重点 和 斜体");
  });
});
