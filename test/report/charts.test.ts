// Charts are rendered on the server with the system fonts; Chinese labels must come out as glyphs.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { CHART_FONT_FAMILY, glyphsRender, renderChart } from "../../src/report/charts.ts";
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

describe("renderChart", () => {
  it("turns an ECharts option into a PNG of the asked size", () => {
    const chart = renderChart(
      "test",
      { xAxis: { type: "category", data: ["回款", "票数"] }, yAxis: {}, series: [{ type: "bar", data: [1, 2] }] },
      { width: 400, height: 300 },
    );
    expect(readPng(chart.png)).toEqual({ width: 400, height: 300 });
  });
});
