// Charts of the month-end report, rendered on the server as PNG: ECharts' SSR SVG renderer (no
// DOM, no canvas) → resvg with the CJK font cut down to each chart's characters (./chart-font.ts).
// Chinese labels need a CJK font installed (Debian: fonts-noto-cjk); `glyphsRender` checks that
// one is found.
import { execFileSync } from "node:child_process";
import { Resvg, type ResvgRenderOptions, renderAsync } from "@resvg/resvg-js";
import * as echarts from "echarts";
import { metricLabelText } from "../../cards/metrics.ts";
import { METRICS, type MetricKey } from "../kpi/metrics.ts";
import type { MonthReport } from "../services/report.ts";
import { type SubsetFontFile, subsetFontFile } from "./chart-font.ts";
import { fiveNumbers } from "./stats.ts";

export type ReportLocale = "zh-CN" | "en";

/** The font the charts ask for; resvg falls back to any system font covering a character. */
export const CHART_FONT_FAMILY = "Noto Sans CJK SC";

let cjkFont: { file: string; index: number } | null | undefined;

/** The CJK font as fontconfig resolves it (file, face in the collection), or null (no fontconfig, or no such font). */
function findCjkFont(): { file: string; index: number } | null {
  if (cjkFont !== undefined) return cjkFont;
  try {
    const [file = "", index = "0"] = execFileSync(
      "fc-match",
      ["-f", "%{file}\t%{index}", `${CHART_FONT_FAMILY}:lang=zh-cn`],
      { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 5000 },
    )
      .trim()
      .split("\t");
    cjkFont = /noto.*cjk/i.test(file) ? { file, index: Number(index) || 0 } : null;
  } catch {
    cjkFont = null;
  }
  return cjkFont;
}

/**
 * resvg's font settings: just the CJK font file when fontconfig finds it (it covers Latin too, and
 * a small font database is a third faster to search per glyph), else every system font; the CJK
 * family is the default and the sans-serif family either way.
 */
export function chartFontOptions(fontFile = findCjkFont()?.file): NonNullable<ResvgRenderOptions["font"]> {
  return {
    ...(fontFile ? { loadSystemFonts: false, fontFiles: [fontFile] } : { loadSystemFonts: true }),
    defaultFontFamily: CHART_FONT_FAMILY,
    sansSerifFamily: CHART_FONT_FAMILY,
  };
}

const renderPng = async (svg: string, font: ResvgRenderOptions["font"]) =>
  (await renderAsync(svg, { font, background: "white" })).asPng();

let subsetWarned = false;

/**
 * SVG markup → PNG bytes (white background), rasterised off the main thread. Without `font`: the
 * CJK font cut down to this SVG's characters (./chart-font.ts; the same picture, without resvg
 * re-reading the 19 MB collection per glyph), or the whole file when that cannot be made.
 */
export async function svgToPng(svg: string, font?: ResvgRenderOptions["font"]): Promise<Buffer> {
  if (font) return renderPng(svg, font);
  const cjk = findCjkFont();
  if (!cjk) return renderPng(svg, chartFontOptions());
  let subset: SubsetFontFile;
  try {
    subset = await subsetFontFile(cjk.file, cjk.index, svg);
  } catch (error) {
    // Slower, not wrong: said once per process, on stderr like any Node warning.
    if (!subsetWarned) {
      subsetWarned = true;
      process.emitWarning(`chart font subsetting unavailable, charts use the whole font file: ${String(error)}`, {
        code: "PACER_CHART_FONT",
      });
    }
    return renderPng(svg, chartFontOptions(cjk.file));
  }
  try {
    return await renderPng(svg, chartFontOptions(subset.path));
  } finally {
    await subset.release();
  }
}

export interface ChartImage {
  name: string;
  png: Buffer;
  width: number;
  height: number;
}

/**
 * Renders an ECharts option to PNG: the SVG here, the rasterising on libuv's thread pool (so charts
 * render beside each other and beside the workbook). The ECharts instance is always disposed
 * (otherwise its timers keep the process alive).
 */
export async function renderChart(
  name: string,
  option: echarts.EChartsCoreOption,
  size: { width: number; height: number },
): Promise<ChartImage> {
  return { name, png: await svgToPng(chartSvg(option, size)), ...size };
}

/** An ECharts option as SVG markup, in the chart font, without animation. */
export function chartSvg(option: echarts.EChartsCoreOption, size: { width: number; height: number }): string {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: `${CHART_FONT_FAMILY}, sans-serif` }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

const t = (locale: ReportLocale, zh: string, en: string) => (locale === "zh-CN" ? zh : en);
const toNumber = (s: string) => Number(s);

/**
 * At most this many teams in the distribution chart: 200 team names make a chart nobody can read
 * (and, where the font cannot be cut down per chart, resvg re-reads the 19 MB CJK file for every
 * glyph: ~1 ms each). Beyond it, the chart shows the teams with the lowest and the highest
 * medians; every team is in the summary.
 */
export const MAX_CHART_TEAMS = 40;

/**
 * The teams of the distribution chart with their five numbers: all of them, or beyond
 * MAX_CHART_TEAMS the half with the highest medians then the half with the lowest.
 */
