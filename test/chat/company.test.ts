// HR sees the company (issue 14, item 3) and ticks onboarding checklists from chat (item 1), tested
// through the conversation core with a recording adapter, on a company fed through the ingest API:
// the golden-east team with its new hires plus a second team and an admin (./company-feed.ts).
// Each role asks the same questions: salespeople (E-A 王磊), the manager of the team (E-M1 周敏),
// the manager of another team (E-M2 孙浩), HR (E-H1 林芳), an admin (E-AD 吴刚), an unlinked user.
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Card, Text } from "../../cards/model.ts";
import { type ConversationDeps, converse, type Outcome } from "../../src/chat/conversation.ts";
import { serializeIntent, type Intent } from "../../src/chat/intents.ts";
import { parseIntent } from "../../src/chat/parse.ts";
import { TEXTS } from "../../src/chat/texts.ts";
import { openDatabase, type Database } from "../../src/db/client.ts";
import { Rational, toRational } from "../../src/kpi/decimal.ts";
import { claimEvent } from "../../src/events/dedupe.ts";
import { companyOverview } from "../../src/services/company.ts";
import { leaderboardFor } from "../../src/services/leaderboard.ts";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";
import { REDIS_URL } from "../helpers/server.ts";
import { feedCompany } from "../recruit/onboarding-feed.ts";
import { feedSecondTeam } from "./company-feed.ts";
import { button, message, recordingAdapter } from "./recording-adapter.ts";

let fresh: FreshDatabase;
let database: Database;
let redis: Redis;
const PREFIX = `test-company-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
/** The business clock: Tuesday 2026-10-20, 12:00 in Shanghai. */
const NOW = new Date("2026-10-20T04:00:00Z");
let deps: ConversationDeps;

// Chat accounts, unique per run (the directory cache is per process), linked by email.
const RUN = Date.now().toString(36).toUpperCase();
const EMAILS = {
  sales: "wanglei@example.com",
  manager: "zhoumin@example.com",
  otherManager: "sunhao@example.com",
  hr: "linfang@example.com",
  admin: "wugang@example.com",
} as const;
type Who = keyof typeof EMAILS | "unlinked";
const userOf = (who: Who) => `U${who.toUpperCase()}${RUN}`;
const directory = Object.fromEntries(Object.entries(EMAILS).map(([who, email]) => [userOf(who as Who), { email }]));

beforeAll(async () => {
  fresh = await freshDatabase();
  database = openDatabase(fresh.url, { max: 4 });
  await feedCompany(database.pool);
  await feedSecondTeam(database.pool);
  redis = new Redis(REDIS_URL);
  deps = {
    pool: database.pool,
    now: () => NOW,
    claim: (platform, eventId) => claimEvent(redis, platform, eventId, { prefix: PREFIX }),
  };
});
afterAll(async () => {
  const keys = await redis.keys(`${PREFIX}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  await database.close();
  await fresh.drop();
});

type Answered = Extract<Outcome, { status: "answered" }>;

async function ask(who: Who, text: string, options: { inGroup?: boolean } = {}): Promise<Answered> {
  const adapter = recordingAdapter({ directory });
  const outcome = await converse(deps, adapter, message(userOf(who), text, options));
  expect(outcome.status).toBe("answered");
  return outcome as Answered;
}

async function press(who: Who, value: string): Promise<Answered & { verb: string }> {
  const adapter = recordingAdapter({ directory });
  const outcome = await converse(deps, adapter, button(userOf(who), value));
  expect(outcome.status).toBe("answered");
  return { ...(outcome as Answered), verb: adapter.sent[0]?.verb ?? "none" };
}

/** Every text of a card (header, elements, table cells, buttons) in one language. */
function allText(card: Card, locale: "zh-CN" | "en" = "en"): string {
  const out: string[] = [card.header.title[locale], card.header.subtitle?.[locale] ?? ""];
  const walk = (v: unknown): void => {
    if (v && typeof v === "object") {
      const t = v as Partial<Text>;
      if (typeof t["zh-CN"] === "string" && typeof t.en === "string") out.push(t[locale]!);
      else for (const x of Object.values(v)) walk(x);
    }
  };
  walk(card.elements);
  return out.join("\n");
}
const buttonsOf = (card: Card) => card.elements.flatMap((e) => (e.type === "actions" ? e.buttons : []));
const intentsOf = (card: Card): Intent[] => buttonsOf(card).map((b) => b.intent);

