// The golden scenario end to end through the card layer: the services compute from a real
// database, the builders and renderers show it — and the figures on the card are the ones
// recomputed here, independently, from the fixture's payments and targets.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/client.ts";
import { importScenario } from "../../src/scenario/import.ts";
import { explainMetric } from "../../src/services/explain.ts";
import { leaderboardFor } from "../../src/services/leaderboard.ts";
import { progressFor } from "../../src/services/progress.ts";
import { detailsCard, leaderboardCard, progressCard, renderText } from "../../cards/index.ts";
import { renderSlackMessage } from "../../src/slack/render.ts";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";
import { readFixture } from "../helpers/fixtures.ts";
import { allText } from "./fixtures.ts";

const scenario = readFixture("golden-east-2026-10.scenario.json");
const expected = readFixture("golden-east-2026-10.expected.json");

// The Slack issue's PACER_NOW, and the last instant of October in Shanghai.
const MID = new Date("2026-10-20T12:00:00+08:00");
const END = new Date("2026-10-31T23:59:59.999+08:00");
const OCTOBER_START = new Date("2026-10-01T00:00:00+08:00");

/** Σ of 王磊's payments in [October 1, before), in cents, straight from the fixture. */
function collectedCents(before: Date): number {
  const orders = new Set(
    scenario.orders
      .filter((o: { ownerExternalId: string }) => o.ownerExternalId === "E-A")
      .map((o: { externalId: string }) => o.externalId),
  );
  return scenario.payments
    .filter(
      (p: { orderExternalId: string; paidAt: string }) =>
        orders.has(p.orderExternalId) && new Date(p.paidAt) >= OCTOBER_START && new Date(p.paidAt) < before,
    )
    .reduce((sum: number, p: { amount: string }) => sum + Math.round(Number(p.amount) * 100), 0);
}
const yuan = (cents: number) =>
  `¥${(cents / 100).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const target = () =>
  scenario.targets.find(
    (t: { employeeExternalId: string; metric: string }) =>
      t.employeeExternalId === "E-A" && t.metric === "collected_revenue",
  ).value as string;

let fresh: FreshDatabase;
let database: Database;
beforeAll(async () => {
  fresh = await freshDatabase();
  database = openDatabase(fresh.url, { max: 3 });
  await importScenario(database.pool, scenario);
});
afterAll(async () => {
  await database.close();
  await fresh.drop();
});

describe("王磊's progress card from the golden scenario", () => {
  it("on 2026-10-20 12:00 shows what he has collected against his target, the gap and the pace", async () => {
    const p = await progressFor(database.pool, "E-A", MID);
    const card = progressCard(p, { viewer: "self", showButtons: true });
    const collected = collectedCents(MID);
    const targetCents = Math.round(Number(target()) * 100);
    expect(yuan(collected)).toBe("¥35,000.00");
    const zh = allText(card, "zh-CN");
    expect(zh).toContain(
      `${yuan(collected)} / ${yuan(targetCents)} · ${((collected / targetCents) * 100).toFixed(1)}%`,
    );
    expect(zh).toContain(`差距（回款）`);
    expect(zh).toContain(yuan(targetCents - collected));
    const perDay = Math.round((targetCents - collected) / p.workingDays.remaining);
    expect(zh).toContain(yuan(perDay));
    // The same figures reach Slack and the console.
    expect(JSON.stringify(renderSlackMessage(card, "zh-CN").blocks)).toContain(
      `${yuan(collected)} / ${yuan(targetCents)}`,
    );
    expect(renderText(card, "en").text).toContain(`${yuan(collected)} / ${yuan(targetCents)}`);
  });

  it("at the end of October shows the month-close figures: ¥45,000.00, the total and rank 2 of 3", async () => {
    const p = await progressFor(database.pool, "E-A", END);
    const card = progressCard(p, { viewer: "self", showButtons: true });
    const closed = expected.employees.find((e: { externalId: string }) => e.externalId === "E-A");
    expect(yuan(collectedCents(END))).toBe("¥45,000.00");
    expect(closed.metrics.collected_revenue).toBe("45000.00");
    const caption = allText(card, "zh-CN");
    expect(caption).toContain("¥45,000.00 / ¥40,000.00 · 112.5% · 45.00 分");
    expect(card.header.subtitle).toEqual({
      "zh-CN": `总分 ${closed.total} · 第${closed.teamRank}名 / 3`,
      en: `Total ${closed.total} · #${closed.teamRank} of 3`,
    });
    expect(closed.teamRank).toBe(2);
  });

  it("details list the payments that make up the collected figure", async () => {
    const p = await progressFor(database.pool, "E-A", MID);
    const explanation = await explainMetric(database.pool, {
      employeeId: p.employee.id,
      period: "2026-10",
      metric: "collected_revenue",
      asOf: MID,
    });
    const card = detailsCard(explanation, {
      timezone: p.timezone,
      currency: p.currency,
      employeeName: p.employee.name,
    });
    const en = allText(card, "en");
    expect(en).toContain("P1");
    expect(en).toContain("P4");
    expect(en).not.toContain("P2"); // paid at 14:00 on Oct 20, after the as-of instant
    expect(en).toContain("¥20,000.00");
    expect(en).toContain("¥15,000.00");
  });
});

describe("the golden team's leaderboard", () => {
  it("shows members names and scores only, managers who is behind", async () => {
    const team = await database.pool.query<{ id: number }>(`SELECT id FROM teams WHERE external_id = 'T-EAST'`);
    const board = await leaderboardFor(database.pool, team.rows[0]!.id, MID);
    const member = allText(leaderboardCard(board, { audience: "member", askerExternalId: "E-A" }), "zh-CN");
    for (const name of ["王磊", "张伟", "李静"]) expect(member).toContain(name);
    expect(member).not.toContain("落后");
    const manager = allText(leaderboardCard(board, { audience: "manager" }), "zh-CN");
    const behind = board.rows.filter((r) => r.atRisk).map((r) => r.name);
    expect(behind.length).toBeGreaterThan(0);
    expect(manager).toContain(`需关注（主指标进度落后）：${behind.join("、")}`);
  });
});
