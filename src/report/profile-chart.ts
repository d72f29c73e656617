// The profile's trend picture for platforms whose cards draw no charts (Slack): one small line
// chart per metric over the closed months, stacked, drawn like the report's charts (ECharts SSR →
// resvg, src/report/charts.ts). Takes labels already in the reader's language.
import type { EChartsCoreOption } from "echarts";
import { type ChartImage, renderChart } from "./charts.ts";

export interface TrendSeries {
  /** The metric's name in the reader's language. */
  label: string;
  /** One value per period (null: none that month). */
  values: (number | null)[];
}

const ROW_HEIGHT = 150;
const TOP = 50;

/** A PNG with one line per metric over `periods` (oldest first), titled `title`. */
export function trendChart(
  name: string,
  title: string,
  periods: readonly string[],
  series: readonly TrendSeries[],
): Promise<ChartImage> {
  const { option, size } = trendChartOption(title, periods, series);
  return renderChart(name, option, size);
}

/** The trend chart's ECharts option and picture size. */
export function trendChartOption(
  title: string,
  periods: readonly string[],
  series: readonly TrendSeries[],
): { option: EChartsCoreOption; size: { width: number; height: number } } {
  const rows = Math.max(1, series.length);
  const height = TOP + rows * ROW_HEIGHT + 20;
  const grids = series.map((_, i) => ({
    left: 190,
    right: 40,
    top: TOP + i * ROW_HEIGHT + 10,
    height: ROW_HEIGHT - 50,
  }));
  return {
    option: {
      title: { text: title, left: 10 },
      grid: grids,
      // Month labels under the last chart only, values on the card: fewer words draw faster
      // (every glyph is outlined from the font; see ./chart-font.ts).
      xAxis: series.map((_, i) => ({
        type: "category",
        gridIndex: i,
        data: periods.map((p) => p.slice(2)),
        boundaryGap: false,
        axisLabel: { show: i === series.length - 1 },
      })),
      yAxis: series.map((s, i) => ({
        type: "value",
        gridIndex: i,
        scale: true,
        name: s.label,
        nameLocation: "middle",
        nameGap: 120,
        nameRotate: 0,
        splitNumber: 1,
      })),
      series: series.map((s, i) => ({
        type: "line",
        xAxisIndex: i,
        yAxisIndex: i,
        data: s.values,
        connectNulls: false,
        itemStyle: { color: "#2f6fce" },
      })),
    },
    size: { width: 900, height },
  };
}
