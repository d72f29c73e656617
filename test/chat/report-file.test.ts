// The month-end report asked in chat, specified once for every platform against a recording
// adapter: the card goes where the privacy rule says, then the workbook goes to the asker alone
// (the adapter's sendFile: their DM) — HR the company's, a manager their team's; a salesperson is
// refused and gets no file; a month with no close gets no file; a channel without files (the
// console) still gets the card.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ConversationDeps, converse } from "../../src/chat/conversation.ts";
import { openDatabase, type Database } from "../../src/db/client.ts";
import type { CloseJson } from "../../src/kpi/evaluate.ts";
import type { FileMessage } from "../../src/outgoing-file.ts";
import { importScenario } from "../../src/scenario/import.ts";
import { closeMonth } from "../../src/services/month-close.ts";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";
import { readFixture } from "../helpers/fixtures.ts";
import { closeTotals, workbookTotals } from "../helpers/workbook.ts";
import { cardText, message, recordingAdapter } from "./recording-adapter.ts";

let fresh: FreshDatabase;
let database: Database;
let deps: ConversationDeps;
let close: CloseJson;
const NOW = new Date("2026-11-05T02:00:00Z"); // 5 November, 10:00 in Shanghai: October is last month

beforeAll(async () => {
  fresh = await freshDatabase();
  database = openDatabase(fresh.url, { max: 3 });
  await importScenario(database.pool, readFixture("golden-east-2026-10.scenario.json"));
  close = (await closeMonth(database.pool, "2026-10")).result;
  deps = { pool: database.pool, now: () => NOW };
});
afterAll(async () => {
  await database.close();
  await fresh.drop();
});

let users = 0;
/** A chat account linked (through the directory) to the employee with `email`, and an adapter that records files too. */
function asker(email: string, options: { files?: boolean } = {}) {
  const id = `U${++users}${Date.now().toString(36).toUpperCase()}`;
  const base = recordingAdapter({ directory: { [id]: { email } } });
  /** Each file sent, with how many card sends preceded it. */
  const files: { file: FileMessage; locale: string; afterSends: number }[] = [];
  const adapter =
    options.files === false
      ? base
      : Object.assign(base, {
          async sendFile(_ref: string, file: FileMessage, locale: string) {
            files.push({ file, locale, afterSends: base.sent.length });
          },
        });
  return { id, adapter, files };
}

describe("the month-end report in chat", () => {
  it("HR in a group: the card to them only, then the company's workbook with its charts, to them alone", async () => {
    const { id, adapter, files } = asker("linfang@example.com");
    const outcome = await converse(deps, adapter, message(id, "report 2026-10", { inGroup: true }));

    expect(outcome).toMatchObject({ status: "answered", delivery: "ephemeral" });
    // The card first, then the file.
    expect(adapter.sent.map((s) => s.verb)).toEqual(["ephemeral"]);
    expect(files).toHaveLength(1);
    expect(files[0]!.afterSends).toBe(1);
    const { file } = files[0]!;
    expect(file.file.fileName).toBe("pacer-report-2026-10.xlsx");
    expect(await workbookTotals(file.file.buffer)).toEqual(closeTotals(close));
    expect(file.images?.map((i) => i.contentType)).toEqual(["image/png", "image/png"]);
    expect(file.comment["zh-CN"]).toContain("全公司");
  });

  it("a manager: their team's card and workbook", async () => {
    const { id, adapter, files } = asker("zhoumin@example.com");
    await converse(deps, adapter, message(id, "月报"));

    const card = adapter.sent[0]!;
    expect(card.verb).toBe("post");
    expect(cardText((card as { reply: Parameters<typeof cardText>[0] }).reply, "en")).toContain("Team analysis");
    expect(files.map((f) => f.file.file.fileName)).toEqual(["pacer-report-2026-10-T-EAST.xlsx"]);
    expect(await workbookTotals(files[0]!.file.file.buffer)).toEqual(closeTotals(close, "T-EAST"));
  });

  it("a salesperson is refused, and gets no file", async () => {
    const { id, adapter, files } = asker("wanglei@example.com");
    await converse(deps, adapter, message(id, "report 2026-10"));
    const [card] = adapter.sent as { verb: string; reply: Parameters<typeof cardText>[0] }[];
    expect(cardText(card!.reply, "en")).toContain("Month-end reports are for HR");
    expect(files).toEqual([]);
  });

  it("a month without a close: the no-data card, no file", async () => {
    const { id, adapter, files } = asker("linfang@example.com");
    await converse(deps, adapter, message(id, "report 2026-09"));
    expect(adapter.sent.map((s) => s.verb)).toEqual(["post"]);
    expect(files).toEqual([]);
  });

  it("a channel that sends no files (the console) still gets the card", async () => {
    const { id, adapter } = asker("linfang@example.com", { files: false });
    const outcome = await converse(deps, adapter, message(id, "report 2026-10"));
    expect(outcome).toMatchObject({ status: "answered", delivery: "post" });
    expect(adapter.sent.map((s) => s.verb)).toEqual(["post"]);
  });
});
