// What one chat answer costs the database: the statements "我的进度" (a salesperson's progress),
// "团队排名" (a manager's leaderboard) and "details" (the rows behind the numbers) send, counted on
// the pool's connections, in a company of 10 salespeople and in one of 500. The count is small and the same at both sizes: nothing on the
// answer path takes a round trip per person, team or row.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { converse, type ConversationDeps } from "../../src/chat/conversation.ts";
import { storeLink } from "../../src/chat/identity.ts";
import { openDatabase, type Database } from "../../src/db/client.ts";
import { DemoWorld } from "../../src/demo/world.ts";
import { loadDemoData } from "../../src/store/demo-load.ts";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";
import { message, recordingAdapter } from "./recording-adapter.ts";

const NOW = new Date("2026-10-20T04:00:00Z");
/**
 * Statements an answer may send, once warm. Progress: the metric aggregates (with the data
 * freshness) — nothing else. The leaderboard: the aggregates now and a week ago (rank movement;
 * the two run at once on two connections). The drill-down ("details"): the rows behind the numbers,
 * in one statement. Everything else an answer reads — the chat link, the
 * viewer, the team, its people, their targets and goals, plans, calendar, the recommended course —
 * comes from the configuration cache, as in the bot and the worker (src/db/config-cache.ts).
 */
const MOST = { progress: 1, leaderboard: 2, details: 1 };

interface Company {
  fresh: FreshDatabase;
  database: Database;
  deps: ConversationDeps;
  /** Statements sent on the pool's connections since the last reset. */
  statements: string[];
  rep: string;
  manager: string;
}

async function company(reps: number): Promise<Company> {
  const fresh = await freshDatabase();
  await loadDemoData(new DemoWorld({ reps, months: 2, seed: `round-trips-${reps}`, now: NOW }), {
    databaseUrl: fresh.url,
  });
  const database = openDatabase(fresh.url, { max: 2, configCache: true });
  await database.configCache!.start();
  expect(database.configCache!.active).toBe(true);
  const statements: string[] = [];
  // Every statement goes through a client's query(), the pool's own included.
  database.pool.on("connect", (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const first = args[0] as string | { text?: string };
      statements.push(typeof first === "string" ? first : (first.text ?? "(copy)"));
      return query(...args);
    };
  });
  const { rows } = await database.pool.query<{ rep: number; manager: number }>(
    `SELECT e.id AS rep, t.manager_id AS manager FROM employees e JOIN teams t ON t.id = e.team_id
      WHERE e.role = 'sales' AND e.status = 'active' AND e.plan_id IS NOT NULL AND t.manager_id IS NOT NULL
      ORDER BY e.external_id LIMIT 1`,
  );
  const rep = `UREP${reps}`;
  const manager = `UMGR${reps}`;
  await storeLink(database.pool, { platform: "slack", workspaceId: "W1", userId: rep }, rows[0]!.rep, "admin");
  await storeLink(database.pool, { platform: "slack", workspaceId: "W1", userId: manager }, rows[0]!.manager, "admin");
  return { fresh, database, deps: { pool: database.pool, now: () => NOW }, statements, rep, manager };
}

/** The statements of the second of two identical questions (the first warms what may be kept). */
async function statementsFor(c: Company, userId: string, text: string): Promise<string[]> {
  const adapter = recordingAdapter();
  const first = await converse(c.deps, adapter, message(userId, text));
  expect(first.status).toBe("answered");
  c.statements.length = 0;
  const outcome = await converse(c.deps, adapter, message(userId, text));
  expect(outcome).toMatchObject({ status: "answered", delivery: "post" });
  if (outcome.status === "answered") expect(outcome.reply.card.header.title.en).not.toMatch(/went wrong|isn't linked/i);
  return [...c.statements];
}

let small: Company;
let large: Company;

beforeAll(async () => {
  [small, large] = await Promise.all([company(10), company(500)]);
}, 120_000);
afterAll(async () => {
  for (const c of [small, large]) {
    await c.database.close();
    await c.fresh.drop();
  }
});

describe("statements per answer do not grow with the company", () => {
  it("我的进度: the same few statements for 10 and for 500 salespeople", async () => {
    const a = await statementsFor(small, small.rep, "我的进度");
    const b = await statementsFor(large, large.rep, "我的进度");
    expect(a.length).toBeLessThanOrEqual(MOST.progress);
    expect(b).toEqual(a);
  });

  it("details: the same few statements for 10 and for 500 salespeople", async () => {
    const a = await statementsFor(small, small.rep, "details");
    const b = await statementsFor(large, large.rep, "details");
    expect(a.length).toBeLessThanOrEqual(MOST.details);
    expect(b).toEqual(a);
  });

  it("团队排名: the same few statements for 10 and for 500 salespeople", async () => {
    const a = await statementsFor(small, small.manager, "团队排名");
    const b = await statementsFor(large, large.manager, "团队排名");
    expect(a.length).toBeLessThanOrEqual(MOST.leaderboard);
    expect(b).toEqual(a);
  });
});
