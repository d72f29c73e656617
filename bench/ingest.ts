// `npm run bench:ingest [-- --orders 100000 --batch 5000 --concurrency 1 --reps 2000 --months 12 --keep]`
//
// 100k orders and their payments (~1.2 per order) sent over real HTTP, as JSON arrays in batches
// of 5,000 rows, to the service's own server (buildServer) started in this process on 127.0.0.1,
// with an ingest API key. The rows come from the demo world (the first reps' orders and payments,
// under new external ids "BX-O…"/"BX-P…", referencing the demo customers and salespeople), so they
// look like a real feed: 12 months of bookings, partial and late payments, refunds. Each order
// batch is followed by the payments of its orders.
//
// Scenarios, in one scratch database loaded with the demo world (REPS×MONTHS, ~1M orders):
//   full    — the 100k new orders into the database holding ~1M orders and ~1.2M payments
//   empty   — orders, payments and ratings truncated (organization, people, customers, leads,
//             plans and targets stay): the same 100k into empty tables
//   replay  — the same batches again: every row "unchanged" (a feed re-sending)
// and prints seconds, rows/s and per-request latency for each, with the date, commit and machine.
// Bodies are serialized before the clock starts; requests are bounded (rows / batch) and go to
// loopback only. The scratch database is dropped afterwards unless --keep.
import { parseArgs } from "node:util";
import { Redis } from "ioredis";
import type pg from "pg";
import { openDatabase } from "../src/db/client.ts";
import { money } from "../src/demo/tables.ts";
import { dateString } from "../src/demo/time.ts";
import { DemoWorld } from "../src/demo/world.ts";
import { createMetrics } from "../src/http/metrics.ts";
import { buildServer } from "../src/http/server.ts";
import { createLogger } from "../src/log.ts";
import { createApiKey } from "../src/services/api-keys.ts";
import {
  fmt,
  loadWorld,
  ms,
  parseNow,
  printHeader,
  scratchDatabase,
  summarize,
  vacuumAnalyze,
  worldLabel,
  type Summary,
  type WorldSpec,
} from "./lib.ts";

const { values } = parseArgs({
  options: {
    orders: { type: "string", default: "100000" },
    batch: { type: "string", default: "5000" },
    concurrency: { type: "string", default: "1" },
    reps: { type: "string", default: "2000" },
    months: { type: "string", default: "12" },
    seed: { type: "string", default: "bench" },
    now: { type: "string" },
    scenarios: { type: "string", default: "full,empty,replay" },
    keep: { type: "boolean", default: false },
  },
});

const int = (name: string, v: string, max: number) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`--${name} must be a whole number from 1 to ${max}`);
  return n;
};
const ORDERS = int("orders", values.orders, 1_000_000);
const BATCH = int("batch", values.batch, 10_000);
const CONCURRENCY = int("concurrency", values.concurrency, 8);
const spec: WorldSpec = {
  reps: int("reps", values.reps, 100_000),
  months: int("months", values.months, 60),
  seed: values.seed,
  now: parseNow(values.now, "2026-10-20T09:00:00+08:00"),
};
const scenarios = values.scenarios.split(",").map((s) => s.trim());
for (const s of scenarios)
  if (!["full", "empty", "replay"].includes(s)) throw new Error(`unknown scenario ${s}: use full, empty, replay`);
const GOAL_SECONDS = 30;

await printHeader(
  "Ingest API benchmark (npm run bench:ingest)",
  ["src/ingest", "src/http", "src/db", "prisma", "bench/ingest.ts", "bench/lib.ts"],
  [
    `method:   ${fmt(ORDERS)} orders + their payments as JSON arrays of ≤${fmt(BATCH)} rows, POST /api/v1/ingest/{orders,payments} over HTTP on 127.0.0.1 ` +
      `to buildServer() in this process (pool of 10, log level warn), ${CONCURRENCY} request chain${CONCURRENCY > 1 ? "s" : ""} at a time (payments after their orders)`,
    `data:     rows from the demo world ${worldLabel(spec)}`,
  ],
);

// ---- the feed: orders and payments of the first reps of the demo world, under new keys --------

interface Chunk {
  orders: string;
  orderCount: number;
  payments: Array<{ body: string; count: number }>;
}

