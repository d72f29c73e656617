// `npm run bench:report [-- --reps 2000 --months 2 --seed bench --now ISO --runs 3 --keep --database-url URL]`
//
// The month-end report at company scale: a scratch database is loaded with the demo world
// (`pacer demo-data`'s loader), the two latest full months are closed, then, several times each,
// on the service's own code paths:
//   - report data: monthReport() (the close, names, targets, plans, courses, previous close, stats)
//   - baseline: the close's rows as CSV (reportCsv), the cheapest file of the same rows
//   - workbook without charts: buildWorkbook(charts: false) → XLSX buffer
//   - the full file: monthReportFile() — report data + workbook + both charts rendered to PNG
// and prints min/median/max seconds beside the goal (full file under 10 s), with the date, commit
// and machine. Uploading the file to the (fake) chat platforms is a later step, not measured here.
import { parseArgs } from "node:util";
import pg from "pg";
import { migrate } from "../src/db/migrator.ts";
import { periodOfInstant, previousPeriod } from "../src/kpi/period.ts";
import { reportCharts } from "../src/report/charts.ts";
import { buildWorkbook } from "../src/report/workbook.ts";
import { closeMonth } from "../src/services/month-close.ts";
import { monthReport, monthReportFile, reportCsv } from "../src/services/report.ts";
import { loadedWorld, loadWorld, parseNow, printHeader, scratchDatabase, worldLabel, type WorldSpec } from "./lib.ts";

const { values } = parseArgs({
  options: {
    reps: { type: "string", default: "2000" },
    months: { type: "string", default: "2" },
    seed: { type: "string", default: "bench" },
    now: { type: "string" },
    runs: { type: "string", default: "3" },
    keep: { type: "boolean", default: false },
    "database-url": { type: "string" },
  },
});
const RUNS = Number(values.runs);
if (!Number.isInteger(RUNS) || RUNS < 1 || RUNS > 100) throw new Error("--runs must be a whole number from 1 to 100");
const GOAL_SECONDS = 10;
const PATHS = ["src/report", "src/services/report.ts", "src/store/report.ts", "bench/report.ts", "bench/lib.ts"];

async function timed(fn: () => Promise<unknown> | unknown): Promise<{ min: number; median: number; max: number }> {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    samples.push((performance.now() - t) / 1000);
  }
  samples.sort((a, b) => a - b);
  return { min: samples[0]!, median: samples[Math.floor(samples.length / 2)]!, max: samples[samples.length - 1]! };
}

async function main(): Promise<void> {
  let url = values["database-url"];
  let spec: WorldSpec;
  let drop: (() => Promise<void>) | null = null;
  if (url) {
    await migrate(url);
    const loaded = await loadedWorld(url);
    if (!loaded) throw new Error(`${url} has no demo world (no demo_data.load in its audit log)`);
    spec = loaded;
  } else {
    spec = {
      reps: Number(values.reps),
      months: Number(values.months),
      seed: values.seed,
      now: parseNow(values.now, "2026-11-05T09:00:00+08:00"),
    };
    const scratch = await scratchDatabase("report");
    url = scratch.url;
    drop = scratch.drop;
    const loaded = await loadWorld(url, spec);
    console.log(
      `loaded ${worldLabel(spec)} in ${loaded.loadSeconds.toFixed(1)} s (+ vacuum ${loaded.vacuumSeconds.toFixed(1)} s)`,
    );
  }
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  try {
    const period = previousPeriod(periodOfInstant(spec.now, "Asia/Shanghai"));
    for (const p of [previousPeriod(period), period]) {
      const t = performance.now();
      const closed = await closeMonth(pool, p);
      console.log(
        `close ${p}: ${closed.status}, ${closed.result.employees.length} employees, ${((performance.now() - t) / 1000).toFixed(1)} s`,
      );
    }
    await printHeader("Month-end report (XLSX with charts)", PATHS, [
      `data:     ${worldLabel(spec)}; report of ${period} (whole company), ${RUNS} runs each, one at a time`,
    ]);
    const report = await monthReport(pool, period);
    console.log(`report:   ${report.employees} employees, ${report.teams.length} teams`);
    const rows: [string, { min: number; median: number; max: number }][] = [
      ["report data (monthReport)", await timed(() => monthReport(pool, period))],
      ["baseline: rows as CSV (reportCsv)", await timed(() => reportCsv(report))],
      [
        "workbook without charts",
        await timed(async () => (await buildWorkbook(report, { locale: "zh-CN", charts: false })).xlsx.writeBuffer()),
      ],
      ["charts only (2 PNG)", await timed(() => reportCharts(report, "zh-CN"))],
      ["full file (monthReportFile, xlsx + charts)", await timed(() => monthReportFile(pool, period))],
    ];
    const file = await monthReportFile(pool, period);
    console.log(`file:     ${file.fileName}, ${(file.buffer.length / 1024).toFixed(0)} KiB`);
    console.log("");
    console.log("| step | min s | median s | max s |");
    console.log("|---|---:|---:|---:|");
    for (const [label, s] of rows)
      console.log(`| ${label} | ${s.min.toFixed(2)} | ${s.median.toFixed(2)} | ${s.max.toFixed(2)} |`);
    const full = rows[rows.length - 1]![1];
    console.log(
      `\nfull file median ${full.median.toFixed(2)} s: ${full.median < GOAL_SECONDS ? "meets" : "MISSES"} the goal (< ${GOAL_SECONDS} s)`,
    );
  } finally {
    await pool.end();
    if (drop && !values.keep) await drop();
    else console.log(`kept: ${url}`);
  }
}

await main();
