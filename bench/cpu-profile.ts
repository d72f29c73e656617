// CPU profiles taken by the benches (node:inspector's Profiler): the self time of the profiled
// thread grouped by area (SQL driver, platform SDKs, rendering, KPI code, …) and its top functions.

/** The profile node:inspector's Profiler.stop returns. */
export interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }>;
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Prints the self time of the profiled thread by area and by function; returns the busy time in µs. */
export function summarizeProfile(profile: CpuProfile): number {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const area = (url: string, fn: string): string => {
    if (fn === "(idle)") return "idle";
    if (fn === "(garbage collector)") return "garbage collector";
    if (fn === "(program)") return "(program: native, not attributed)";
    if (
      url.includes("/node_modules/pg") ||
      url.includes("/node_modules/pg-protocol") ||
      url.includes("/node_modules/pg-types")
    )
      return "pg driver (protocol, parsing rows)";
    if (url.includes("/node_modules/@slack/")) return "Bolt / Slack Web API client";
    if (url.includes("/node_modules/@larksuiteoapi/")) return "Lark SDK client";
    if (url.includes("/node_modules/axios") || url.includes("/node_modules/form-data"))
      return "axios (the platform SDK's HTTP client)";
    if (
      url.includes("/node_modules/fastify") ||
      url.includes("/node_modules/find-my-way") ||
      url.includes("/node_modules/light-my-request") ||
      url.includes("/node_modules/avvio")
    )
      return "fastify";
    if (url.includes("/node_modules/ioredis") || url.includes("/node_modules/redis")) return "ioredis";
    if (url.includes("/node_modules/pino")) return "pino (logging)";
    if (url.includes("/node_modules/zod")) return "zod (row validation)";
    if (url.includes("/node_modules/decimal.js")) return "decimal.js (KPI arithmetic)";
    if (url.includes("/node_modules/luxon")) return "luxon (dates)";
    if (url.includes("/node_modules/@prisma") || url.includes("/generated/prisma")) return "prisma";
    if (url.includes("/node_modules/tsx") || url.includes("/node_modules/esbuild")) return "tsx loader";
    if (url.includes("/node_modules/"))
      return `other package: ${/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? url}`;
    if (url.includes("/src/slack/render")) return "src/slack/render.ts (Block Kit)";
    if (url.includes("/cards/")) return "cards/ (card builders, text tables)";
    if (url.includes("/src/slack/")) return "src/slack (adapter)";
    if (url.includes("/src/lark/render")) return "src/lark/render.ts (card JSON 2.0)";
    if (url.includes("/src/lark/")) return "src/lark (adapter: verify, decrypt, parse)";
    if (url.includes("/src/chat/")) return "src/chat (parse, answer, identity)";
    if (url.includes("/src/kpi/") || url.includes("/src/services/") || url.includes("/src/store/"))
      return "src/kpi, services, store (KPI code)";
    if (url.includes("/src/calendar/")) return "src/calendar";
    if (url.includes("/src/")) return `src: ${url.slice(url.indexOf("/src/") + 1)}`;
    if (url.startsWith("node:") || url === "")
      return fn.startsWith("(") ? fn : "Node.js core (http, streams, timers, crypto)";
    return "other";
  };
  const areas = new Map<string, number>();
  const fns = new Map<string, number>();
  for (const [id, t] of self) {
    const n = byId.get(id)!;
    const a = area(n.callFrame.url, n.callFrame.functionName);
    areas.set(a, (areas.get(a) ?? 0) + t);
    if (a !== "idle") {
      const key = `${n.callFrame.functionName || "(anonymous)"} ${n.callFrame.url.replace(/^.*\/(node_modules|work\/main)\//, "")}:${n.callFrame.lineNumber + 1}`;
      fns.set(key, (fns.get(key) ?? 0) + t);
    }
  }
  const busy = total - (areas.get("idle") ?? 0);
  console.log(
    `\n## profile: CPU of the profiled thread by area (self time; ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy)`,
  );
  for (const [a, t] of [...areas.entries()].sort((x, y) => y[1] - x[1]))
    console.log(
      `${(t / 1e6).toFixed(2).padStart(7)} s ${((t / total) * 100).toFixed(1).padStart(5)}% of wall ${a === "idle" ? "" : `${((t / busy) * 100).toFixed(1).padStart(5)}% of busy`}  ${a}`,
    );
  console.log(`top functions (self time):`);
  for (const [f, t] of [...fns.entries()].sort((x, y) => y[1] - x[1]).slice(0, 20))
    console.log(`${(t / 1e6).toFixed(2).padStart(7)} s  ${f}`);
  return busy;
}
