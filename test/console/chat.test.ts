// The console transport: pick a demo user, talk, press numbered buttons, switch user.
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/client.ts";
import { runConsole } from "../../src/console/chat.ts";
import { importScenario } from "../../src/scenario/import.ts";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";
import { readFixture } from "../helpers/fixtures.ts";

let fresh: FreshDatabase;
let database: Database;
beforeAll(async () => {
  fresh = await freshDatabase();
  database = openDatabase(fresh.url, { max: 2 });
  await importScenario(database.pool, readFixture("golden-east-2026-10.scenario.json"));
});
afterAll(async () => {
  await database.close();
  await fresh.drop();
});

/** Runs a whole conversation and returns everything printed. */
async function converse(lines: string[], as?: string): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = "";
  output.on("data", (d) => (printed += d));
  const done = runConsole({
    pool: database.pool,
    now: () => new Date("2026-10-16T02:00:00Z"),
    input,
    output,
    ...(as ? { as } : {}),
  });
  input.end(lines.map((l) => `${l}\n`).join(""));
  await done;
  return printed;
}

describe("console chat", () => {
  it("lists demo personas, answers as the one picked, and presses numbered buttons", async () => {
    const out = await converse(["1", "离目标还差多少？", "2", "/quit"]);
    expect(out).toMatch(/\[1\] .+ \(E-A\) — sales, 华东销售组/);
    expect(out).toMatch(/\[4\] 周敏 \(E-M1\) — manager/);
    // E-A as of Oct 16: P1 (Oct 2) collected ¥20,000 of the ¥40,000 target.
    expect(out).toContain("¥20,000.00 / ¥40,000.00");
    // Button [2] is "unpaid receivables": its card replaces the progress card.
    expect(out).toContain("未回款合计");
  });

  it("a manager asking how far from target gets the team view; language switches for the console", async () => {
    const out = await converse(["how far from target?", "english", "team", "/quit"], "E-M1");
    expect(out).toContain("华东销售组");
    expect(out).toContain("Language set to English");
    expect(out).toMatch(/Rank/);
  });

  it("unknown text gets the help card, never silence", async () => {
    const out = await converse(["what is the weather", "/quit"], "E-B");
    expect(out).toMatch(/离目标还差多少|how far from target/);
  });

  it("/lark and /slack show the last card as each platform receives it", async () => {
    const out = await converse(["kpi", "/lark", "/slack", "/quit"], "E-A");
    expect(out).toContain('"schema": "2.0"');
    expect(out).toContain('"zh_cn"');
    expect(out).toContain('"blocks"');
  });
});
