// Charts are rendered on the server with the system fonts; Chinese labels must come out as glyphs.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { codePointsOf, subsetFontFile } from "../../src/report/chart-font.ts";
import {
  CHART_FONT_FAMILY,
  chartFontOptions,
  distributionTeams,
  glyphsRender,
  MAX_CHART_TEAMS,
  renderChart,
  svgToPng,
} from "../../src/report/charts.ts";
import { trendChart } from "../../src/report/profile-chart.ts";
import type { MonthReport } from "../../src/services/report.ts";
import { readPng } from "./png.ts";

describe("chart fonts", () => {
  it("renders the Chinese labels with a CJK font found among the system fonts", () => {
    expect(glyphsRender("回款达成率")).toBe(true);
  });

  it("would fail without a font: nothing is drawn", () => {
    expect(glyphsRender("回款达成率", { loadSystemFonts: false })).toBe(false);
  });

  it("would fail on tofu: characters the font lacks all draw the same box", () => {
    // The CJK font itself, alone, has no Egyptian hieroglyphs.
    const file = execFileSync("fc-match", ["-f", "%{file}", CHART_FONT_FAMILY], { encoding: "utf8" });
    expect(file).toMatch(/NotoSansCJK/);
    expect(glyphsRender("回款达成率", { loadSystemFonts: false, fontFiles: [file] })).toBe(true);
    expect(glyphsRender("𓀀𓀁𓀂", { loadSystemFonts: false, fontFiles: [file] })).toBe(false);
  });
});

describe("the chart font cut down to a chart's characters", () => {
  const cjk = () => {
    const [file, index] = execFileSync("fc-match", ["-f", "%{file}\t%{index}", `${CHART_FONT_FAMILY}:lang=zh-cn`], {
      encoding: "utf8",
    }).split("\t");
    return { file: file!, index: Number(index) };
  };

  it("draws the same picture as the whole font, pixel for pixel", async () => {
    const chart = await trendChart(
      "t",
      "王磊 · last 6 closed months",
      ["2026-09", "2026-10"],
      [
        { label: "回款 Collected", values: [1200, 45000.5] },
        { label: "复购率", values: [null, 0.35] },
      ],
    );
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="80"><text x="4" y="52" font-size="24" font-family="${CHART_FONT_FAMILY}">王磊 · AVAWAY To ¥45,000.00 &amp; 复购率</text></svg>`;
    const warnings: string[] = [];
    const onWarning = (w: Error & { code?: string }) => warnings.push(w.code ?? w.name);
    process.on("warning", onWarning);
    try {
      expect(await svgToPng(svg)).toEqual(await svgToPng(svg, chartFontOptions()));
    } finally {
      process.off("warning", onWarning);
    }
    // The cut-down font was used: falling back to the whole file warns (PACER_CHART_FONT).
    expect(warnings).not.toContain("PACER_CHART_FONT");
    expect(readPng(chart.png)).toEqual({ width: 900, height: 370 });
  });

  it("holds only the characters of the SVG (and printable ASCII), entities decoded", () => {
    const points = [...codePointsOf("<text>王磊 &#x590D;&#36141;</text>")].map((cp) => String.fromCodePoint(cp));
    expect(points).toEqual(expect.arrayContaining(["王", "磊", "复", "购", "A", "~", " "]));
    expect(points).not.toContain("率");
  });

  it("is a small file, removed once the render is done; a font that cannot be read is refused", async () => {
    const { file, index } = cjk();
    const subset = await subsetFontFile(file, index, "<text>王磊</text>");
    expect(existsSync(subset.path)).toBe(true);
    const { size } = await import("node:fs/promises").then((fs) => fs.stat(subset.path));
    expect(size).toBeLessThan(100_000);
    await subset.release();
    expect(existsSync(subset.path)).toBe(false);
    await expect(subsetFontFile("/nonexistent/font.ttc", 0, "<text>王</text>")).rejects.toThrow(/chart font/);
  });
});

describe("renderChart", () => {
  it("turns an ECharts option into a PNG of the asked size", async () => {
    const chart = await renderChart(
      "test",
      { xAxis: { type: "category", data: ["回款", "票数"] }, yAxis: {}, series: [{ type: "bar", data: [1, 2] }] },
      { width: 400, height: 300 },
    );
    expect(readPng(chart.png)).toEqual({ width: 400, height: 300 });
  });
});

describe("the score distribution chart", () => {
  // A company of `n` teams of two people, team i scoring i and i + 10.
  function company(n: number): MonthReport {
    const ids = Array.from({ length: n }, (_, i) => `T${String(i).padStart(3, "0")}`);
    return {
      teams: ids.map((id) => ({ externalId: id, name: `团队${id}`, members: 2 })),
      lines: ids.flatMap((id, i) =>
        [i, i + 10].map((total) => ({ employee: { teamExternalId: id, total: `${total}.00` } })),
      ),
    } as unknown as MonthReport;
  }

  it("shows every team of a small company with min, quartiles and max", () => {
    const { teams, all } = distributionTeams(company(3));
    expect(all).toBe(3);
    expect(teams[1]).toEqual({ name: "团队T001", box: [1, 3.5, 6, 8.5, 11] });
  });

  it("beyond the limit, shows the teams with the highest then the lowest medians", () => {
    const { teams, all } = distributionTeams(company(MAX_CHART_TEAMS + 10));
    expect(all).toBe(MAX_CHART_TEAMS + 10);
    expect(teams).toHaveLength(MAX_CHART_TEAMS);
    expect(teams[0]!.name).toBe(`团队T0${MAX_CHART_TEAMS + 9}`);
    expect(teams.at(-1)!.name).toBe("团队T000");
    expect(teams.map((t) => t.name)).not.toContain(`团队T0${MAX_CHART_TEAMS / 2 + 5}`);
  });
});
