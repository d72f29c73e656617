// Month close: immutable, versioned snapshots; idempotent re-runs; explicit re-close after late data.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/client.ts";
import { importScenario } from "../../src/scenario/import.ts";
import { checkCloseFits, CloseValueError, closeMonth, InvalidPeriodError } from "../../src/services/month-close.ts";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";
import { readFixture } from "../helpers/fixtures.ts";
import { pacer } from "../helpers/cli.ts";

let fresh: FreshDatabase;
let database: Database;
beforeAll(async () => {
  fresh = await freshDatabase();
  database = openDatabase(fresh.url, { max: 4 });
  await importScenario(database.pool, readFixture("golden-east-2026-10.scenario.json"));
});
afterAll(async () => {
  await database.close();
  await fresh.drop();
});

describe("closeMonth", () => {
  it("writes version 1 with one entry per scored salesperson, and an audit entry", async () => {
    const first = await closeMonth(database.pool, "2026-10", { actor: "test" });
    expect(first).toMatchObject({ status: "created", version: 1, stale: false });
    const entries = await fresh.db.monthCloseEntry.findMany({
      include: { employee: true },
      orderBy: { employee: { externalId: "asc" } },
    });
    expect(entries.map((e) => [e.employee.externalId, e.total.toFixed(2), e.teamRank])).toEqual([
      ["E-A", "107.83", 2],
      ["E-B", "97.83", 3],
      ["E-C", "109.00", 1],
    ]);
    const audit = await fresh.db.auditLog.findMany({ where: { action: "month.close" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.entityId).toBe("2026-10#1");
  });

  it("running it again returns the same snapshot and writes nothing", async () => {
    const again = await closeMonth(database.pool, "2026-10");
    expect(again).toMatchObject({ status: "unchanged", version: 1, stale: false });
    expect(await fresh.db.monthClose.count()).toBe(1);
  });

  it("two closes at once still make one version", async () => {
    const [a, b] = await Promise.all([closeMonth(database.pool, "2026-09"), closeMonth(database.pool, "2026-09")]);
    expect([a.status, b.status].sort()).toEqual(["created", "unchanged"]);
    expect(await fresh.db.monthClose.count({ where: { period: "2026-09" } })).toBe(1);
  });

  it("snapshots are immutable: the database refuses to change or delete them", async () => {
    await expect(database.pool.query(`UPDATE month_close_entries SET total = 0`)).rejects.toThrow(/immutable/i);
    await expect(database.pool.query(`DELETE FROM month_closes`)).rejects.toThrow(/immutable/i);
  });

  it("late data makes the snapshot stale; an explicit re-close writes version 2 and keeps version 1", async () => {
    const bundle = readFixture("golden-east-2026-10.scenario.json");
    bundle.payments.push({
      externalId: "P-LATE",
      orderExternalId: "O8",
      paidAt: "2026-10-30T05:00:00Z",
      amount: "6000.00",
    });
    await importScenario(database.pool, bundle);

    const stale = await closeMonth(database.pool, "2026-10");
    expect(stale).toMatchObject({ status: "unchanged", version: 1, stale: true });
    expect(stale.result.employees.find((e) => e.externalId === "E-B")!.metrics.collected_revenue).toBe("28500.00");

    const reclosed = await closeMonth(database.pool, "2026-10", {
      reclose: true,
      actor: "finance",
      reason: "late payment P-LATE",
    });
    expect(reclosed).toMatchObject({ status: "reclosed", version: 2, stale: false });
    expect(reclosed.result.employees.find((e) => e.externalId === "E-B")!.metrics.collected_revenue).toBe("34500.00");

    const versions = await fresh.db.monthClose.findMany({ where: { period: "2026-10" }, orderBy: { version: "asc" } });
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    const audit = await fresh.db.auditLog.findFirstOrThrow({ where: { action: "month.reclose" } });
    expect(audit).toMatchObject({ actor: "finance", entityId: "2026-10#2" });
    expect(audit.details).toMatchObject({ previousVersion: 1, reason: "late payment P-LATE" });
  });

  it("rejects a malformed period", async () => {
    await expect(closeMonth(database.pool, "2026-1")).rejects.toThrow(InvalidPeriodError);
    const cli = await pacer(["close-month", "Oct"], { DATABASE_URL: fresh.url });
    expect(cli.code).toBe(1);
    expect(cli.stderr).toBe('error: "Oct" is not a period: use YYYY-MM, e.g. 2026-10\n');
  });

  it("the CLI tells when the stored snapshot is stale", async () => {
    const bundle = readFixture("golden-east-2026-10.scenario.json");
    bundle.payments.push({
      externalId: "P-LATE2",
      orderExternalId: "O10",
      paidAt: "2026-10-30T05:00:00Z",
      amount: "1000.00",
    });
    await importScenario(database.pool, bundle);
    const cli = await pacer(["close-month", "2026-10"], { DATABASE_URL: fresh.url });
    expect(cli.code).toBe(0);
    expect(cli.stdout).toMatch(/^2026-10 was already closed: version 2/);
    expect(cli.stderr).toMatch(/data changed since 2026-10 version 2 was closed; run with --reclose/);
  });
});

describe("a close that cannot be stored", () => {
  const employee = (externalId: string, total: string) => ({
    externalId,
    teamExternalId: "T1",
    plan: "veteran",
    metrics: {} as never,
    points: {},
    base: "1.00",
    teamBonus: "0.00",
    total,
    teamRank: 1,
  });

  it("names the employee and the field whose value does not fit, before anything is written", () => {
    const result = {
      period: "2026-10",
      timezone: "Asia/Shanghai",
      teams: [],
      employees: [employee("E-OK", "99.50"), employee("E-BIG", "123456789.00")],
    };
    const error = (() => {
      try {
        checkCloseFits(result);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(CloseValueError);
    expect(error).toMatchObject({ employee: "E-BIG", field: "total", value: "123456789.00", period: "2026-10" });
    expect((error as Error).message).toContain("E-BIG");
  });

  it("lets every value the snapshot columns hold through", () => {
    expect(() =>
      checkCloseFits({
        period: "2026-10",
        timezone: "Asia/Shanghai",
        teams: [],
        employees: [employee("E-A", "99999999.99")],
      }),
    ).not.toThrow();
  });
});