async function auditRows(action: string) {
  const res = await database.pool.query<{ actor: string; entity_id: string; at: Date; details: unknown }>(
    `SELECT actor, entity_id, at, details FROM audit_log WHERE action = $1 ORDER BY id`,
    [action],
  );
  return res.rows;
}

describe("asking in both languages and short forms", () => {
  const now = { year: 2026, month: 10 };
  it.each([
    ["公司排名", { kind: "company", period: "current" }],
    ["全公司", { kind: "company", period: "current" }],
    ["company", { kind: "company", period: "current" }],
    ["Company ranking last month", { kind: "company", period: "previous" }],
    ["/kpi company", { kind: "company", period: "current" }],
  ])("%s → the company overview", (text, intent) => {
    expect(parseIntent(text, { now })).toEqual(intent);
  });

  it.each([
    ["team 华北销售组", "华北销售组"],
    ["团队排名 华北销售组", "华北销售组"],
    ["团队排名华北销售组", "华北销售组"],
    ["Team T-NORTH", "t-north"],
    ["leaderboard T-EAST", "t-east"],
  ])("%s → that team's leaderboard", (text, team) => {
    expect(parseIntent(text, { now })).toEqual({ kind: "leaderboard", period: "current", team });
  });

  it("a month after 'team' is a period, not a team; 'team' alone names none", () => {
    expect(parseIntent("team last month", { now })).toEqual({ kind: "leaderboard", period: "previous" });
    expect(parseIntent("团队 9月", { now })).toEqual({ kind: "leaderboard", period: "2026-09" });
    expect(parseIntent("团队排名", { now })).toEqual({ kind: "leaderboard", period: "current" });
    expect(parseIntent("team", { now })).toEqual({ kind: "leaderboard", period: "current" });
  });

  it("a question about the ranking is not a team's name", () => {
    for (const text of ["排名怎么样", "团队排名如何", "团队成员", "排名前五", "团队情况"])
      expect(parseIntent(text, { now })).toEqual({ kind: "leaderboard", period: "current" });
  });

  it.each([
    ["progress 王磊", "王磊"],
    ["王磊的进度", "王磊"],
    ["进度 E-A", "e-a"],
    ["/kpi 王磊", "王磊"],
  ])("%s → that person's progress card", (text, query) => {
    expect(parseIntent(text, { now })).toEqual({ kind: "lookup", query, period: "current" });
  });

  it("'progress last month' stays the asker's own progress; '/kpi @someone' looks them up", () => {
    expect(parseIntent("progress last month", { now })).toEqual({ kind: "progress", period: "previous" });
    expect(parseIntent("/kpi <@U0WANG>", { now, mentions: ["U0WANG"] })).toEqual({
      kind: "lookup",
      query: "@U0WANG",
      period: "current",
    });
  });
});

