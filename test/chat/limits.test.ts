// Honest limits through the chat core: what a manager and a salesperson tried (issue 15) is
// answered "I can't do that (yet): <what was asked>; here is what I can" — never with another
// intent's card, never with a bare "didn't understand", and without touching any data.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answer } from "../../src/chat/answer.ts";
import { parseIntent } from "../../src/chat/parse.ts";
import { openDatabase, type Database } from "../../src/db/client.ts";
import { importScenario } from "../../src/scenario/import.ts";
import { allText } from "../cards/fixtures.ts";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";
import { readFixture } from "../helpers/fixtures.ts";

let fresh: FreshDatabase;
let database: Database;
const id: Record<string, number> = {};
const NOW = new Date("2026-10-16T02:00:00Z");

beforeAll(async () => {
  fresh = await freshDatabase();
  database = openDatabase(fresh.url, { max: 2 });
  await importScenario(database.pool, readFixture("golden-east-2026-10.scenario.json"));
  const { rows } = await database.pool.query<{ id: number; external_id: string }>(
    "SELECT id, external_id FROM employees",
  );
  for (const r of rows) id[r.external_id] = r.id;
});
afterAll(async () => {
  await database.close();
  await fresh.drop();
});

const ask = (who: string, message: string) =>
  answer(
    { pool: database.pool, now: () => NOW },
    { employeeId: id[who]!, platform: "console", inGroup: false },
    parseIntent(message, { now: { year: 2026, month: 10 } }),
  );

describe("requests Pacer cannot serve", () => {
  it.each([
    ["E-M1", "把推送时间改到8点", "修改推送时间等设置", "changing settings such as the daily message time"],
    ["E-A", "tell me a joke", "与业绩和招聘无关的问题", "questions outside KPIs and hiring"],
  ])("%s: %j → “I can't do that (yet): %s”, with what can be asked", async (who, message, zh, en) => {
    const reply = await ask(who, message);
    expect(reply.card.header.title).toEqual({ "zh-CN": `暂时做不到：${zh}`, en: `I can't do that (yet): ${en}` });
    expect(allText(reply.card, "zh-CN")).toContain(`你问的是“${message}”`);
    expect(allText(reply.card, "zh-CN")).toContain("离目标还差多少");
    expect(allText(reply.card, "zh-CN")).not.toContain("没听懂");
    expect(reply.personal).toBe(true);
  });

  it("a target change in words is served (issue 15) but changes nothing until it is confirmed", async () => {
    const before = await database.pool.query("SELECT * FROM targets ORDER BY 1");
    expect(before.rows.length).toBeGreaterThan(0);
    const asked = await ask("E-M1", "把王磊的目标改成50000");
    expect(asked.card.header.title["zh-CN"]).toBe("确认修改目标");
    await ask("E-M1", "set Wang Lei's target to 50000");
    expect((await database.pool.query("SELECT * FROM targets ORDER BY 1")).rows).toEqual(before.rows);
  });

  it("a rating of an order is answered as one (issue 15), never with the order details", async () => {
    // O2 is E-A's own order; E-B is not named on it.
    const own = await ask("E-A", "给订单O2评分5分");
    expect(allText(own.card, "zh-CN")).toContain("不能给自己评分");
    const other = await ask("E-B", "给订单O2评分5分");
    expect(allText(other.card, "en")).toContain("Only the operations or customer-service colleague named on order O2");
    for (const reply of [own, other]) expect(allText(reply.card, "zh-CN")).not.toContain("明细");
    expect((await database.pool.query("SELECT 1 FROM ratings WHERE source = 'chat'")).rows).toEqual([]);
  });

  it("text it cannot place at all still gets the help card quoting it", async () => {
    const reply = await ask("E-A", "asdf qwer");
    expect(allText(reply.card, "en")).toContain("Sorry, I didn't understand “asdf qwer”.");
  });
});
