// The profile trend picture's render cost with the whole 19 MB CJK font file (before: resvg
// re-reads it for nearly every glyph) and with the font cut down to the chart's characters (after:
// src/report/chart-font.ts). A small measuring script, not a test: `npx tsx bench/chart-font.ts
// [--runs N] [--concurrency C]`. The same SVG (5 metrics × 6 months, Chinese labels) is rendered
// alternately both ways, one at a time, then C at once (C askers together); the first render of
// the process (which starts the subsetter and loads the font into it) is reported on its own. Both
// ways must give the same PNG bytes. No database, no network.
import os from "node:os";
import { parseArgs } from "node:util";
import { chartFontOptions, chartSvg, svgToPng } from "../src/report/charts.ts";
import { trendChartOption } from "../src/report/profile-chart.ts";
import { commit, ms, summarize } from "./lib.ts";

const { values } = parseArgs({
  options: { runs: { type: "string", default: "20" }, concurrency: { type: "string", default: "4" } },
});
const runs = Number(values.runs);
const concurrency = Number(values.concurrency);

const periods = ["2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"];
const metrics = ["回款", "新客户数", "订单数", "复购率", "客户评分"];
const { option, size } = trendChartOption(
  "王磊 · 最近 6 个已结账月份",
  periods,
  metrics.map((label, i) => ({ label, values: periods.map((_, j) => 1000 * (i + 1) + 137 * j) })),
);
const svg = chartSvg(option, size);
const whole = chartFontOptions();

/** The longest the event loop waited while `fn` ran (a stalled loop delays every other answer). */
async function stallDuring<T>(fn: () => Promise<T>): Promise<{ value: T; stall: number }> {
  let stall = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    stall = Math.max(stall, now - last - 5);
    last = now;
  }, 5);
  try {
    return { value: await fn(), stall };
  } finally {
    clearInterval(timer);
  }
}

const time = async (fn: () => Promise<unknown>) => {
  const start = performance.now();
  await fn();
  return performance.now() - start;
};

const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");
console.log("# Chart font: the profile trend picture, whole font file vs cut down per chart");
console.log(`date:     ${new Date().toISOString()}`);
console.log(`commit:   ${commit(["src/report", "bench/chart-font.ts"])}`);
console.log(`machine:  ${os.cpus().length} cores, Node ${process.version}; load average ${load()}`);
console.log(
  `chart:    ${size.width}×${size.height}, ${metrics.length} metrics × ${periods.length} months, ${svg.length} chars of SVG; font ${whole.fontFiles?.[0] ?? "system fonts"}`,
);

const first = await stallDuring(() => time(() => svgToPng(svg)));
const same = (await svgToPng(svg)).equals(await svgToPng(svg, whole));

const before: number[] = [];
const after: number[] = [];
let stall = 0;
let stallBefore = 0;
for (let i = 0; i < runs; i++) {
  const full = await stallDuring(() => time(() => svgToPng(svg, whole)));
  before.push(full.value);
  stallBefore = Math.max(stallBefore, full.stall);
  const cut = await stallDuring(() => time(() => svgToPng(svg)));
  after.push(cut.value);
  stall = Math.max(stall, cut.stall);
}
const together = async (font?: typeof whole) =>
  time(() => Promise.all(Array.from({ length: concurrency }, () => svgToPng(svg, font))));
const beforeC: number[] = [];
const afterC: number[] = [];
for (let i = 0; i < Math.max(3, Math.round(runs / 4)); i++) {
  beforeC.push(await together(whole));
  afterC.push(await together());
}

const row = (label: string, xs: number[]) => {
  const s = summarize(xs);
  const min = Math.min(...xs);
  return `| ${label} | ${s.n} | ${ms(min)} | ${ms(s.p50)} | ${ms(s.p95)} | ${ms(s.max)} |`;
};
console.log(`load:     ${load()} (at the end)`);
console.log("");
console.log("| render (ms) | n | min | median | p95 | max |");
console.log("|---|---:|---:|---:|---:|---:|");
console.log(row("before: whole font file", before));
console.log(row("after: font cut down to the chart", after));
console.log(row(`before: ${concurrency} at once (wall)`, beforeC));
console.log(row(`after: ${concurrency} at once (wall)`, afterC));
console.log("");
console.log(`first render of the process (starts the subsetter, loads the font): ${ms(first.value)} ms`);
console.log(
  `longest event-loop stall: before ${ms(stallBefore)} ms; after ${ms(first.stall)} ms during the first render, ${ms(stall)} ms later`,
);
console.log(
  `median speed-up: ${(summarize(before).p50 / summarize(after).p50).toFixed(1)}× one at a time, ${(summarize(beforeC).p50 / summarize(afterC).p50).toFixed(1)}× ${concurrency} at once`,
);
console.log(`same PNG bytes both ways: ${same}`);
if (!same) process.exitCode = 1;