const local = (ms: number) => `${new Date(ms + 8 * 3600_000).toISOString().slice(0, 23)}+08:00`; // the demo world is Asia/Shanghai
const world = new DemoWorld(spec);
const chunks: Chunk[] = [];
let totalPayments = 0;
{
  let customerBase = 0;
  let orderRows: unknown[] = [];
  let paymentRows: unknown[] = [];
  let nOrders = 0;
  let nPayments = 0;
  const flush = () => {
    if (!orderRows.length) return;
    const payments: Chunk["payments"] = [];
    for (let i = 0; i < paymentRows.length; i += BATCH) {
      const part = paymentRows.slice(i, i + BATCH);
      payments.push({ body: JSON.stringify(part), count: part.length });
    }
    chunks.push({ orders: JSON.stringify(orderRows), orderCount: orderRows.length, payments });
    totalPayments += paymentRows.length;
    orderRows = [];
    paymentRows = [];
  };
  for (const rep of world.repList) {
    if (nOrders >= ORDERS) break;
    const { customers } = world.customersAndLeads(rep);
    const orders = world.orders(rep, customers);
    const payments = world.payments(rep, customers, orders);
    const keys: string[] = [];
    const byOrder = new Map<number, typeof payments>();
    for (const p of payments) byOrder.set(p.order, [...(byOrder.get(p.order) ?? []), p]);
    for (let i = 0; i < orders.length && nOrders < ORDERS; i++) {
      const o = orders[i]!;
      const key = `BX-O${String(++nOrders).padStart(7, "0")}`;
      keys[i] = key;
      orderRows.push({
        externalId: key,
        customerExternalId: `C-${String(customerBase + o.customer + 1).padStart(6, "0")}`,
        ownerExternalId: rep.employee.externalId,
        bookedAt: local(o.bookedMs),
        revenue: money(o.revenueCents),
        cost: money(o.costCents),
        status: o.status,
        dueDate: o.dueDay === null ? null : dateString(o.dueDay),
      });
      for (const p of byOrder.get(i) ?? []) {
        if (p.amountCents === 0) continue;
        paymentRows.push({
          externalId: `BX-P${String(++nPayments).padStart(7, "0")}`,
          orderExternalId: key,
          paidAt: local(p.paidMs),
          amount: money(p.amountCents),
        });
      }
      if (orderRows.length === BATCH) flush();
    }
    customerBase += customers.length;
  }
  flush();
  if (nOrders < ORDERS)
    throw new Error(`the demo world (${spec.reps} reps) has only ${nOrders} orders; use more --reps`);
}
const requests = chunks.reduce((n, c) => n + 1 + c.payments.length, 0);
const bytes = chunks.reduce((n, c) => n + c.orders.length + c.payments.reduce((m, p) => m + p.body.length, 0), 0);
console.log(
  `feed:     ${fmt(ORDERS)} orders + ${fmt(totalPayments)} payments (${(totalPayments / ORDERS).toFixed(2)} per order) in ${fmt(requests)} requests, ${(bytes / 2 ** 20).toFixed(1)} MiB of JSON`,
);

// ---- the scenarios -----------------------------------------------------------------------------

interface Outcome {
  scenario: string;
  seconds: number;
  rows: number;
  counts: { created: number; updated: number; unchanged: number };
  orderLatency: Summary;
  paymentLatency: Summary;
}

const db = await scratchDatabase(`ingest_${spec.reps}x${spec.months}`);
const outcomes: Outcome[] = [];
try {
  const loaded = await loadWorld(db.url, spec);
  console.log(
    `\nloaded the demo world: ${fmt(loaded.counts.orders ?? 0)} orders, ${fmt(loaded.counts.payments ?? 0)} payments in ${loaded.loadSeconds.toFixed(1)} s; vacuum analyze ${loaded.vacuumSeconds.toFixed(1)} s`,
  );
  for (const scenario of scenarios) {
    if (scenario === "empty") {
      const database = openDatabase(db.url, { max: 1 });
      await database.pool.query(
        "TRUNCATE orders, payments, ratings, receivable_snoozes, order_disputes, order_credit_overrides",
      );
      await database.close();
      await vacuumAnalyze(db.url, ["orders", "payments", "ratings"]);
    }
    outcomes.push(await run(scenario, db.url));
  }
} finally {
  if (values.keep) console.log(`kept database: ${db.url}`);
  else await db.drop();
}

