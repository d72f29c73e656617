// The configuration cache (src/db/config-cache.ts): a process keeps the organization, plans and
// calendar, a team's people, targets and goals, chat links and viewers, and drops them when any other process — here a second pool, as the CLI or psql would
// be — commits a change, because the tables' triggers NOTIFY it. A rolled-back change tells no one.
// While its listening connection is down the cache serves nothing kept; it comes back by itself.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openDatabase, type Database } from "../../src/db/client.ts";
import { ingestBatch } from "../../src/ingest/batch.ts";
import { importScenario } from "../../src/scenario/import.ts";
import { findChatLink, loadViewerRow, storeChatLink } from "../../src/store/identity.ts";
import { loadOrganization, loadPeriodInputs } from "../../src/store/kpi-inputs.ts";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";
import { readFixture } from "../helpers/fixtures.ts";

let fresh: FreshDatabase;
/** The process with the cache (the bot). */
let bot: Database;
/** Another process writing (the CLI, an admin's psql). */
let other: pg.Pool;

beforeAll(async () => {
  fresh = await freshDatabase();
  other = new pg.Pool({ connectionString: fresh.url, max: 2 });
  await importScenario(other, readFixture("golden-east-2026-10.scenario.json"));
  bot = openDatabase(fresh.url, { max: 2, configCache: { retryMs: 50 } });
  await bot.configCache!.start();
});
afterAll(async () => {
  await bot.close();
  await other.end();
  await fresh.drop();
});

/** Counts the statements the bot's pool sends while `work` runs. */
async function statementsDuring(work: () => Promise<unknown>): Promise<number> {
  const spy = vi.spyOn(bot.pool, "query");
  try {
    await work();
    return spy.mock.calls.length;
  } finally {
    spy.mockRestore();
  }
}

const setZone = (sql: pg.Pool | pg.PoolClient, zone: string) =>
  sql.query(`UPDATE organization SET timezone = $1 WHERE id = 1`, [zone]);

describe("the organization is read once and kept", () => {
  it("a second read sends no statement", async () => {
    await loadOrganization(bot.pool);
    expect(await statementsDuring(() => loadOrganization(bot.pool))).toBe(0);
  });
});

describe("a change committed by another process reaches the cache", () => {
  it("a new time zone: the next read after the notification has it", async () => {
    expect((await loadOrganization(bot.pool)).timezone).toBe("Asia/Shanghai");
    const before = bot.configCache!.invalidations;
    await setZone(other, "Asia/Tokyo");
    await vi.waitFor(() => expect(bot.configCache!.invalidations).toBeGreaterThan(before));
    expect((await loadOrganization(bot.pool)).timezone).toBe("Asia/Tokyo");
    await setZone(other, "Asia/Shanghai");
    await vi.waitFor(async () => expect((await loadOrganization(bot.pool)).timezone).toBe("Asia/Shanghai"));
  });

  it("a rolled-back change tells no one, and the kept value stays", async () => {
    await loadOrganization(bot.pool);
    const client = await other.connect();
    try {
      await client.query("BEGIN");
      await setZone(client, "Europe/Paris");
      await client.query("ROLLBACK");
    } finally {
      client.release();
    }
    // A committed change made after the rollback is a marker: once it is heard, the rollback was too.
    const before = bot.configCache!.invalidations;
    await other.query(`UPDATE calendar_days SET name = name WHERE false`);
    await vi.waitFor(() => expect(bot.configCache!.invalidations).toBe(before + 1));
    expect((await loadOrganization(bot.pool)).timezone).toBe("Asia/Shanghai");
  });

  it("a plan changed by another process is the plan the next period inputs score with", async () => {
    const read = () =>
      loadPeriodInputs(bot.pool, { period: "2026-10", periodStart: "2026-10-01", calendarSource: "cn" });
    const cap = async () => (await read()).plans.get("veteran")!.cap.toString();
    const stored = await cap();
    await other.query(`UPDATE kpi_plans SET cap = cap + 0.5 WHERE key = 'veteran'`);
    await vi.waitFor(async () => expect(await cap()).not.toBe(stored));
    await other.query(`UPDATE kpi_plans SET cap = cap - 0.5 WHERE key = 'veteran'`);
    await vi.waitFor(async () => expect(await cap()).toBe(stored));
  });
});

describe("this process's own writes are read at once", () => {
  it("a plan ingested through this pool is read back without waiting for the notification", async () => {
    await loadPeriodInputs(bot.pool, { period: "2026-10", periodStart: "2026-10-01" });
    await ingestBatch(bot.pool, "plans", [
      { key: "own-plan", name: "Own", cap: "1.2", floor: "0", items: [{ metric: "booked_revenue", weight: "100" }] },
    ]);
    const inputs = await loadPeriodInputs(bot.pool, { period: "2026-10", periodStart: "2026-10-01" });
    expect(inputs.plans.get("own-plan")?.cap.toString()).toBe("1.2");
  });
});

