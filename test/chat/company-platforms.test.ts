// HR sees the company and ticks onboarding checklists on both platforms, through the real SDKs
// against the fake Slack and Lark servers and the real service: the golden company plus a second
// team and the new hires' checklists, fed through the ingest API.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.ts";
import { ingestBatch } from "../../src/ingest/batch.ts";
import type { Service } from "../../src/main.ts";
import type { FakeLark } from "../helpers/fake-lark.ts";
import type { FakeSlack } from "../helpers/fake-slack.ts";
import { type BothPlatforms, startOnBothPlatforms } from "../helpers/both-platforms.ts";
import { COMPLETIONS, COURSES, companyFeeds, PROGRESS, TEMPLATE_ITEMS, TEMPLATES } from "../recruit/onboarding-feed.ts";
import { feedSecondTeam } from "./company-feed.ts";

const SECRET = "company-test-secret";
const HR_LARK = { open_id: "ou_linfang0000000000000000000company" };
const SUN_LARK = { open_id: "ou_sunhao00000000000000000000company" };
let platforms: BothPlatforms;
let service: Service;
let database: Database;
let slack: FakeSlack;
let lark: FakeLark;

beforeAll(async () => {
  platforms = await startOnBothPlatforms({
    secret: SECRET,
    eventTag: "Co",
    slackUsers: [
      { id: "U0LINFANG", email: "linfang@example.com" },
      { id: "U0ZHOU", email: "zhoumin@example.com" },
      { id: "U0SUN", email: "sunhao@example.com" },
    ],
    larkUsers: [
      { ...HR_LARK, email: "linfang@example.com" },
      { ...SUN_LARK, email: "sunhao@example.com" },
    ],
  });
  ({ service, database, slack, lark } = platforms);
  await feedSecondTeam(database.pool);
  // The new hires' probation dates and checklists, as the HR and learning systems feed them.
  await ingestBatch(database.pool, "employees", companyFeeds().employees);
  for (const [entity, rows] of [
    ["training-courses", COURSES],
    ["onboarding-templates", TEMPLATES],
    ["onboarding-template-items", TEMPLATE_ITEMS],
    ["onboarding-progress", PROGRESS],
    ["training-completions", COMPLETIONS],
  ] as const)
    await ingestBatch(database.pool, entity, rows);
});

afterAll(async () => {
  await platforms?.stop();
});

const slackPost: BothPlatforms["slackPost"] = (body, contentType) => platforms.slackPost(body, contentType);
const slackDm: BothPlatforms["slackDm"] = (user, text) => platforms.slackDm(user, text);

function slackPress(user: string, value: string, ts: string) {
  return slackPost(slack.buttonPress({ user, value, ts, actionId: "tick_1_1" }), "application/x-www-form-urlencoded");
}

const blocksOf = (call: { body: Record<string, unknown> }) => JSON.stringify(call.body.blocks ?? "");

/** Button values in Slack blocks (each carries a serialized intent). */
function slackButtons(call: { body: Record<string, unknown> }): { text: string; value: string }[] {
  const out: { text: string; value: string }[] = [];
  for (const block of (call.body.blocks ?? []) as { type: string; elements?: Record<string, unknown>[] }[])
    if (block.type === "actions")
      for (const e of block.elements ?? [])
        out.push({ text: (e.text as { text: string }).text, value: e.value as string });
  return out;
}

const progressOf = async (employee: string, item: string) =>
  (
    await database.pool.query<{ completed_at: Date | null }>(
      `SELECT p.completed_at FROM onboarding_progress p JOIN employees e ON e.id = p.employee_id
         JOIN onboarding_template_items i ON i.id = p.item_id WHERE e.external_id = $1 AND i.key = $2`,
      [employee, item],
    )
  ).rows[0]?.completed_at ?? null;

