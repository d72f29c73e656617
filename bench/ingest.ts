// `npm run bench:ingest [-- --orders 100000 --batch 5000 --concurrency 1 --reps 2000 --months 12 --scenarios empty,full --keep]`
//
// 100k orders and their payments (~1.2 per order) sent over real HTTP, as JSON arrays in batches
// of 5,000 rows, to the service's own server (buildServer) started in this process on 127.0.0.1,
// with an ingest API key — beside a raw COPY of the very same rows into the same tables, and the
// ratio of the two. The rows come from the demo world (the first reps' orders and payments, under
// new external ids "BX-O…"/"BX-P…", referencing the demo customers and salespeople), so they look
// like a real feed: 12 months of bookings, partial and late payments, refunds. Each order batch is
// followed by the payments of its orders.
//
// Scenarios, in one scratch database loaded with the demo world (REPS×MONTHS, ~1M orders):
//   empty   — orders, payments and ratings truncated (with what refers to them; organization, people, customers, leads,
//             plans and targets stay): the 100k into empty tables
//   full    — the 100k new orders into the database holding ~1M orders and ~1.2M payments
// For each: the API run, then the same batches again (a replay: every row "unchanged"), then the
// tables are put back as they were and the same rows go in by COPY (ids resolved and reserved
// before its clock starts: the floor of what Postgres needs to store them, indexes and roll-up
// triggers included). Both runs must leave identical rows (checked). Prints seconds, rows/s,
// per-request latency and api ÷ copy, with the date, commit and machine. Bodies and COPY text are
// built before the clocks start; requests go to loopback only. The scratch database is dropped
// afterwards unless --keep.
// --profile: where the COPY's time goes, by subtraction. The same COPY again, each time in a
// transaction rolled back, with all triggers; without the per-day roll-up triggers (metric_days,
// metric_customer_days, metric_customer_months, customer_first_orders); without those and the
// payments' order totals (orders.paid_total, last_paid_at, full_paid_at); with no trigger at all
// (session_replication_role replica: foreign keys unchecked too) — the floor of storing the rows
// and their indexes.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import { Redis } from "ioredis";
import { from as copyFrom } from "pg-copy-streams";
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
    scenarios: { type: "string", default: "empty,full" },
    "bulk-threshold": { type: "string" },
    keep: { type: "boolean", default: false },
    profile: { type: "boolean", default: false },
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
const BULK_THRESHOLD =
  values["bulk-threshold"] === undefined ? undefined : int("bulk-threshold", values["bulk-threshold"], 1_000_000);
const spec: WorldSpec = {
  reps: int("reps", values.reps, 100_000),
  months: int("months", values.months, 60),
  seed: values.seed,
  now: parseNow(values.now, "2026-10-20T09:00:00+08:00"),
};
const scenarios = values.scenarios.split(",").map((s) => s.trim());
for (const s of scenarios)
  if (!["full", "empty"].includes(s)) throw new Error(`unknown scenario ${s}: use empty, full`);
/** Issue 16: 100k orders + their payments through the API in < 5 s, and at most 3 × a raw COPY. */
const GOAL_SECONDS = 5;
const GOAL_RATIO = 3;

await printHeader(
  "Ingest API benchmark (npm run bench:ingest)",
  ["src/ingest", "src/http", "src/db", "src/store", "prisma", "bench/ingest.ts", "bench/lib.ts"],
  [
    `method:   ${fmt(ORDERS)} orders + their payments as JSON arrays of ≤${fmt(BATCH)} rows, POST /api/v1/ingest/{orders,payments} over HTTP on 127.0.0.1 ` +
      `to buildServer() in this process (pool of 10, log level warn, bulk threshold ${BULK_THRESHOLD ?? "default"}), ${CONCURRENCY} request chain${CONCURRENCY > 1 ? "s" : ""} at a time (payments after their orders); ` +
      "beside it the same rows by COPY (one transaction, orders then payments)",
    `data:     rows from the demo world ${worldLabel(spec)}`,
  ],
);

// ---- the feed: orders and payments of the first reps of the demo world, under new keys --------

interface Chunk {
  orders: string;
  orderCount: number;
  payments: Array<{ body: string; count: number }>;
}

