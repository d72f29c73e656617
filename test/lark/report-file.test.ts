// "report 2026-10" / 月报 on Feishu/Lark: the card (Lark draws its chart natively) and the workbook
// as a "file" message in the asker's chat with the bot — HR the company's, a manager their team's,
// a salesperson refused with no file. The bytes the fake received (im/v1/files) open as a workbook
// with the close's numbers. Through the real service and the real SDK, over webhooks.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CloseJson } from "../../src/kpi/evaluate.ts";
import { closeMonth } from "../../src/services/month-close.ts";
import { FakeLark } from "../helpers/fake-lark.ts";
import { startGoldenService, type GoldenService } from "../helpers/service.ts";
import { closeTotals, workbookTotals } from "../helpers/workbook.ts";

const LIN = { open_id: "ou_lin0000000000000000000000000006" };
const ZHOU = { open_id: "ou_zhou000000000000000000000000003" };
const ZHANG = { open_id: "ou_zhang00000000000000000000000005" };

let fake: FakeLark;
let golden: GoldenService;
let hook: string;
let close: CloseJson;

beforeAll(async () => {
  fake = await new FakeLark().start();
  fake.users(
    { ...LIN, email: "linfang@example.com", name: "林芳" },
    { ...ZHOU, email: "zhoumin@example.com", name: "周敏" },
    { ...ZHANG, email: "zhangwei@example.com", name: "张伟" },
  );
  golden = await startGoldenService({
    LARK_APP_ID: fake.appId,
    LARK_APP_SECRET: fake.appSecret,
    LARK_VERIFICATION_TOKEN: fake.verificationToken,
    LARK_ENCRYPT_KEY: fake.encryptKey,
    LARK_DOMAIN: fake.url,
    LARK_MODE: "webhook",
    // November: October is closed and is the "previous" month.
    PACER_NOW: "2026-11-05T10:00:00+08:00",
  });
  hook = `${golden.service.url}/lark/events`;
  close = (await closeMonth(golden.database.pool, "2026-10")).result;
});

afterAll(async () => {
  await golden?.stop();
  await fake?.stop();
});

async function ask(sender: { open_id: string }, text: string): Promise<string> {
  const chatId = `oc_p2p_${sender.open_id}`;
  await fake.deliver(hook, fake.messageEvent({ sender, chatType: "p2p", chatId, text }));
  return chatId;
}

const fileTo = (openId: string) => fake.messages.filter((m) => m.msg_type === "file" && m.receive_id === openId);

describe("the month-end report asked in Lark", () => {
  it("sends HR the card and the company's workbook as a file message", async () => {
    const chatId = await ask(LIN, "report 2026-10");
    const [file] = await fake.waitFor(() => fileTo(LIN.open_id).length > 0 && fileTo(LIN.open_id), 20_000);
    const card = fake.messages.find((m) => m.receive_id === chatId && m.msg_type === "interactive");
    expect(card?.content).toMatch(/团队分析|Team analysis/);
    const uploaded = fake.fileOf(file!)!;
    expect(uploaded).toMatchObject({ file_type: "xls", file_name: "pacer-report-2026-10.xlsx" });
    expect(await workbookTotals(uploaded.data)).toEqual(closeTotals(close));
  });

  it("sends a manager their team's workbook (月报: last month)", async () => {
    await ask(ZHOU, "月报");
    const [file] = await fake.waitFor(() => fileTo(ZHOU.open_id).length > 0 && fileTo(ZHOU.open_id), 20_000);
    const uploaded = fake.fileOf(file!)!;
    expect(uploaded.file_name).toBe("pacer-report-2026-10-T-EAST.xlsx");
    expect(await workbookTotals(uploaded.data)).toEqual(closeTotals(close, "T-EAST"));
  });

  it("refuses a salesperson, with no file", async () => {
    const chatId = await ask(ZHANG, "report 2026-10");
    const refused = await fake.waitFor(() => fake.messages.find((m) => m.receive_id === chatId), 20_000);
    expect(refused.content).toMatch(/仅供人事|are for HR/);
    expect(fileTo(ZHANG.open_id)).toEqual([]);
    expect(fake.files.size).toBe(2);
  });
});