describe("Slack", () => {
  it("HR asks '公司排名' by DM: one card with both teams, and the view is audited", async () => {
    expect((await slackDm("U0LINFANG", "公司排名")).status).toBe(200);
    const sent = await slack.waitFor(() =>
      slack
        .callsTo("chat.postMessage")
        .find((c) => c.body.channel === "DU0LINFANG" && blocksOf(c).includes("华北销售组")),
    );
    expect(blocksOf(sent)).toContain("华东销售组");
    const audit = await database.pool.query(`SELECT actor FROM audit_log WHERE action = 'view.company'`);
    expect(audit.rows).toEqual([{ actor: "E-H1 (林芳)" }]);
  });

  it("HR asks 'onboarding', presses a checklist button, and the card is updated in place with the item ticked", async () => {
    await slackDm("U0LINFANG", "onboarding");
    const isTick = (b: { value: string }) => {
      const i = JSON.parse(b.value) as { kind: string; employee?: string };
      return i.kind === "checklist_tick" && i.employee === "E-N";
    };
    const card = await slack.waitFor(() =>
      slack.callsTo("chat.postMessage").find((c) => c.body.channel === "DU0LINFANG" && slackButtons(c).some(isTick)),
    );
    const tick = slackButtons(card).find(isTick)!;
    const intent = JSON.parse(tick.value) as { item: string };
    expect(await progressOf("E-N", intent.item)).toBeNull();
    expect((await slackPress("U0LINFANG", tick.value, "7.1")).status).toBe(200);
    const update = await slack.waitFor(() => slack.callsTo("chat.update").find((c) => c.body.ts === "7.1"));
    expect(blocksOf(update)).toContain("赵新");
    expect(await progressOf("E-N", intent.item)).not.toBeNull();
    const audit = await database.pool.query(`SELECT actor FROM audit_log WHERE action = 'onboarding.item_done'`);
    expect(audit.rows).toEqual([{ actor: "E-H1 (林芳)" }]);
  });

  it("a manager pressing another team's board button is refused in place", async () => {
    const value = JSON.stringify({ kind: "leaderboard", team: "T-NORTH" });
    await slackPress("U0ZHOU", value, "7.2");
    const update = await slack.waitFor(() => slack.callsTo("chat.update").find((c) => c.body.ts === "7.2"));
    expect(blocksOf(update)).toMatch(/没有权限查看这个团队|can't see this team/);
    expect(blocksOf(update)).not.toContain("陈晨");
  });
});

describe("Lark", () => {
  const sentTo = (chatId: string) => lark.messages.filter((m) => m.chat_id === chatId || m.receive_id === chatId);

  it("HR asks 'team': a card listing the teams to pick from", async () => {
    const chat = `oc_p2p_${HR_LARK.open_id}`;
    await lark.deliver(
      `${service.url}/lark/events`,
      lark.messageEvent({ sender: HR_LARK, chatType: "p2p", chatId: chat, text: "team" }),
    );
    const sent = await lark.waitFor(() => sentTo(chat)[0]);
    expect(sent.content).toContain("华东销售组");
    expect(sent.content).toContain("华北销售组");
    expect(sent.content).toContain("T-NORTH");
  });

  it("HR ticks a checklist item: the updated card comes back inside the callback; another manager is refused", async () => {
    const value = (who: string) => ({
      intent: JSON.stringify({ kind: "checklist_tick", employee: "E-N", item: "crm", template: "sales-new-hire" }),
      action: who,
    });
    const refused = await lark.deliver(
      `${service.url}/lark/events`,
      lark.cardActionEvent({ operator: SUN_LARK, value: value("tick_1_1"), messageId: "om_onb1", chatId: "oc_sun" }),
    );
    expect(JSON.stringify((refused.json as { card?: unknown }).card)).toContain("无此权限");
    expect(await progressOf("E-N", "crm")).toBeNull();

    const res = await lark.deliver(
      `${service.url}/lark/events`,
      lark.cardActionEvent({ operator: HR_LARK, value: value("tick_1_2"), messageId: "om_onb2", chatId: "oc_hr" }),
    );
    expect(res.status).toBe(200);
    const body = res.json as { card?: { type: string; data: unknown } };
    expect(body.card?.type).toBe("raw");
    expect(JSON.stringify(body.card?.data)).toContain("赵新");
    expect(await progressOf("E-N", "crm")).not.toBeNull();
  });
});
