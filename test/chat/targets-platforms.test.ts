// Targets in chat on both platforms, through the real SDKs against the fakes and the real service
// (golden company, 2026-10-20, plus a second team and an admin): the manager's card of next
// month's targets, "edit" as a Slack modal opened in the ack path and as a Lark form, a change asked
// in words and confirmed, the audit and the rep's notice — and who may not: a rep, a manager of
// another team. HR and admins may. The rep is told once, on their own platform whichever the
// manager used (the organization's primary, Lark, when linked on both), and a notice the platform
// refuses at first is sent again and still arrives once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeLink } from "../../src/chat/identity.ts";
import type { Database } from "../../src/db/client.ts";
import { ingestBatch } from "../../src/ingest/batch.ts";
import type { Service } from "../../src/main.ts";
import type { FakeLark } from "../helpers/fake-lark.ts";
import type { FakeSlack } from "../helpers/fake-slack.ts";
import { type BothPlatforms, startOnBothPlatforms } from "../helpers/both-platforms.ts";
import { feedSecondTeam } from "./company-feed.ts";

const SECRET = "targets-test-secret";
const RUN = Date.now().toString(36);
const ZHOU_LARK = { open_id: "ou_zhoumin000000000000000000targets" };
const WANG_LARK = { open_id: "ou_wanglei000000000000000000targets" };
const LIN_LARK = { open_id: "ou_linfang000000000000000000targets" };
const SUN_LARK = { open_id: "ou_sunhao0000000000000000000targets" };
const WU_LARK = { open_id: "ou_wugang0000000000000000000targets" };
const ZHANG_LARK = { open_id: "ou_zhangwei00000000000000000targets" };
let platforms: BothPlatforms;
let service: Service;
let database: Database;
let slack: FakeSlack;
let lark: FakeLark;

beforeAll(async () => {
  platforms = await startOnBothPlatforms({
    secret: SECRET,
    eventTag: "Tg",
    slackUsers: [
      { id: "U0ZHOU", email: "zhoumin@example.com" },
      { id: "U0WANG", email: "wanglei@example.com" },
      { id: "U0LI", email: "lijing@example.com" },
      { id: "U0SUN", email: "sunhao@example.com" },
    ],
    larkUsers: [
      { ...ZHOU_LARK, email: "zhoumin@example.com" },
      { ...WANG_LARK, email: "wanglei@example.com" },
      { ...LIN_LARK, email: "linfang@example.com" },
      { ...SUN_LARK, email: "sunhao@example.com" },
      { ...WU_LARK, email: "wugang@example.com" },
    ],
  });
  ({ service, database, slack, lark } = platforms);
  await feedSecondTeam(database.pool);
  // 王磊 has talked to the bot on both platforms before: that is where he is told.
  const wang = (await database.pool.query<{ id: number }>(`SELECT id FROM employees WHERE external_id = 'E-A'`))
    .rows[0]!.id;
  await storeLink(database.pool, { platform: "slack", workspaceId: slack.teamId, userId: "U0WANG" }, wang, "email");
  await storeLink(
    database.pool,
    { platform: "lark", workspaceId: lark.tenantKey, userId: WANG_LARK.open_id },
    wang,
    "email",
  );
  // 张伟 uses Lark only (Slack's directory does not know him).
  const zhang = (await database.pool.query<{ id: number }>(`SELECT id FROM employees WHERE external_id = 'E-C'`))
    .rows[0]!.id;
  await storeLink(
    database.pool,
    { platform: "lark", workspaceId: lark.tenantKey, userId: ZHANG_LARK.open_id },
    zhang,
    "email",
  );
});

afterAll(async () => {
  await platforms?.stop();
});