describe("what every answer reads about its people is kept too, and dropped on a change", () => {
  const teamInputs = async () => {
    const { rows } = await other.query<{ id: number }>(`SELECT id FROM teams WHERE external_id = 'T-EAST'`);
    return loadPeriodInputs(bot.pool, { period: "2026-10", periodStart: "2026-10-01", teamIds: [rows[0]!.id] });
  };
  const someone = async () =>
    (await other.query<{ id: number }>(`SELECT id FROM employees WHERE role = 'sales' ORDER BY external_id LIMIT 1`))
      .rows[0]!.id;

  it("a team's people, targets and goals: the second read of the team sends no statement", async () => {
    const first = await teamInputs();
    expect(first.people.length).toBeGreaterThan(0);
    expect(first.goals.length).toBeGreaterThan(0);
    const teamId = first.people[0]!.teamId!;
    expect(
      await statementsDuring(() =>
        loadPeriodInputs(bot.pool, { period: "2026-10", periodStart: "2026-10-01", teamIds: [teamId] }),
      ),
    ).toBe(0);
  });

  it("a target changed by another process is the target the next read has, with who wrote it", async () => {
    const id = await someone();
    const before = (await teamInputs()).targets.get(id)!;
    const [metric, value] = Object.entries(before)[0]!;
    await other.query(
      `UPDATE targets SET value = value + 1, updated_at = now() WHERE employee_id = $1 AND period = '2026-10' AND metric = $2::"Metric"`,
      [id, metric],
    );
    await vi.waitFor(async () => expect((await teamInputs()).targets.get(id)![metric as never]).not.toBe(value));
    expect((await teamInputs()).targetSources.get(id)).toMatchObject({ via: "ingest", by: null });
    await other.query(
      `UPDATE targets SET value = value - 1 WHERE employee_id = $1 AND period = '2026-10' AND metric = $2::"Metric"`,
      [id, metric],
    );
    await vi.waitFor(async () => expect((await teamInputs()).targets.get(id)![metric as never]).toBe(value));
  });

  it("someone moved out of the team by another process is no longer among its people", async () => {
    const id = await someone();
    expect((await teamInputs()).people.map((p) => p.id)).toContain(id);
    const { rows } = await other.query<{ team_id: number }>(`SELECT team_id FROM employees WHERE id = $1`, [id]);
    await other.query(`UPDATE employees SET team_id = NULL WHERE id = $1`, [id]);
    await vi.waitFor(async () => expect((await teamInputs()).people.map((p) => p.id)).not.toContain(id));
    await other.query(`UPDATE employees SET team_id = $2 WHERE id = $1`, [id, rows[0]!.team_id]);
    await vi.waitFor(async () => expect((await teamInputs()).people.map((p) => p.id)).toContain(id));
  });

  it("a chat link: kept (unlinked too), read at once after this process links, dropped when another unlinks", async () => {
    const account = { platform: "slack" as const, workspaceId: "W1", userId: "UCACHE" };
    expect(await findChatLink(bot.pool, account)).toBeNull();
    expect(await statementsDuring(() => findChatLink(bot.pool, account))).toBe(0);
    const id = await someone();
    await storeChatLink(bot.pool, account, id, "test");
    expect(await findChatLink(bot.pool, account)).toMatchObject({ employeeId: id });
    await other.query(`DELETE FROM chat_identities WHERE user_id = 'UCACHE'`);
    await vi.waitFor(async () => expect(await findChatLink(bot.pool, account)).toBeNull());
  });

  it("a viewer record: kept, and a new role set by another process is the next read's", async () => {
    const id = await someone();
    expect((await loadViewerRow(bot.pool, id))?.role).toBe("sales");
    expect(await statementsDuring(() => loadViewerRow(bot.pool, id))).toBe(0);
    await other.query(`UPDATE employees SET role = 'manager' WHERE id = $1`, [id]);
    await vi.waitFor(async () => expect((await loadViewerRow(bot.pool, id))?.role).toBe("manager"));
    await other.query(`UPDATE employees SET role = 'sales' WHERE id = $1`, [id]);
    await vi.waitFor(async () => expect((await loadViewerRow(bot.pool, id))?.role).toBe("sales"));
  });
});

describe("without its listener the cache keeps nothing", () => {
  it("the listener's connection is killed: reads go to Postgres until it listens again", async () => {
    await loadOrganization(bot.pool);
    await other.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'pacer config cache' AND datname = current_database()`,
    );
    await vi.waitFor(() => expect(bot.configCache!.active).toBe(false));
    // Changed while nobody listens: still read right, since nothing kept is served.
    await setZone(other, "Asia/Tokyo");
    expect((await loadOrganization(bot.pool)).timezone).toBe("Asia/Tokyo");
    await vi.waitFor(() => expect(bot.configCache!.active).toBe(true), { timeout: 5000 });
    await setZone(other, "Asia/Shanghai");
    await vi.waitFor(async () => expect((await loadOrganization(bot.pool)).timezone).toBe("Asia/Shanghai"));
    await loadOrganization(bot.pool);
    expect(await statementsDuring(() => loadOrganization(bot.pool))).toBe(0);
  });
});
