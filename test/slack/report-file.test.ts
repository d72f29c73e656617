// "report 2026-10" / 月报 on Slack: HR gets the company's card and, in their DM, the workbook with
// the charts as pictures in the same message (Block Kit draws no charts); a manager gets their
// team's; a salesperson is refused and gets no file. The bytes Slack received open as a workbook
// with the close's numbers. Through the real service, Bolt and Web API client.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CloseJson } from "../../src/kpi/evaluate.ts";
import { closeMonth } from "../../src/services/month-close.ts";
import { FakeSlack, slackSignature } from "../helpers/fake-slack.ts";
import { startGoldenService, type GoldenService } from "../helpers/service.ts";
import { closeTotals, workbookTotals } from "../helpers/workbook.ts";

const SECRET = "test-signing-secret";
// November: October is closed and is the "previous" month.
const NOW = "2026-11-05T10:00:00+08:00";
const RUN = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
let seq = 0;

let slack: FakeSlack;
let golden: GoldenService;
let close: CloseJson;

beforeAll(async () => {
  slack = await new FakeSlack().start();
  slack.users(
    { id: "U0LIN", email: "linfang@example.com", name: "林芳" },
    { id: "U0ZHOU", email: "zhoumin@example.com", name: "周敏" },
    { id: "U0ZHANG", email: "zhangwei@example.com", name: "张伟" },
  );
  golden = await startGoldenService({
    SLACK_BOT_TOKEN: "xoxb-test",
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.apiUrl,
    PACER_NOW: NOW,
  });
  close = (await closeMonth(golden.database.pool, "2026-10")).result;
});

afterAll(async () => {
  await golden?.stop();
  await slack?.stop();
});

async function dm(user: string, text: string): Promise<void> {
  const body = JSON.stringify({
    type: "event_callback",
    team_id: slack.teamId,
    api_app_id: "A0PACER",
    event_id: `Ev${RUN}${++seq}`,
    event_time: 1,
    event: { type: "message", channel_type: "im", channel: `D${user}`, user, text, ts: `${Date.now() / 1000}` },
  });
  const res = await fetch(`${golden.service.url}/slack/events`, {
    method: "POST",
    headers: { "content-type": "application/json", ...slackSignature(body, SECRET) },
    body,
  });
  expect(res.status).toBe(200);
}

const cardsTo = (channel: string) => slack.callsTo("chat.postMessage").filter((c) => c.body.channel === channel);

describe("the month-end report asked in Slack", () => {
  it("sends HR the card and the company's workbook with its charts, in their DM", async () => {
    await dm("U0LIN", "report 2026-10");
    const shared = await slack.waitFor(() => slack.shares.find((s) => s.channel === "DU0LIN"), 20_000);
    expect(JSON.stringify(cardsTo("DU0LIN")[0]!.body)).toMatch(/团队分析|Team analysis/);
    expect(shared.initialComment).toContain("2026-10");
    const [workbook, ...charts] = slack.sharedIn("DU0LIN");
    expect(workbook!.filename).toBe("pacer-report-2026-10.xlsx");
    expect(await workbookTotals(workbook!.data!)).toEqual(closeTotals(close));
    expect(charts).toHaveLength(2);
    for (const c of charts) expect(c.data!.subarray(1, 4).toString("latin1")).toBe("PNG");
  });

  it("sends a manager their team's workbook (月报: last month)", async () => {
    await dm("U0ZHOU", "月报");
    await slack.waitFor(() => slack.shares.find((s) => s.channel === "DU0ZHOU"), 20_000);
    const [workbook] = slack.sharedIn("DU0ZHOU");
    expect(workbook!.filename).toBe("pacer-report-2026-10-T-EAST.xlsx");
    expect(await workbookTotals(workbook!.data!)).toEqual(closeTotals(close, "T-EAST"));
  });

  it("refuses a salesperson, with no file", async () => {
    await dm("U0ZHANG", "report 2026-10");
    const refused = await slack.waitFor(() => cardsTo("DU0ZHANG")[0], 20_000);
    expect(JSON.stringify(refused.body)).toMatch(/仅供人事|are for HR/);
    expect(slack.shares.filter((s) => s.channel === "DU0ZHANG")).toEqual([]);
    expect(slack.callsTo("files.getUploadURLExternal").length).toBe(3 + 3);
  });
});