const targetOf = async (employee: string, period: string, metric: string) =>
  (
    await database.pool.query<{ value: string; source: string; set_by: string | null }>(
      `SELECT t.value::text AS value, t.source::text AS source, s.external_id AS set_by
         FROM targets t JOIN employees e ON e.id = t.employee_id LEFT JOIN employees s ON s.id = t.set_by_id
        WHERE e.external_id = $1 AND t.period = $2 AND t.metric = $3::"Metric"`,
      [employee, period, metric],
    )
  ).rows[0] ?? null;

// ─── Slack ───────────────────────────────────────────────────────────────────────────────────────

let seq = 0;
const slackPost: BothPlatforms["slackPost"] = (body, contentType) => platforms.slackPost(body, contentType);
const slackDm: BothPlatforms["slackDm"] = (user, text) => platforms.slackDm(user, text);

function slackInteraction(payload: Record<string, unknown>) {
  return slackPost(
    new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
    "application/x-www-form-urlencoded",
  );
}

function slackPress(user: string, value: string, ts: string, triggerId: string) {
  return slackInteraction({
    type: "block_actions",
    team: { id: slack.teamId },
    user: { id: user },
    trigger_id: triggerId,
    container: { type: "message", channel_id: `D${user}`, message_ts: ts, is_ephemeral: false },
    response_url: slack.responseUrl(ts),
    actions: [{ type: "button", action_id: "target_edit_1", value, action_ts: ts }],
  });
}

const blocksOf = (call: { body: Record<string, unknown> }) => JSON.stringify(call.body.blocks ?? "");

function slackButtons(call: { body: Record<string, unknown> }): { text: string; value: string }[] {
  const out: { text: string; value: string }[] = [];
  for (const block of (call.body.blocks ?? []) as { type: string; elements?: Record<string, unknown>[] }[])
    if (block.type === "actions")
      for (const e of block.elements ?? [])
        out.push({ text: (e.text as { text: string }).text, value: e.value as string });
  return out;
}

const dmsTo = (user: string) =>
  slack.callsTo("chat.postMessage").filter((c) => c.body.channel === user || c.body.channel === `D${user}`);

/**
 * The chat notice of the latest change of a person's targets for a month (one per audited change),
 * as the deliveries table records it.
 */
async function noticeRow(employee: string, period: string) {
  const audit = await database.pool.query<{ id: number }>(
    `SELECT max(id) AS id FROM audit_log WHERE action = 'targets.set' AND entity_id = $1 AND details->>'period' = $2`,
    [employee, period],
  );
  const res = await database.pool.query<{ status: string; platform: string | null; attempts: number }>(
    `SELECT status::text AS status, platform::text AS platform, attempts FROM deliveries
      WHERE kind = 'chat-notice' AND idempotency_key = $1`,
    [`targets.${period}.${employee}.a${audit.rows[0]!.id}`],
  );
  return res.rows[0] ?? null;
}

