// `npx tsx bench/ingest-threshold.ts`: where the ingest bulk path (COPY into a staging table, then
// the upsert) starts to beat the JSON parameter. Writes orders batches of several sizes both ways,
// interleaved, each in a transaction rolled back, on a small demo world; prints the medians of 7.
// The result sets DEFAULT_BULK_THRESHOLD in src/ingest/batch.ts (docs/BENCHMARKS.md).
import { openDatabase } from "../src/db/client.ts";
import { entityDef, writeRows } from "../src/ingest/registry.ts";
import { parseRows } from "../src/ingest/upsert.ts";
import { loadWorld, scratchDatabase, parseNow } from "./lib.ts";
const db = await scratchDatabase("thr");
try {
  await loadWorld(db.url, { reps: 100, months: 2, seed: "thr", now: parseNow(undefined, "2026-10-20T09:00:00+08:00") });
  const database = openDatabase(db.url, { max: 2 });
  const cust = (await database.pool.query("SELECT external_id FROM customers ORDER BY id LIMIT 50")).rows.map(
    (r) => r.external_id,
  );
  const emp = (
    await database.pool.query("SELECT external_id FROM employees WHERE role='sales' ORDER BY id LIMIT 20")
  ).rows.map((r) => r.external_id);
  const def = entityDef("orders")!;
  for (const n of [300, 1000, 2000, 3000, 5000, 10000]) {
    const raw = Array.from({ length: n }, (_, i) => ({
      externalId: `TH-${i}`,
      customerExternalId: cust[i % cust.length],
      ownerExternalId: emp[i % emp.length],
      bookedAt: "2026-10-05T11:00:00+08:00",
      revenue: "1000.50",
      cost: "500",
      status: "completed",
      dueDate: "2026-11-04",
    }));
    const rows = parseRows(def, raw).rows.map((r) => r.row);
    const t: Record<string, number[]> = { json: [], copy: [] };
    for (let rep = 0; rep < 7; rep++)
      for (const mode of rep % 2 ? ["json", "copy"] : ["copy", "json"]) {
        const client = await database.pool.connect();
        await client.query("BEGIN");
        const t0 = performance.now();
        await writeRows(client, def, rows, mode === "copy" ? { copy: client } : {});
        t[mode]!.push(performance.now() - t0);
        await client.query("ROLLBACK");
        client.release();
      }
    const med = (a: number[]) => a.sort((x, y) => x - y)[a.length >> 1]!.toFixed(1);
    console.log(`${n} rows: json ${med(t.json!)} ms, copy ${med(t.copy!)} ms`);
  }
  await database.close();
} finally {
  await db.drop();
}