describe("the company overview", () => {
  it("agrees with every team's own leaderboard: average score, goal completion, bonus tier, at-risk count", async () => {
    const overview = await companyOverview(database.pool, NOW);
    expect(overview.period).toBe("2026-10");
    expect(overview.teams.map((t) => t.externalId)).toEqual(["T-EAST", "T-NORTH"]);
    const ids = await database.pool.query<{ id: number; external_id: string }>(`SELECT id, external_id FROM teams`);
    for (const standing of overview.teams) {
      const teamId = ids.rows.find((r) => r.external_id === standing.externalId)!.id;
      const board = await leaderboardFor(database.pool, teamId, NOW);
      expect(standing.members).toBe(board.rows.length);
      // The mean of the board's totals (each rounded to 2 places): the service rounds the mean of the
      // exact totals, so the two differ by at most 0.005 (the totals' rounding) + 0.005 (its own).
      const mean = Rational.sum(board.rows.map((r) => toRational(r.total))).div(Rational.fromInt(board.rows.length));
      expect(toRational(standing.averageScore!).sub(mean).abs().lte(toRational("0.01"))).toBe(true);
      expect(standing.atRisk).toBe(board.rows.filter((r) => r.atRisk).length);
      expect(standing.goal?.completion).toBe(board.goals[0]?.completion);
      expect(standing.goal?.bonus).toBe(board.goals[0]?.bonus);
    }
    // The top performers are the best totals of everyone on any board, highest first.
    const everyone = (await Promise.all(ids.rows.map((r) => leaderboardFor(database.pool, r.id, NOW)))).flatMap((b) =>
      b.rows.map((r) => r.total),
    );
    const best = everyone.sort((a, b) => toRational(b).cmp(toRational(a)));
    expect(overview.top.map((p) => p.total)).toEqual(best.slice(0, overview.top.length));
    expect(overview.top.length).toBe(Math.min(5, everyone.length));
  });

  it("HR asking '公司排名' gets every team and the top performers, read-only, and the view is audited", async () => {
    const before = (await auditRows("view.company")).length;
    const { reply, intent } = await ask("hr", "公司排名");
    expect(intent).toEqual({ kind: "company", period: "current" });
    const text = allText(reply.card, "zh-CN");
    expect(text).toContain("华东销售组");
    expect(text).toContain("华北销售组");
    expect(text).toContain("陈晨");
    // Its buttons only open other read-only answers.
    expect(new Set(intentsOf(reply.card).map((i) => i.kind))).toEqual(new Set(["leaderboard", "company"]));
    const rows = await auditRows("view.company");
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toMatchObject({ actor: "E-H1 (林芳)", entity_id: "2026-10", at: NOW });
  });

  it("an admin sees it too; salespeople and managers get a clear refusal and leave no audit row", async () => {
    const admin = await ask("admin", "company");
    expect(allText(admin.reply.card)).toContain("华北销售组");
    const before = (await auditRows("view.company")).length;
    for (const who of ["sales", "manager", "otherManager"] as const) {
      const { reply } = await ask(who, "全公司");
      expect(allText(reply.card)).toContain(TEXTS.companyForHr.en);
      expect(allText(reply.card, "zh-CN")).not.toContain("华北销售组");
    }
    expect(await auditRows("view.company")).toHaveLength(before);
  });

  it("an unlinked user is told how to get linked", async () => {
    const { reply } = await ask("unlinked", "公司排名");
    expect(reply.card.header.title.en).toMatch(/link/i);
    expect(allText(reply.card, "zh-CN")).not.toContain("华东销售组");
  });
});

describe("any team's leaderboard", () => {
  it("HR asking 'team' with no team named picks one from a list; the button opens that team's full board in place", async () => {
    const picker = await ask("hr", "team");
    const intents = intentsOf(picker.reply.card);
    expect(intents).toEqual(
      expect.arrayContaining([
        { kind: "leaderboard", period: "2026-10", team: "T-EAST" },
        { kind: "leaderboard", period: "2026-10", team: "T-NORTH" },
      ]),
    );
    const north = buttonsOf(picker.reply.card).find(
      (b) => b.intent.kind === "leaderboard" && b.label.en === "华北销售组",
    )!;
    const pressed = await press("hr", serializeIntent(north.intent));
    expect(pressed.verb).toBe("update");
    expect(pressed.reply.card.header.title.en).toContain("华北销售组");
    // HR sees the full detail (completion, trend, pace), like the team's own manager.
    expect(allText(pressed.reply.card)).toContain("Headline metric");
    expect(allText(pressed.reply.card)).toContain("陈晨");
    const audit = await auditRows("view.leaderboard");
    expect(audit.at(-1)).toMatchObject({ actor: "E-H1 (林芳)", entity_id: "T-NORTH", at: NOW });
  });

  it("HR's and admins' own 'how far from target?' has no team of theirs: they get the list too", async () => {
    for (const who of ["hr", "admin"] as const) {
      const { reply } = await ask(who, "kpi");
      expect(intentsOf(reply.card)).toContainEqual({ kind: "leaderboard", period: "2026-10", team: "T-EAST" });
    }
  });

  it("HR and admins name a team by name or id; an unknown name brings the list back with a notice", async () => {
    const byName = await ask("hr", "团队排名 华东销售组");
    expect(byName.reply.card.header.title["zh-CN"]).toContain("华东销售组");
    const byId = await ask("admin", "team T-NORTH");
    expect(byId.reply.card.header.title["zh-CN"]).toContain("华北销售组");
    expect(allText(byId.reply.card)).toContain("Headline metric");
    const unknown = await ask("hr", "team 西南组");
    expect(allText(unknown.reply.card)).toContain(TEXTS.noSuchTeam("西南组").en);
    expect(intentsOf(unknown.reply.card)).toContainEqual({ kind: "leaderboard", period: "2026-10", team: "T-NORTH" });
  });

  it("a manager sees their own team in full and is refused another team's, by name or by a forged button", async () => {
    const own = await ask("manager", "team 华东销售组");
    expect(allText(own.reply.card)).toContain("Headline metric");
    const other = await ask("manager", "team 华北销售组");
    expect(allText(other.reply.card)).toContain(TEXTS.cannotSeeTeam.en);
    expect(allText(other.reply.card, "zh-CN")).not.toContain("陈晨");
    const forged = await press("otherManager", JSON.stringify({ kind: "leaderboard", team: "T-EAST" }));
    expect(allText(forged.reply.card)).toContain(TEXTS.cannotSeeTeam.en);
    const mine = await ask("otherManager", "team");
    expect(mine.reply.card.header.title["zh-CN"]).toContain("华北销售组");
  });

  it("a salesperson sees their own team as names, scores and ranks only, and no other team", async () => {
    const own = await ask("sales", "team");
    expect(own.reply.card.header.title["zh-CN"]).toContain("华东销售组");
    expect(allText(own.reply.card)).not.toContain("Headline metric");
    expect(allText(own.reply.card)).not.toContain("At risk");
    const named = await ask("sales", "团队排名 华东销售组");
    expect(named.reply.card.header.title["zh-CN"]).toContain("华东销售组");
    expect(allText(named.reply.card)).not.toContain("Headline metric");
    const other = await ask("sales", "团队排名 华北销售组");
    expect(allText(other.reply.card)).toContain(TEXTS.cannotSeeTeam.en);
  });

  it("managers' and salespeople's views of their own scope are not audited as company views", async () => {
    const before = (await auditRows("view.leaderboard")).length;
    await ask("manager", "team");
    await ask("sales", "team");
    expect(await auditRows("view.leaderboard")).toHaveLength(before);
  });
});

