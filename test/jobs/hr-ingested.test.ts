// A company fed ONLY through the ingest API (test/recruit/onboarding-feed.ts: every row through
// ingestBatch; the organization, which has no ingest entity, from a scenario) gets HR's side of
// Pacer in Slack and in Lark, through the real service, the real worker and the real SDKs against
// the fake platforms: the probation alert at E-C's 30-day milestone with the HR digest, the
// onboarding card with the fed checklist when HR asks, and the month-end workbook with the close's
// numbers.
import { describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.ts";
import type { CloseJson } from "../../src/kpi/evaluate.ts";
import type { PlatformName } from "../../src/platform.ts";
import { closeMonth } from "../../src/services/month-close.ts";
import { harnessesStoppedAfterAll, type JobHarness } from "../helpers/job-harness.ts";
import { closeTotals, workbookTotals } from "../helpers/workbook.ts";
import { feedCompany } from "../recruit/onboarding-feed.ts";
import { allowFastSends, runByHand } from "./helpers.ts";

// Thursday 8 October 2026, the first working day after National Day: E-C (hired 1 September) passed
// the 30-day milestone on 1 October, a holiday, and the digest's lookback catches it up.
const OCTOBER_8 = "2026-10-08T09:30:00+08:00";
// Monday 2 November 2026: November's first working day, October is closed.
const NOVEMBER_2 = "2026-11-02T09:05:00+08:00";
const HR_SLACK = "U0LINFANG";
const HR_LARK = "ou_linfang000000000000000000000hringest";

const start = harnessesStoppedAfterAll();

/** A fresh database holding the fed company, and the real service on it (clock: 8 October). */
const fedCompany = (platform: PlatformName): Promise<JobHarness> =>
  start({
    platform,
    seed: async ({ pool }) => {
      await feedCompany(pool);
      // Sends far faster than the platforms allow: the test waits for no rate-limit slot.
      await allowFastSends(pool);
    },
    worker: false,
    service: { now: OCTOBER_8 },
  });

/** October's close as stored. */
async function closeOf(database: Database): Promise<CloseJson> {
  const res = await database.pool.query(
    `SELECT result FROM month_closes WHERE period = '2026-10' ORDER BY version DESC`,
  );
  return res.rows[0].result as CloseJson;
}

describe("Slack", () => {
  it("HR gets the onboarding card, the digest with E-C's 30-day alert, and the month-end workbook", async () => {
    const h = await fedCompany("slack");
    const { database } = h;
    const slack = h.slack!;
    slack.users({ id: HR_SLACK, email: "linfang@example.com" });
    const dm = `D${HR_SLACK}`;
    const blocksTo = (channel: string) =>
      slack
        .callsTo("chat.postMessage")
        .filter((c) => c.body.channel === channel)
        .map((c) => JSON.stringify(c.body.blocks ?? ""));

    // 1. HR asks for onboarding (linked by email on first contact).
    const body = slack.dmEvent({
      eventId: `EvHrIngest${Date.now().toString(36)}`,
      user: HR_SLACK,
      text: "onboarding",
      seq: 0,
    });
    const res = await h.slackPost(body, "application/json");
    expect(res.status).toBe(200);
    const card = await slack.waitFor(() => blocksTo(dm).find((b) => b.includes("赵新")));
    expect(card).toContain("张伟");
    expect(card).toContain("CRM 与销售漏斗");

    // 2. The digest on 8 October: HR's digest and the 30-day alert about E-C.
    const hrWorker = await h.startWorker({ now: OCTOBER_8 });
    const digest = await runByHand(database.pool, hrWorker.queues, "hr-digest", {
      date: "2026-10-08",
      now: new Date(OCTOBER_8),
    });
    expect(digest.result).toMatchObject({ digestRecipients: 1, alerts: 1 });
    const alert = await slack.waitFor(() => blocksTo(HR_SLACK).find((b) => b.includes("第 30 天节点")));
    expect(alert).toContain("张伟");
    expect(alert).toContain("2/3");
    const daily = await slack.waitFor(() => blocksTo(HR_SLACK).find((b) => b.includes("落后的新员工")));
    expect(daily).toContain("张伟");
    await h.stopWorker();

    // 3. October closed; the workbook HR receives carries the close's totals.
    await closeMonth(database.pool, "2026-10");
    const filesWorker = await h.startWorker({ now: NOVEMBER_2 });
    const files = await runByHand(database.pool, filesWorker.queues, "month-end-files", {
      period: "2026-10",
      now: new Date(NOVEMBER_2),
    });
    expect(files.result).toMatchObject({ period: "2026-10", failed: 0 });
    const [workbook] = slack.sharedIn(dm);
    const totals = await workbookTotals(workbook!.data!);
    expect(totals.get("E-C")).toBeTypeOf("number");
    expect(totals.get("E-C")).toBe(closeTotals(await closeOf(database)).get("E-C"));
    expect(totals).toEqual(closeTotals(await closeOf(database)));
  });
});

describe("Lark", () => {
  it("HR gets the onboarding card, the digest with E-C's 30-day alert, and the month-end workbook", async () => {
    const h = await fedCompany("lark");
    const { database, service } = h;
    const fake = h.lark!;
    fake.users({ open_id: HR_LARK, email: "linfang@example.com" });
    const chat = `oc_p2p_${HR_LARK}`;
    const toHr = () => fake.messages.filter((m) => m.chat_id === chat || m.receive_id === HR_LARK);

    // 1. HR asks "入职进度".
    await fake.deliver(
      `${service.url}/lark/events`,
      fake.messageEvent({ sender: { open_id: HR_LARK }, chatType: "p2p", chatId: chat, text: "入职进度" }),
    );
    const card = await fake.waitFor(() => toHr().find((m) => m.content.includes("赵新")));
    expect(card.content).toContain("张伟");
    expect(card.content).toContain("CRM 与销售漏斗");

    // 2. The digest on 8 October.
    const hrWorker = await h.startWorker({ now: OCTOBER_8 });
    const digest = await runByHand(database.pool, hrWorker.queues, "hr-digest", {
      date: "2026-10-08",
      now: new Date(OCTOBER_8),
    });
    expect(digest.result).toMatchObject({ digestRecipients: 1, alerts: 1 });
    const alert = await fake.waitFor(() =>
      toHr().find((m) => m.receive_id === HR_LARK && m.content.includes("第 30 天节点")),
    );
    expect(alert.content).toContain("张伟");
    expect(alert.content).toContain("2/3");
    const daily = await fake.waitFor(() =>
      toHr().find((m) => m.receive_id === HR_LARK && m.content.includes("落后的新员工")),
    );
    expect(daily.content).toContain("张伟");
    await h.stopWorker();

    // 3. The month-end workbook.
    await closeMonth(database.pool, "2026-10");
    const filesWorker = await h.startWorker({ now: NOVEMBER_2 });
    const files = await runByHand(database.pool, filesWorker.queues, "month-end-files", {
      period: "2026-10",
      now: new Date(NOVEMBER_2),
    });
    expect(files.result).toMatchObject({ period: "2026-10", failed: 0 });
    const sent = toHr().filter((m) => m.msg_type === "file");
    expect(sent).toHaveLength(1);
    const totals = await workbookTotals(fake.fileOf(sent[0]!)!.data);
    expect(totals.get("E-C")).toBeTypeOf("number");
    expect(totals.get("E-C")).toBe(closeTotals(await closeOf(database)).get("E-C"));
    expect(totals).toEqual(closeTotals(await closeOf(database)));
  });
});