export function distributionTeams(report: MonthReport): {
  teams: { name: string; box: [number, number, number, number, number] }[];
  all: number;
} {
  const teams = report.teams
    .filter((team) => team.members > 0)
    .map((team) => ({
      name: team.name,
      box: fiveNumbers(
        report.lines
          .filter((l) => l.employee.teamExternalId === team.externalId)
          .map((l) => toNumber(l.employee.total)),
      ),
    }));
  if (teams.length <= MAX_CHART_TEAMS) return { teams, all: teams.length };
  const byMedian = [...teams].sort((a, b) => a.box[2] - b.box[2]);
  const half = MAX_CHART_TEAMS / 2;
  return { teams: [...byMedian.slice(-half).reverse(), ...byMedian.slice(0, half).reverse()], all: teams.length };
}

/** Score distribution per team: a horizontal box plot of the totals (min, quartiles, max). */
export function scoreDistributionChart(report: MonthReport, locale: ReportLocale): Promise<ChartImage> {
  const { teams, all } = distributionTeams(report);
  const height = Math.max(320, 120 + 22 * teams.length);
  const subtitle =
    all > MAX_CHART_TEAMS
      ? t(
          locale,
          `中位数最高与最低的各 ${MAX_CHART_TEAMS / 2} 个团队（共 ${all} 个，全部见汇总表）`,
          `The ${MAX_CHART_TEAMS / 2} teams with the highest and the ${MAX_CHART_TEAMS / 2} with the lowest median (of ${all}; all in the summary sheet)`,
        )
      : "";
  return renderChart(
    "score-distribution",
    {
      title: {
        text: t(locale, `${report.period} 各团队总分分布`, `Total score by team, ${report.period}`),
        subtext: subtitle,
        left: 10,
      },
      grid: { left: 160, right: 40, top: 70, bottom: 40 },
      xAxis: { type: "value", name: t(locale, "总分", "Total"), scale: true },
      yAxis: { type: "category", data: teams.map((team) => team.name), inverse: true },
      series: [
        {
          type: "boxplot",
          data: teams.map((team) => team.box),
          itemStyle: { color: "#dbe8fb", borderColor: "#2f6fce" },
        },
      ],
    },
    { width: 900, height },
  );
}

/** Mean achievement per plan metric over the report's people, against the 100 % line. */
export function achievementChart(report: MonthReport, locale: ReportLocale): Promise<ChartImage> {
  const metrics = METRICS.filter((m) => report.lines.some((l) => l.cells[m].achievement !== null));
  const means = metrics.map((m: MetricKey) => {
    const xs = report.lines.flatMap((l) => (l.cells[m].achievement === null ? [] : [toNumber(l.cells[m].achievement)]));
    return Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10000) / 100;
  });
  const label = (m: MetricKey) => (locale === "zh-CN" ? `${metricLabelText(m)["zh-CN"]}达成率` : metricLabelText(m).en);
  return renderChart(
    "achievement-by-metric",
    {
      title: {
        text: t(locale, `${report.period} 各指标平均达成率`, `Average achievement by metric, ${report.period}`),
      },
      grid: { left: 60, right: 30, top: 60, bottom: 110 },
      xAxis: { type: "category", data: metrics.map(label), axisLabel: { rotate: 30, interval: 0 } },
      yAxis: { type: "value", axisLabel: { formatter: "{value}%" } },
      series: [
        {
          type: "bar",
          data: means,
          itemStyle: { color: "#2f6fce" },
          label: { show: true, position: "top", formatter: "{c}%" },
          markLine: { symbol: "none", data: [{ yAxis: 100 }], lineStyle: { color: "#d9534f" }, label: { show: false } },
        },
      ],
    },
    { width: 900, height: 420 },
  );
}

/** Every chart of the report, in workbook order. */
export async function reportCharts(report: MonthReport, locale: ReportLocale): Promise<ChartImage[]> {
  if (report.lines.length === 0) return [];
  return Promise.all([scoreDistributionChart(report, locale), achievementChart(report, locale)]);
}

// ─── Font check ──────────────────────────────────────────────────────────────────────────────────

/** The ink (count of non-white pixels) of one character rendered alone, and its pixels. */
function renderCharacter(ch: string, font: ResvgRenderOptions["font"]): { ink: number; pixels: Buffer } {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><text x="4" y="52" font-size="48" font-family="${CHART_FONT_FAMILY}, sans-serif">${ch}</text></svg>`;
  const image = new Resvg(svg, { font, background: "white" }).render();
  const pixels = image.pixels;
  let ink = 0;
  for (let i = 0; i < pixels.length; i += 4) if (pixels[i]! < 200) ink++;
  return { ink, pixels };
}

/**
 * Whether every character of `text` renders as its own glyph with these fonts. Without a font
 * covering them, resvg draws nothing (no ink) or the same "tofu" box for every character (all
 * renderings identical) — so each character must leave ink and all of them must differ.
 */
export function glyphsRender(text: string, font: ResvgRenderOptions["font"] = chartFontOptions()): boolean {
  const chars = [...new Set(text)];
  if (chars.length < 2)
    throw new RangeError("glyphsRender needs at least two different characters to tell them from tofu");
  const renders = chars.map((ch) => renderCharacter(ch, font));
  if (renders.some((r) => r.ink === 0)) return false;
  for (let i = 0; i < renders.length; i++)
    for (let j = i + 1; j < renders.length; j++) if (renders[i]!.pixels.equals(renders[j]!.pixels)) return false;
  return true;
}
