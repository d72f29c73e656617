// Charts are rendered on the server with the system fonts; Chinese labels must come out as glyphs.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import {
  CHART_FONT_FAMILY,
  distributionTeams,
  glyphsRender,
  MAX_CHART_TEAMS,
  renderChart,
} from "../../src/report/charts.ts";
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