console.log(`\n## summary (goal from issue 4: 100k orders in < ${GOAL_SECONDS} s)`);
console.log(
  `${"scenario".padEnd(8)} ${"seconds".padStart(8)} ${"rows/s".padStart(9)} ${"orders/s".padStart(9)}  created/updated/unchanged      orders batch p50/p99 ms  payments batch p50/p99 ms`,
);
for (const o of outcomes) {
  console.log(
    `${o.scenario.padEnd(8)} ${o.seconds.toFixed(1).padStart(8)} ${fmt(Math.round(o.rows / o.seconds)).padStart(9)} ${fmt(Math.round(ORDERS / o.seconds)).padStart(9)}  ` +
      `${`${fmt(o.counts.created)}/${fmt(o.counts.updated)}/${fmt(o.counts.unchanged)}`.padEnd(29)} ${`${ms(o.orderLatency.p50)} / ${ms(o.orderLatency.p99)}`.padEnd(24)} ${ms(o.paymentLatency.p50)} / ${ms(o.paymentLatency.p99)}`,
  );
}
for (const o of outcomes)
  console.log(
    `${o.scenario}: ${fmt(ORDERS)} orders + ${fmt(totalPayments)} payments in ${o.seconds.toFixed(1)} s — ${o.seconds < GOAL_SECONDS ? "meets" : "MISSES"} the ${GOAL_SECONDS} s goal`,
  );

async function run(scenario: string, url: string): Promise<Outcome> {
  const database = openDatabase(url, { max: 10 });
  // Ingest never touches Redis; the server only needs a client for /readyz.
  const redis = new Redis("redis://127.0.0.1:6379", {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on("error", () => {});
  const app = await buildServer({
    pool: database.pool,
    redis,
    log: createLogger("warn"),
    metrics: createMetrics({ defaults: false }),
    now: () => new Date(),
  });
  const base = await app.listen({ port: 0, host: "127.0.0.1" });
  const { key } = await createApiKey(database.pool, `bench-${scenario}`, ["ingest"]);
  const before = await rowCounts(database.pool);
  const orderTimes: number[] = [];
  const paymentTimes: number[] = [];
  const counts = { created: 0, updated: 0, unchanged: 0 };
  const t0 = performance.now();
  try {
    const post = async (entity: string, body: string, expected: number, times: number[]) => {
      const t = performance.now();
      const res = await fetch(`${base}/api/v1/ingest/${entity}`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body,
      });
      const text = await res.text();
      times.push(performance.now() - t);
      if (res.status !== 200) throw new Error(`${scenario}: POST ${entity} → ${res.status}: ${text.slice(0, 500)}`);
      const reply = JSON.parse(text) as { received: number; created: number; updated: number; unchanged: number };
      if (reply.received !== expected)
        throw new Error(`${scenario}: ${entity} batch of ${expected} reported ${reply.received} received`);
      counts.created += reply.created;
      counts.updated += reply.updated;
      counts.unchanged += reply.unchanged;
    };
    let next = 0;
    const chain = async () => {
      for (let i = next++; i < chunks.length; i = next++) {
        const chunk = chunks[i]!;
        await post("orders", chunk.orders, chunk.orderCount, orderTimes);
        for (const p of chunk.payments) await post("payments", p.body, p.count, paymentTimes);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, chain));
  } finally {
    await app.close();
    redis.disconnect();
  }
  const seconds = (performance.now() - t0) / 1000;
  const after = await rowCounts(database.pool);
  await database.close();
  const rows = ORDERS + totalPayments;
  const outcome: Outcome = {
    scenario,
    seconds,
    rows,
    counts,
    orderLatency: summarize(orderTimes),
    paymentLatency: summarize(paymentTimes),
  };
  console.log(
    `\n## ${scenario}: ${fmt(before.orders)} orders / ${fmt(before.payments)} payments before → ${fmt(after.orders)} / ${fmt(after.payments)} after\n` +
      `${fmt(rows)} rows in ${seconds.toFixed(2)} s = ${fmt(Math.round(rows / seconds))} rows/s (${fmt(Math.round(ORDERS / seconds))} orders/s); ` +
      `created ${fmt(counts.created)}, updated ${fmt(counts.updated)}, unchanged ${fmt(counts.unchanged)}\n` +
      `orders batches:   n=${orderTimes.length} p50 ${ms(outcome.orderLatency.p50)} p99 ${ms(outcome.orderLatency.p99)} max ${ms(outcome.orderLatency.max)} ms\n` +
      `payments batches: n=${paymentTimes.length} p50 ${ms(outcome.paymentLatency.p50)} p99 ${ms(outcome.paymentLatency.p99)} max ${ms(outcome.paymentLatency.max)} ms`,
  );
  return outcome;
}

async function rowCounts(pool: pg.Pool): Promise<{ orders: number; payments: number }> {
  const res = await pool.query<{ o: string; p: string }>(
    "SELECT (SELECT count(*) FROM orders) AS o, (SELECT count(*) FROM payments) AS p",
  );
  return { orders: Number(res.rows[0]!.o), payments: Number(res.rows[0]!.p) };
}