/** The same rows as plain values, for the COPY run (references still by external id). */
interface OrderRow {
  externalId: string;
  customer: string;
  owner: string;
  bookedAt: string;
  revenue: string;
  cost: string;
  status: string;
  dueDate: string | null;
}
interface PaymentRow {
  externalId: string;
  order: string;
  paidAt: string;
  amount: string;
}
const allOrders: OrderRow[] = [];
const allPayments: PaymentRow[] = [];

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
      const order: OrderRow = {
        externalId: key,
        customer: `C-${String(customerBase + o.customer + 1).padStart(6, "0")}`,
        owner: rep.employee.externalId,
        bookedAt: local(o.bookedMs),
        revenue: money(o.revenueCents),
        cost: money(o.costCents),
        status: o.status,
        dueDate: o.dueDay === null ? null : dateString(o.dueDay),
      };
      allOrders.push(order);
      orderRows.push({
        externalId: order.externalId,
        customerExternalId: order.customer,
        ownerExternalId: order.owner,
        bookedAt: order.bookedAt,
        revenue: order.revenue,
        cost: order.cost,
        status: order.status,
        dueDate: order.dueDate,
      });
      for (const p of byOrder.get(i) ?? []) {
        if (p.amountCents === 0) continue;
        const payment: PaymentRow = {
          externalId: `BX-P${String(++nPayments).padStart(7, "0")}`,
          order: key,
          paidAt: local(p.paidMs),
          amount: money(p.amountCents),
        };
        allPayments.push(payment);
        paymentRows.push({
          externalId: payment.externalId,
          orderExternalId: payment.order,
          paidAt: payment.paidAt,
          amount: payment.amount,
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

interface ApiOutcome {
  seconds: number;
  counts: { created: number; updated: number; unchanged: number };
  orderLatency: Summary;
  paymentLatency: Summary;
}

interface Outcome {
  scenario: string;
  before: { orders: number; payments: number };
  api: ApiOutcome;
  replay: ApiOutcome;
  copySeconds: number;
}

const ROWS = ORDERS + totalPayments;
const db = await scratchDatabase(`ingest_${spec.reps}x${spec.months}`);
const outcomes: Outcome[] = [];
try {
  const loaded = await loadWorld(db.url, spec);
  console.log(
    `\nloaded the demo world: ${fmt(loaded.counts.orders ?? 0)} orders, ${fmt(loaded.counts.payments ?? 0)} payments in ${loaded.loadSeconds.toFixed(1)} s; vacuum analyze ${loaded.vacuumSeconds.toFixed(1)} s`,
  );
  // "full" first: it needs the demo's orders, which "empty" truncates.
  for (const scenario of ["full", "empty"].filter((s) => scenarios.includes(s)))
    outcomes.push(await runScenario(scenario, db.url));
} finally {
  if (values.keep) console.log(`kept database: ${db.url}`);
  else await db.drop();
}

console.log(
  `\n## summary (goal from issue 16: ${fmt(ORDERS)} orders + payments through the API in < ${GOAL_SECONDS} s and ≤ ${GOAL_RATIO} × a raw COPY)`,
);
console.log(
  `${"scenario".padEnd(8)} ${"api s".padStart(7)} ${"rows/s".padStart(9)} ${"copy s".padStart(7)} ${"api/copy".padStart(9)} ${"replay s".padStart(9)}  orders batch p50/p99 ms  payments batch p50/p99 ms`,
);
for (const o of outcomes)
  console.log(
    `${o.scenario.padEnd(8)} ${o.api.seconds.toFixed(2).padStart(7)} ${fmt(Math.round(ROWS / o.api.seconds)).padStart(9)} ${o.copySeconds.toFixed(2).padStart(7)} ${(o.api.seconds / o.copySeconds).toFixed(2).padStart(9)} ${o.replay.seconds.toFixed(2).padStart(9)}  ` +
      `${`${ms(o.api.orderLatency.p50)} / ${ms(o.api.orderLatency.p99)}`.padEnd(24)} ${ms(o.api.paymentLatency.p50)} / ${ms(o.api.paymentLatency.p99)}`,
  );
for (const o of outcomes) {
  const ratio = o.api.seconds / o.copySeconds;
  console.log(
    `${o.scenario}: ${fmt(ORDERS)} orders + ${fmt(totalPayments)} payments — API ${o.api.seconds.toFixed(2)} s (${o.api.seconds < GOAL_SECONDS ? "meets" : "MISSES"} < ${GOAL_SECONDS} s), ` +
      `COPY ${o.copySeconds.toFixed(2)} s, ratio ${ratio.toFixed(2)} (${ratio <= GOAL_RATIO ? "meets" : "MISSES"} ≤ ${GOAL_RATIO})`,
  );
}

async function runScenario(scenario: string, url: string): Promise<Outcome> {
  await reset(scenario, url);
  const before = await rowCounts(url);
  const api = await runApi(`${scenario}/api`, url, { created: ROWS, updated: 0, unchanged: 0 });
  const apiRows = await fingerprint(url);
  const replay = await runApi(`${scenario}/replay`, url, { created: 0, updated: 0, unchanged: ROWS });
  await reset(scenario, url);
  const copySeconds = await runCopy(url);
  const copyRows = await fingerprint(url);
  if (copyRows !== apiRows) throw new Error(`${scenario}: the COPY run stored other rows than the API run`);
  if (values.profile) await profileCopy(scenario, url);
  console.log(
    `\n## ${scenario}: ${fmt(before.orders)} orders / ${fmt(before.payments)} payments before\n` +
      `api:    ${fmt(ROWS)} rows in ${api.seconds.toFixed(2)} s = ${fmt(Math.round(ROWS / api.seconds))} rows/s; ` +
      `orders batches p50 ${ms(api.orderLatency.p50)} p99 ${ms(api.orderLatency.p99)} ms, payments batches p50 ${ms(api.paymentLatency.p50)} p99 ${ms(api.paymentLatency.p99)} ms\n` +
      `replay: ${fmt(ROWS)} rows unchanged in ${replay.seconds.toFixed(2)} s\n` +
      `copy:   ${fmt(ROWS)} rows in ${copySeconds.toFixed(2)} s = ${fmt(Math.round(ROWS / copySeconds))} rows/s (same rows: checked)\n` +
      `api / copy = ${(api.seconds / copySeconds).toFixed(2)}`,
  );
  return { scenario, before, api, replay, copySeconds };
}

/** Puts the tables back to the scenario's starting point, vacuumed and analyzed. */
async function reset(scenario: string, url: string): Promise<void> {
  const database = openDatabase(url, { max: 1 });
  try {
    if (scenario === "empty") await database.pool.query("TRUNCATE orders, payments, ratings CASCADE");
    else {
      await database.pool.query("DELETE FROM payments WHERE external_id LIKE 'BX-P%'");
      await database.pool.query("DELETE FROM orders WHERE external_id LIKE 'BX-O%'");
    }
  } finally {
    await database.close();
  }
  await vacuumAnalyze(url, ["orders", "payments", "ratings"]);
}

async function runApi(label: string, url: string, expected: ApiOutcome["counts"]): Promise<ApiOutcome> {
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
    ...(BULK_THRESHOLD === undefined ? {} : { ingestBulkThreshold: BULK_THRESHOLD }),
  });
  const base = await app.listen({ port: 0, host: "127.0.0.1" });
  const { key } = await createApiKey(database.pool, `bench-${label}`, ["ingest"]);
  const orderTimes: number[] = [];
  const paymentTimes: number[] = [];
  const counts = { created: 0, updated: 0, unchanged: 0 };
  const t0 = performance.now();
  try {
    const post = async (entity: string, body: string, n: number, times: number[]) => {
      const t = performance.now();
      const res = await fetch(`${base}/api/v1/ingest/${entity}`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body,
      });
      const text = await res.text();
      times.push(performance.now() - t);
      if (res.status !== 200) throw new Error(`${label}: POST ${entity} → ${res.status}: ${text.slice(0, 500)}`);
      const reply = JSON.parse(text) as { received: number; created: number; updated: number; unchanged: number };
      if (reply.received !== n)
        throw new Error(`${label}: ${entity} batch of ${n} reported ${reply.received} received`);
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
  await database.close();
  if (JSON.stringify(counts) !== JSON.stringify(expected))
    throw new Error(`${label}: counts ${JSON.stringify(counts)}, expected ${JSON.stringify(expected)}`);
  return { seconds, counts, orderLatency: summarize(orderTimes), paymentLatency: summarize(paymentTimes) };
}

function copyText(v: string | number | null): string {
  return v === null ? "\\N" : String(v);
}

/**
 * The same rows by COPY: references resolved to ids and order ids reserved from the sequence
 * before the clock starts; then, timed, one transaction with COPY orders and COPY payments.
 */
async function runCopy(
  url: string,
  variant: { rollback?: boolean; disable?: Record<string, string[]>; replica?: boolean } = {},
): Promise<number> {
  const database = openDatabase(url, { max: 1 });
  const client = await database.pool.connect();
  try {
    const ids = async (table: string, keys: string[]) => {
      const res = await client.query<{ id: number; k: string }>(
        `SELECT id, external_id AS k FROM ${table} WHERE external_id = ANY($1::text[])`,
        [[...new Set(keys)]],
      );
      return new Map(res.rows.map((r) => [r.k, r.id]));
    };
    const customers = await ids(
      "customers",
      allOrders.map((o) => o.customer),
    );
    const owners = await ids(
      "employees",
      allOrders.map((o) => o.owner),
    );
    const reserved = await client.query<{ id: number }>(
      `SELECT nextval(pg_get_serial_sequence('orders', 'id'))::int AS id FROM generate_series(1, $1)`,
      [allOrders.length],
    );
    const orderIds = new Map(allOrders.map((o, i) => [o.externalId, reserved.rows[i]!.id]));
    const orderText = allOrders.map(
      (o) =>
        `${[orderIds.get(o.externalId)!, o.externalId, customers.get(o.customer)!, owners.get(o.owner)!, o.bookedAt, o.revenue, o.cost, o.status, o.dueDate].map(copyText).join("\t")}\n`,
    );
    const paymentText = allPayments.map(
      (p) => `${[p.externalId, orderIds.get(p.order)!, p.paidAt, p.amount].map(copyText).join("\t")}\n`,
    );
    const copy = async (sql: string, lines: string[]) => {
      const chunked: string[] = [];
      for (let i = 0; i < lines.length; i += 1000) chunked.push(lines.slice(i, i + 1000).join(""));
      await pipeline(Readable.from(chunked), client.query(copyFrom(sql)));
    };
    const t0 = performance.now();
    await client.query("BEGIN");
    for (const [table, triggers] of Object.entries(variant.disable ?? {}))
      for (const t of triggers) await client.query(`ALTER TABLE ${table} DISABLE TRIGGER ${t}`);
    if (variant.replica) await client.query("SET LOCAL session_replication_role = replica");
    await copy(
      "COPY orders (id, external_id, customer_id, owner_id, booked_at, revenue, cost, status, due_date) FROM STDIN",
      orderText,
    );
    await copy("COPY payments (external_id, order_id, paid_at, amount) FROM STDIN", paymentText);
    if (variant.rollback) {
      const seconds = (performance.now() - t0) / 1000;
      await client.query("ROLLBACK");
      return seconds;
    }
    await client.query("COMMIT");
    return (performance.now() - t0) / 1000;
  } finally {
    client.release();
    await database.close();
  }
}

/** --profile: the COPY with parts of the trigger work left out (each rolled back), and the differences. */
async function profileCopy(scenario: string, url: string): Promise<void> {
  await reset(scenario, url);
  const rollups = {
    orders: ["orders_metric_days_insert", "orders_metric_days_update"],
    payments: ["payments_metric_days_insert"],
  };
  const variants: Array<[string, Parameters<typeof runCopy>[1]]> = [
    ["all triggers", {}],
    ["without the per-day roll-ups", { disable: rollups }],
    [
      "without the roll-ups and the orders' payment totals",
      { disable: { ...rollups, payments: [...rollups.payments, "payments_rollup_insert"] } },
    ],
    ["no triggers, no foreign-key checks", { replica: true }],
  ];
  const seconds: number[] = [];
  for (const [, variant] of variants) seconds.push(await runCopy(url, { ...variant, rollback: true }));
  console.log(`\n## ${scenario}: where the COPY's time goes (each variant in a transaction rolled back)`);
  variants.forEach(([label], i) => {
    const next = seconds[i + 1];
    const share = next === undefined ? "" : `; ${(seconds[i]! - next).toFixed(2)} s more than the next line`;
    console.log(`${label.padEnd(52)} ${seconds[i]!.toFixed(2).padStart(6)} s${share}`);
  });
}

/** A digest of every stored BX row (values and references by external id), to compare two runs. */
async function fingerprint(url: string): Promise<string> {
  const database = openDatabase(url, { max: 1 });
  try {
    const res = await database.pool.query<{ o: string; p: string }>(
      `SELECT
         (SELECT md5(string_agg(concat_ws('|', o.external_id, c.external_id, e.external_id, o.booked_at, o.revenue, o.cost, o.status, o.due_date, o.paid_total, o.last_paid_at), ',' ORDER BY o.external_id))
            FROM orders o JOIN customers c ON c.id = o.customer_id JOIN employees e ON e.id = o.owner_id WHERE o.external_id LIKE 'BX-O%') AS o,
         (SELECT md5(string_agg(concat_ws('|', p.external_id, o.external_id, p.paid_at, p.amount), ',' ORDER BY p.external_id))
            FROM payments p JOIN orders o ON o.id = p.order_id WHERE p.external_id LIKE 'BX-P%') AS p`,
    );
    return `${res.rows[0]!.o}/${res.rows[0]!.p}`;
  } finally {
    await database.close();
  }
}

async function rowCounts(url: string): Promise<{ orders: number; payments: number }> {
  const database = openDatabase(url, { max: 1 });
  try {
    const res = await database.pool.query<{ o: string; p: string }>(
      "SELECT (SELECT count(*) FROM orders) AS o, (SELECT count(*) FROM payments) AS p",
    );
    return { orders: Number(res.rows[0]!.o), payments: Number(res.rows[0]!.p) };
  } finally {
    await database.close();
  }
}
