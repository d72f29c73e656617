// Month-end workbooks in chat: after the close, HR gets the whole company's workbook and each
// manager their team's, as a file, through the real SDKs (Slack files.uploadV2, Lark im/v1/files +
// a "file" message) — the bytes the platform received open as a workbook with the close's numbers;
// every recipient gets their file exactly once (a second run sends none; a worker that died after
// Lark accepted a file message leaves no second one).
import { describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.ts";
import type { CloseJson } from "../../src/kpi/evaluate.ts";
import { harnessesStoppedAfterAll, type JobHarness } from "../helpers/job-harness.ts";
import { createLarkClient } from "../../src/lark/client.ts";
import { createLarkSender } from "../../src/lark/sender.ts";
import { closeMonth } from "../../src/services/month-close.ts";
import { reportFileMessage } from "../../src/services/report-delivery.ts";
import { claimDelivery, readDelivery, startAttempt } from "../../src/store/deliveries.ts";
import { closeTotals, workbookTotals } from "../helpers/workbook.ts";
import { addLinkedPerson, HR_PERSON, dropQueues, larkIdOf, loadWorld, runByHand, slackIdOf } from "./helpers.ts";

// Monday 2 November 2026: November's first working day (the 1st is a Sunday).
const NOVEMBER_2 = "2026-11-02T09:05:00+08:00";
const MANAGERS = { "M1-0": "T1-0", "M1-1": "T1-1", "M1-2": "T1-2" } as const;

const start = harnessesStoppedAfterAll();

/** The generated-s1 world on `platform`, with an HR person; the worker's clock is 2 November. */
async function world(platform: "slack" | "lark", options: { worker?: false } = {}): Promise<JobHarness> {
  return start({
    platform,
    seed: async ({ pool }) => {
      await loadWorld(pool, { platform });
      await addLinkedPerson(pool, platform, HR_PERSON);
    },
    worker: options.worker ?? { now: NOVEMBER_2 },
  });
}

async function closeOf(database: Database): Promise<CloseJson> {
  const res = await database.pool.query(
    `SELECT result FROM month_closes WHERE period = '2026-10' ORDER BY version DESC`,
  );
  return res.rows[0].result as CloseJson;
}

describe("month-end workbooks on Slack", () => {
  it("sends HR the company's workbook and each manager their team's, with the charts, once", async () => {
    const { database, worker, slack } = await world("slack");
    if (!slack) throw new Error("no fake Slack");

    const run = await runByHand(database.pool, worker.queues, "month-end-files", {
      date: "2026-11-02",
      now: new Date(NOVEMBER_2),
    });

    expect(run.runId).toBe("month-end-files.2026-10");
    expect(run.result).toMatchObject({ period: "2026-10", version: 1, recipients: 4, sent: 4, failed: 0 });
    const close = await closeOf(database);
    // HR: one message in their DM with the workbook and the two chart pictures.
    const toHr = slack.shares.filter((s) => s.channel === `D${slackIdOf("HR-1")}`);
    expect(toHr).toHaveLength(1);
    expect(toHr[0]!.initialComment).toMatch(/2026-10/);
    const [workbook, ...pictures] = slack.sharedIn(`D${slackIdOf("HR-1")}`);
    expect(workbook!.filename).toBe("pacer-report-2026-10.xlsx");
    expect(pictures.map((p) => p.filename.endsWith(".png"))).toEqual([true, true]);
    for (const p of pictures) expect(p.data!.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect(await workbookTotals(workbook!.data!)).toEqual(closeTotals(close));
    // Each manager: their team only.
    for (const [manager, team] of Object.entries(MANAGERS)) {
      const files = slack.sharedIn(`D${slackIdOf(manager)}`);
      expect(files[0]!.filename).toBe(`pacer-report-2026-10-${team}.xlsx`);
      expect(await workbookTotals(files[0]!.data!)).toEqual(closeTotals(close, team));
    }
    expect(slack.shares).toHaveLength(4);

    // Run again (by hand, fresh queues): every delivery is already done, no second file.
    await dropQueues(worker.queues);
    const again = await runByHand(database.pool, worker.queues, "month-end-files", {
      period: "2026-10",
      now: new Date(NOVEMBER_2),
    });
    expect(again.result).toMatchObject({ sent: 0, doneBefore: 4 });
    expect(slack.shares).toHaveLength(4);
    expect(slack.callsTo("files.getUploadURLExternal")).toHaveLength(4 * 3);
  });

  it("refuses a workbook above Slack's file limit, and the admins hear of it", async () => {
    const w = await world("slack", { worker: false });
    const { database, slack } = w;
    if (!slack) throw new Error("no fake Slack");
    slack.fileSizeLimit = 1000;
    const worker = await w.startWorker({ now: NOVEMBER_2 });

    const run = await runByHand(database.pool, worker.queues, "month-end-files", {
      period: "2026-10",
      now: new Date(NOVEMBER_2),
    });

    expect(run.result).toMatchObject({ recipients: 4, sent: 0, failed: 4 });
    expect(slack.shares).toHaveLength(0);
    expect(slack.callsTo("files.getUploadURLExternal").length).toBeGreaterThan(0);
    const notice = slack.callsTo("chat.postMessage").filter((c) => c.body.channel === slackIdOf("ADM-1"));
    expect(JSON.stringify(notice.map((c) => c.body))).toContain("file_too_large");
  });
});

describe("month-end workbooks on Lark", () => {
  it("uploads each workbook and sends it as a file message, once per recipient", async () => {
    const { database, worker, lark } = await world("lark");
    if (!lark) throw new Error("no fake Lark");

    const run = await runByHand(database.pool, worker.queues, "month-end-files", {
      date: "2026-11-02",
      now: new Date(NOVEMBER_2),
    });

    expect(run.result).toMatchObject({ recipients: 4, sent: 4, failed: 0 });
    const close = await closeOf(database);
    const fileTo = (externalId: string) => {
      const sent = lark.messages.filter((m) => m.receive_id === larkIdOf(externalId) && m.msg_type === "file");
      expect(sent).toHaveLength(1);
      return lark.fileOf(sent[0]!)!;
    };
    const company = fileTo("HR-1");
    expect(company).toMatchObject({ file_type: "xls", file_name: "pacer-report-2026-10.xlsx" });
    expect(await workbookTotals(company.data)).toEqual(closeTotals(close));
    for (const [manager, team] of Object.entries(MANAGERS))
      expect(await workbookTotals(fileTo(manager).data)).toEqual(closeTotals(close, team));
    // Only the workbooks went up: Lark's cards draw their own charts.
    expect(lark.files.size).toBe(4);

    await dropQueues(worker.queues);
    const again = await runByHand(database.pool, worker.queues, "month-end-files", {
      period: "2026-10",
      now: new Date(NOVEMBER_2),
    });
    expect(again.result).toMatchObject({ sent: 0, doneBefore: 4 });
    expect(lark.messages.filter((m) => m.msg_type === "file")).toHaveLength(4);
  });

  it("a worker that died after Lark accepted a file message: the resend carries the same uuid, still one file", async () => {
    const w = await world("lark", { worker: false });
    const { database, lark } = w;
    if (!lark) throw new Error("no fake Lark");
    await closeMonth(database.pool, "2026-10");
    const hr = await database.pool.query<{ id: number }>(`SELECT id FROM employees WHERE external_id = 'HR-1'`);
    const hrId = hr.rows[0]!.id;
    const key = `report-file:e${hrId}.company:2026-10`;
    const address = larkIdOf("HR-1");
    // What the dead worker left: the attempt claimed, the file message accepted by Lark, nothing recorded.
    await claimDelivery(database.pool, { key, kind: "report-file", employeeId: hrId, platform: "lark", address });
    await startAttempt(database.pool, key, "lark", address);
    const sender = createLarkSender(
      createLarkClient({ appId: lark.appId, appSecret: lark.appSecret, domain: lark.url }),
    );
    const first = await sender.sendFile!(
      { address, kind: "user" },
      await reportFileMessage(database.pool, "2026-10", { locale: "zh-CN" }),
      "zh-CN",
      key,
    );

    const worker = await w.startWorker({ now: NOVEMBER_2 });
    const run = await runByHand(database.pool, worker.queues, "month-end-files", {
      period: "2026-10",
      now: new Date(NOVEMBER_2),
    });

    expect(run.result).toMatchObject({ recipients: 4, sent: 4, failed: 0 });
    expect(lark.messages.filter((m) => m.msg_type === "file" && m.receive_id === address)).toHaveLength(1);
    expect(await readDelivery(database.pool, key)).toMatchObject({
      status: "sent",
      attempts: 2,
      messageId: first.messageId,
    });
  });
});