/** That notice, once recorded sent after `attempts` tries. */
async function sentNotice(employee: string, period: string, attempts: number) {
  for (const deadline = Date.now() + 5000; ; ) {
    const row = await noticeRow(employee, period);
    if (row?.status === "sent") {
      expect(row.attempts).toBe(attempts);
      return row;
    }
    if (Date.now() > deadline) throw new Error(`notice to ${employee} not sent: ${JSON.stringify(row)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** 周敏 asks on Slack to change 张伟's first target (new customers) this month, and confirms. */
async function changeZhangOnSlack(value: string, ts: string): Promise<void> {
  const before = dmsTo("U0ZHOU").length;
  await slackDm("U0ZHOU", `把张伟的目标改成${value}`);
  const card = await slack.waitFor(() =>
    dmsTo("U0ZHOU")
      .slice(before)
      .find((c) => blocksOf(c).includes("确认修改目标")),
  );
  const confirm = slackButtons(card).find((b) => b.text === "确认")!;
  expect((await slackPress("U0ZHOU", confirm.value, ts, slack.triggerId("U0ZHOU"))).status).toBe(200);
  const saved = await slack.waitFor(() => slack.callsTo("chat.update").find((c) => c.body.ts === ts));
  expect(blocksOf(saved)).toContain("目标已保存");
}

describe("Slack", () => {
  it("a manager asks 设目标: next month's card, each rep beside October's target and actual, accept-all and one edit form each", async () => {
    expect((await slackDm("U0ZHOU", "设目标")).status).toBe(200);
    const card = await slack.waitFor(() => dmsTo("U0ZHOU").find((c) => blocksOf(c).includes("2026年11月目标")));
    for (const name of ["王磊", "李静", "张伟"]) expect(blocksOf(card)).toContain(name);
    // Without closed months the proposal is October's target: 王磊's ¥40,000.00 collected revenue.
    expect(blocksOf(card)).toContain("40,000.00");
    const buttons = slackButtons(card);
    expect(buttons.map((b) => b.text)).toContain("全部接受");
    const edit = buttons.find((b) => b.text === "修改 王磊")!;
    expect(edit.value.startsWith("pacer-form:")).toBe(true);
  });

  it("'edit' opens a modal in the ack path; the submission saves, is audited, and 王磊 is told once, on Lark", async () => {
    const card = dmsTo("U0ZHOU").find((c) => blocksOf(c).includes("2026年11月目标"))!;
    const edit = slackButtons(card).find((b) => b.text === "修改 王磊")!;
    expect((await slackPress("U0ZHOU", edit.value, "8.1", slack.triggerId("U0ZHOU"))).status).toBe(200);
    // Opened in the ack path (no queue in between), with nothing but the button's value.
    const view = await slack.waitFor(() => slack.views[0]);
    expect(slack.refused.filter((c) => c.method === "views.open").map((c) => c.error)).toEqual([]);
    const inputs = (view.view.blocks as { block_id: string; element: { initial_value?: string } }[]).map((b) => [
      b.block_id,
      b.element.initial_value,
    ]);
    expect(inputs).toEqual([
      ["collected_revenue", "40000.00"],
      ["repurchase_rate", "0.6000"],
      ["profit_per_shipment", "5000.00"],
      ["collaboration_score", "4.50"],
    ]);
    expect(await targetOf("E-A", "2026-11", "collected_revenue")).toBeNull();

    const submit = await slackInteraction(slack.viewSubmission(view.id, { collected_revenue: "45,000" }));
    expect(submit.status).toBe(200);
    const saved = await slack.waitFor(() => dmsTo("U0ZHOU").find((c) => blocksOf(c).includes("目标已保存")));
    expect(blocksOf(saved)).toContain("45,000.00");
    expect(await targetOf("E-A", "2026-11", "collected_revenue")).toEqual({
      value: "45000.0000",
      source: "chat",
      set_by: "E-M1",
    });
    // Linked on both platforms: told on the organization's primary one (Lark), not on Slack as well.
    const notice = await lark.waitFor(() =>
      sentTo(WANG_LARK.open_id).find((m) => m.content.includes("目标已更新") && m.content.includes("¥45,000.00")),
    );
    expect(notice.content).toContain("由 周敏 于");
    expect(await sentNotice("E-A", "2026-11", 1)).toMatchObject({ platform: "lark" });
    expect(dmsTo("U0WANG").filter((c) => blocksOf(c).includes("目标已更新"))).toEqual([]);
    const audit = await database.pool.query(
      `SELECT actor, entity_id, details FROM audit_log WHERE action = 'targets.set' AND entity_id = 'E-A'`,
    );
    expect(audit.rows).toEqual([
      {
        actor: "E-M1 (周敏)",
        entity_id: "E-A",
        details: {
          period: "2026-11",
          via: "chat",
          changes: [{ metric: "collected_revenue", before: null, after: "45000.0000" }],
        },
      },
    ]);
  });

  it("'accept all' saves every proposal; what was set by hand stays, and the card is updated in place", async () => {
    const card = dmsTo("U0ZHOU").find((c) => blocksOf(c).includes("2026年11月目标"))!;
    const accept = slackButtons(card).find((b) => b.text === "全部接受")!;
    expect((await slackPress("U0ZHOU", accept.value, "8.3", slack.triggerId("U0ZHOU"))).status).toBe(200);
    const update = await slack.waitFor(() => slack.callsTo("chat.update").find((c) => c.body.ts === "8.3"));
    expect(blocksOf(update)).toContain("已保存");
    // 李静 and 张伟 get October's targets; 王磊's 45,000 set by hand stays.
    expect((await targetOf("E-B", "2026-11", "collected_revenue"))?.value).toBe("30000.0000");
    expect((await targetOf("E-C", "2026-11", "new_customers"))?.value).toBe("3.0000");
    expect((await targetOf("E-A", "2026-11", "collected_revenue"))?.value).toBe("45000.0000");
    // 李静, found in Slack's directory (not on Lark), is told there, in her language (the organization's).
    const toLi = await slack.waitFor(() => dmsTo("U0LI").find((c) => blocksOf(c).includes("你的2026年11月目标已更新")));
    expect(blocksOf(toLi)).toContain("由 周敏 于");
    expect(blocksOf(toLi)).not.toContain("Your targets");
  });

  it("周敏 on Slack changes 张伟's October target; 张伟, linked only on Lark, is told there what changed and by whom", async () => {
    await changeZhangOnSlack("5", "8.5");
    const notice = await lark.waitFor(() => toZhang("3.0000 → 5.0000")[0]);
    // A Lark card carries both languages; the reader's Lark shows theirs.
    expect(notice.content).toContain("Your targets for October 2026");
    expect(notice.content).toContain("由 周敏 于 10月20日 设置");
    expect(notice.content).toContain("Set by 周敏 on Oct 20");
    expect(await sentNotice("E-C", "2026-10", 1)).toMatchObject({ platform: "lark" });
    expect(slack.callsTo("chat.postMessage").filter((c) => blocksOf(c).includes("3.0000 → 5.0000"))).toEqual([]);
  });

  it("a notice Lark refuses at first (HTTP 500) is sent again, and arrives exactly once", async () => {
    lark.fail("/open-apis/im/v1/messages", { status: 500, code: 1, method: "POST" });
    await changeZhangOnSlack("6", "8.6");
    // Sent on the second attempt: recorded final, so no later attempt can send it again.
    expect(await sentNotice("E-C", "2026-10", 2)).toMatchObject({ platform: "lark" });
    expect(postsToZhang("5.0000 → 6.0000").map((c) => c.error?.status ?? 200)).toEqual([500, 200]);
    expect(toZhang("5.0000 → 6.0000")).toHaveLength(1);
  });

  it("a notice Lark took but whose answer was lost is resent with the same uuid, and Lark keeps one", async () => {
    lark.fail("/open-apis/im/v1/messages", { status: 500, code: 1, method: "POST", accepted: true });
    await changeZhangOnSlack("7", "8.7");
    expect(await sentNotice("E-C", "2026-10", 2)).toMatchObject({ platform: "lark" });
    const posts = postsToZhang("6.0000 → 7.0000");
    expect(posts.map((c) => c.error?.status ?? 200)).toEqual([500, 200]);
    expect(new Set(posts.map((c) => (c.body as { uuid?: string }).uuid)).size).toBe(1);
    expect(toZhang("6.0000 → 7.0000")).toHaveLength(1);
  });

  it("a stale trigger_id opens nothing (Slack refuses it) and saves nothing", async () => {
    const card = dmsTo("U0ZHOU").find((c) => blocksOf(c).includes("2026年11月目标"))!;
    const edit = slackButtons(card).find((b) => b.text === "修改 李静")!;
    const opened = slack.views.length;
    expect((await slackPress("U0ZHOU", edit.value, "8.2", "1.2.never-issued")).status).toBe(200);
    await slack.waitFor(() => slack.refused.find((c) => c.method === "views.open"));
    expect(slack.refused.find((c) => c.method === "views.open")?.error).toBe("invalid_trigger_id");
    expect(slack.views).toHaveLength(opened);
  });

  it("a rep asking to change a target is told who may; another team's manager is told it is not their team", async () => {
    await slackDm("U0LI", "把王磊的目标改成50000");
    const rep = await slack.waitFor(() =>
      dmsTo("U0LI").find((c) => blocksOf(c).includes("只有团队经理、人事和管理员")),
    );
    expect(blocksOf(rep)).not.toContain("确认");
    await slackDm("U0SUN", "把王磊的目标改成50000");
    const other = await slack.waitFor(() => dmsTo("U0SUN").find((c) => blocksOf(c).includes("不在你管理的团队中")));
    expect(blocksOf(other)).not.toContain("确认");
    expect((await targetOf("E-A", "2026-10", "collected_revenue"))?.value).toBe("40000.0000");
  });
});

// ─── Lark ────────────────────────────────────────────────────────────────────────────────────────

const chatOf = (user: { open_id: string }) => `oc_p2p_${user.open_id}`;
function sentTo(id: string) {
  return lark.messages.filter((m) => m.chat_id === id || m.receive_id === id);
}
/** A Lark card's title in the language it opens in (the reader's). */
const titleOf = (m: { parsed: unknown }) =>
  (m.parsed as { header: { title: { content: string } } }).header.title.content;
/** 张伟's notices of his October targets that show this change. */
const toZhang = (change: string) =>
  sentTo(ZHANG_LARK.open_id).filter((m) => m.content.includes("October 2026") && m.content.includes(change));
/** The requests that tried to send 张伟 that notice, answered or not. */
const postsToZhang = (change: string) =>
  lark.calls.filter((c) => {
    const body = c.body as { receive_id?: string; content?: string };
    return (
      c.path === "/open-apis/im/v1/messages" &&
      body.receive_id === ZHANG_LARK.open_id &&
      Boolean(body.content?.includes("October 2026") && body.content.includes(change))
    );
  });

async function larkSay(user: { open_id: string }, text: string, expect: string): Promise<string> {
  await lark.deliver(
    `${service.url}/lark/events`,
    lark.messageEvent({ sender: user, chatType: "p2p", chatId: chatOf(user), text }),
  );
  return (await lark.waitFor(() => sentTo(chatOf(user)).find((m) => m.content.includes(expect)))).content;
}

/** The callback values of the buttons in a Lark card (what a press sends back). */
function larkButtonValues(content: string): { intent: string; action: string }[] {
  const out: { intent: string; action: string }[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      const o = node as Record<string, unknown>;
      if (o.tag === "button") out.push((o.behaviors as { value: { intent: string; action: string } }[])[0]!.value);
      Object.values(o).forEach(walk);
    }
  };
  walk(JSON.parse(content));
  return out;
}

async function larkPress(user: { open_id: string }, value: object, formValue?: Record<string, string>) {
  const res = await lark.deliver(
    `${service.url}/lark/events`,
    lark.cardActionEvent({
      operator: user,
      value: value as Record<string, unknown>,
      messageId: `om_${RUN}_${++seq}`,
      chatId: chatOf(user),
      ...(formValue ? { formValue, tag: "button", name: "submit" } : {}),
    }),
  );
  expect(res.status).toBe(200);
  return JSON.stringify((res.json as { card?: { data?: unknown } }).card?.data ?? "");
}

describe("Lark", () => {
  it("'把王磊的目标改成50000' is confirmed first, then saved for this month, and 王磊 is told", async () => {
    const confirm = await larkSay(ZHOU_LARK, "把王磊的目标改成50000", "确认修改目标");
    expect(confirm).toContain("¥40,000.00");
    expect(confirm).toContain("¥50,000.00");
    expect((await targetOf("E-A", "2026-10", "collected_revenue"))?.value).toBe("40000.0000");
    const button = larkButtonValues(confirm).find((b) => JSON.parse(b.intent).kind === "target_save")!;
    const answer = await larkPress(ZHOU_LARK, button);
    expect(answer).toContain("目标已保存");
    expect(await targetOf("E-A", "2026-10", "collected_revenue")).toEqual({
      value: "50000.0000",
      source: "chat",
      set_by: "E-M1",
    });
    const notice = await lark.waitFor(() =>
      sentTo(WANG_LARK.open_id).find((m) => m.content.includes("目标已更新") && m.content.includes("¥50,000.00")),
    );
    expect(titleOf(notice)).toBe("你的2026年10月目标已更新");
  });

  it("王磊's progress card says who set the target and when; an ingest write then wins and the card says so", async () => {
    const card = await larkSay(WANG_LARK, "我的进度", "目标由 周敏 于");
    expect(card).toContain("在聊天中设置");
    await ingestBatch(database.pool, "targets", [
      { employeeExternalId: "E-A", period: "2026-10", metric: "collected_revenue", value: "42000" },
    ]);
    expect(await targetOf("E-A", "2026-10", "collected_revenue")).toEqual({
      value: "42000.0000",
      source: "ingest",
      set_by: null,
    });
    await larkSay(WANG_LARK, "离目标还差多少", "目标来自数据导入");
  });

  it("'edit' answers with a form inside the callback; its submit carries form_value and saves", async () => {
    const form = await larkPress(ZHOU_LARK, {
      intent: JSON.stringify({ kind: "target_edit", employee: "E-B", period: "2026-11" }),
      action: "target_edit_2",
    });
    expect(form).toContain('"tag":"form"');
    expect(form).toContain('"name":"collected_revenue"');
    const submit = larkButtonValues(form).find((b) => JSON.parse(b.intent).kind === "target_save")!;
    const saved = await larkPress(ZHOU_LARK, submit, { collected_revenue: "3.5万", repurchase_rate: "65%" });
    expect(saved).toContain("目标已保存");
    expect((await targetOf("E-B", "2026-11", "collected_revenue"))?.value).toBe("35000.0000");
    expect((await targetOf("E-B", "2026-11", "repurchase_rate"))?.value).toBe("0.6500");
  });

  it("a value the rules refuse saves nothing and says why", async () => {
    const submit = { intent: JSON.stringify({ kind: "target_save", employee: "E-B", period: "2026-11" }), action: "x" };
    const answer = await larkPress(ZHOU_LARK, submit, { collected_revenue: "36000", repurchase_rate: "1.5" });
    expect(answer).toContain("目标未保存");
    expect((await targetOf("E-B", "2026-11", "collected_revenue"))?.value).toBe("35000.0000");
  });

  it("by role: a rep and another team's manager are refused (a forged save too); HR and an admin may", async () => {
    await larkSay(WANG_LARK, "把李静的目标改成1", "只有团队经理、人事和管理员");
    await larkSay(SUN_LARK, "把李静的目标改成1", "不在你管理的团队中");
    const forged = { intent: JSON.stringify({ kind: "target_save", employee: "E-B", period: "2026-11" }), action: "x" };
    expect(await larkPress(SUN_LARK, forged, { collected_revenue: "1" })).toContain("不在你管理的团队中");
    expect(await larkPress(WANG_LARK, forged, { collected_revenue: "1" })).toContain("只有团队经理、人事和管理员");
    expect((await targetOf("E-B", "2026-11", "collected_revenue"))?.value).toBe("35000.0000");
    expect(await larkSay(LIN_LARK, "把李静的目标改成36000", "确认修改目标")).toContain("¥36,000.00");
    expect(await larkSay(WU_LARK, "设目标 华北销售组", "2026年11月目标")).toContain("陈晨");
    // The manager's own team only: 周敏 asking for 华北 is refused.
    await larkSay(ZHOU_LARK, "设目标 T-NORTH", "只能为自己管理的团队设置目标");
  });
});