describe("anyone's progress card", () => {
  it("HR asks 'progress 王磊' and '王磊的进度': his card, audited per view", async () => {
    const before = (await auditRows("view.progress")).length;
    for (const text of ["progress 王磊", "王磊的进度"]) {
      const { reply } = await ask("hr", text);
      expect(allText(reply.card, "zh-CN")).toContain("王磊");
      expect(reply.card.header.title.en).not.toMatch(/can't|No one/);
    }
    const rows = await auditRows("view.progress");
    expect(rows).toHaveLength(before + 2);
    expect(rows.at(-1)).toMatchObject({ actor: "E-H1 (林芳)", entity_id: "E-A", at: NOW });
  });

  it("HR's drill-downs from that card (details, unpaid) are audited as views too", async () => {
    const details = await press("hr", JSON.stringify({ kind: "details", subject: "E-A", metric: "collected_revenue" }));
    expect(allText(details.reply.card, "zh-CN")).toContain("王磊");
    expect((await auditRows("view.details")).at(-1)).toMatchObject({ actor: "E-H1 (林芳)", entity_id: "E-A", at: NOW });
    await press("hr", JSON.stringify({ kind: "unpaid", subject: "E-A" }));
    expect((await auditRows("view.unpaid")).at(-1)).toMatchObject({ actor: "E-H1 (林芳)", entity_id: "E-A", at: NOW });
  });

  it("an admin sees the other team's rep; that rep's own manager too, another manager and a colleague do not", async () => {
    const admin = await ask("admin", "progress 陈晨");
    expect(allText(admin.reply.card, "zh-CN")).toContain("陈晨");
    const ownManager = await ask("otherManager", "陈晨的进度");
    expect(allText(ownManager.reply.card, "zh-CN")).toContain("陈晨");
    const otherManager = await ask("manager", "progress 陈晨");
    expect(allText(otherManager.reply.card)).toContain(TEXTS.noSuchPerson("陈晨").en);
    const colleague = await ask("sales", "李静的进度");
    expect(allText(colleague.reply.card)).toContain(TEXTS.noSuchPerson("李静").en);
  });
});

describe("ticking onboarding checklist items from the onboarding card", () => {
  const tickOf = (card: Card, employee: string) =>
    buttonsOf(card).filter((b) => {
      const i = b.intent;
      return i.kind === "checklist_tick" && i.employee === employee;
    });
  const progressOf = async (employee: string, item: string) =>
    (
      await database.pool.query<{ completed_at: Date | null }>(
        `SELECT p.completed_at FROM onboarding_progress p JOIN employees e ON e.id = p.employee_id
           JOIN onboarding_template_items i ON i.id = p.item_id WHERE e.external_id = $1 AND i.key = $2`,
        [employee, item],
      )
    ).rows[0]?.completed_at ?? null;

  it("HR's onboarding card has a button per open item; pressing one ticks it (audited) and the card updates in place", async () => {
    const { reply } = await ask("hr", "onboarding");
    const buttons = tickOf(reply.card, "E-N");
    expect(buttons.length).toBeGreaterThan(0);
    const target = buttons[0]!.intent as Extract<Intent, { kind: "checklist_tick" }>;
    expect(await progressOf("E-N", target.item)).toBeNull();

    const pressed = await press("hr", serializeIntent(buttons[0]!.intent));
    expect(pressed.verb).toBe("update");
    expect(allText(pressed.reply.card, "zh-CN")).toContain("已将 赵新 的");
    expect(await progressOf("E-N", target.item)).toEqual(NOW);
    // The ticked item has no button any more.
    expect(tickOf(pressed.reply.card, "E-N").map((b) => b.intent)).not.toContainEqual(buttons[0]!.intent);
    const audit = await auditRows("onboarding.item_done");
    expect(audit.at(-1)).toMatchObject({ actor: "E-H1 (林芳)", at: NOW });
    expect(audit.at(-1)!.entity_id).toBe(`E-N:${target.template}/${target.item}`);

    // Pressing the same (now stale) button again changes nothing and says so.
    const again = await press("hr", serializeIntent(buttons[0]!.intent));
    expect(allText(again.reply.card)).toContain("nothing changed");
    expect(await auditRows("onboarding.item_done")).toHaveLength(audit.length);
    // The result comes with an Undo button: the same item back to not done, audited as well.
    const undo = buttonsOf(pressed.reply.card).find((b) => b.actionId === "tick_undo")!;
    expect(undo.intent).toEqual({ ...target, done: false });
    const undone = await press("hr", serializeIntent(undo.intent));
    expect(allText(undone.reply.card)).toContain("not done");
    expect(await progressOf("E-N", target.item)).toBeNull();
    expect((await auditRows("onboarding.item_undone")).at(-1)).toMatchObject({ actor: "E-H1 (林芳)" });
  });

  it("the new hire's manager can tick too; another team's manager is refused (typed, bilingual) and nothing changes", async () => {
    const { reply } = await ask("manager", "入职进度");
    const buttons = tickOf(reply.card, "E-N");
    expect(buttons.length).toBeGreaterThan(1);
    const first = buttons[0]!.intent as Extract<Intent, { kind: "checklist_tick" }>;
    const second = buttons[1]!.intent as Extract<Intent, { kind: "checklist_tick" }>;

    const forged = await press("otherManager", serializeIntent(buttons[1]!.intent));
    expect(allText(forged.reply.card)).toContain("can tick items of their onboarding checklist");
    expect(allText(forged.reply.card, "zh-CN")).toContain("无此权限");
    expect(await progressOf("E-N", second.item)).toBeNull();

    const ticked = await press("manager", serializeIntent(buttons[0]!.intent));
    expect(allText(ticked.reply.card)).toContain("Marked");
    expect(await progressOf("E-N", first.item)).toEqual(NOW);
    expect((await auditRows("onboarding.item_done")).at(-1)).toMatchObject({ actor: "E-M1 (周敏)" });
  });

  it("the other team's manager sees no buttons for hires who are not theirs; a salesperson cannot press at all", async () => {
    const { reply } = await ask("otherManager", "onboarding");
    expect(tickOf(reply.card, "E-N")).toEqual([]);
    const rep = await press(
      "sales",
      JSON.stringify({ kind: "checklist_tick", employee: "E-C", item: "crm", template: "sales-new-hire" }),
    );
    expect(allText(rep.reply.card)).toContain(TEXTS.recruitmentForHr.en);
    expect(await progressOf("E-C", "crm")).toBeNull();
  });
});
