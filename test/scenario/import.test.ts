// Scenario bundles: dependency order, idempotence, atomicity and precise errors.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/client.ts";
import { exportScenario } from "../../src/scenario/export.ts";
import { importScenario, ScenarioImportError } from "../../src/scenario/import.ts";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";
import { readFixture } from "../helpers/fixtures.ts";

const golden = () => readFixture("golden-east-2026-10.scenario.json");

let fresh: FreshDatabase;
let database: Database;

beforeEach(async () => {
  fresh = await freshDatabase();
  database = openDatabase(fresh.url, { max: 3 });
});
afterEach(async () => {
  await database.close();
  await fresh.drop();
});

/** Every business table's rows, as text, to prove a failed import changed nothing. */
async function snapshot(): Promise<string> {
  const tables = [
    "organization",
    "teams",
    "employees",
    "customers",
    "orders",
    "payments",
    "leads",
    "ratings",
    "kpi_plans",
    "kpi_plan_items",
    "targets",
    "team_goals",
  ];
  const parts: string[] = [];
  for (const t of tables) {
    const res = await database.pool.query(`SELECT * FROM ${t} ORDER BY id`);
    parts.push(`${t}:${JSON.stringify(res.rows)}`);
  }
  return parts.join("\n");
}

async function importError(bundle: unknown, options = {}): Promise<ScenarioImportError> {
  const error = await importScenario(database.pool, bundle, options).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ScenarioImportError);
  return error as ScenarioImportError;
}

describe("import-scenario", () => {
  it("creates every row of the golden scenario in dependency order", async () => {
    const result = await importScenario(database.pool, golden());
    expect(result.sections.orders).toEqual({ created: 12, updated: 0, unchanged: 0 });
    expect(result.sections.teams).toEqual({ created: 1, updated: 0, unchanged: 0 });
    expect(result.total).toEqual({ created: 66, updated: 0, unchanged: 0 });
    const team = await fresh.db.team.findUniqueOrThrow({ where: { externalId: "T-EAST" }, include: { manager: true } });
    expect(team.manager?.externalId).toBe("E-M1");
  });

  it("is idempotent: a second import creates and updates nothing", async () => {
    await importScenario(database.pool, golden());
    const before = await snapshot();
    const again = await importScenario(database.pool, golden());
    expect(again.total).toEqual({ created: 0, updated: 0, unchanged: 66 });
    expect(await snapshot()).toBe(before);
  });

  it("compares values, not spellings: 40000 = 40000.00 and the same instant in another offset", async () => {
    await importScenario(database.pool, golden());
    const bundle = golden();
    bundle.orders[0].revenue = "20000";
    bundle.orders[0].bookedAt = "2026-09-10T10:00:00+08:00";
    bundle.targets[0].value = "40000.00";
    const again = await importScenario(database.pool, bundle);
    expect(again.total.updated).toBe(0);
  });

  it("counts a changed row as updated and writes the new value", async () => {
    await importScenario(database.pool, golden());
    const bundle = golden();
    bundle.orders[1].revenue = "31000.50";
    bundle.plans[0].items[0].weight = 35;
    bundle.plans[0].items[1].weight = 30;
    const again = await importScenario(database.pool, bundle);
    expect(again.sections.orders).toEqual({ created: 0, updated: 1, unchanged: 11 });
    expect(again.sections.plans).toEqual({ created: 0, updated: 1, unchanged: 1 });
    const order = await fresh.db.order.findUniqueOrThrow({ where: { externalId: "O2" } });
    expect(order.revenue.toFixed(2)).toBe("31000.50");
  });

  it("rejects a payment on an unknown order, naming the row and field, and writes nothing", async () => {
    const bundle = golden();
    bundle.payments[3].orderExternalId = "O-NOPE";
    const before = await snapshot();
    const error = await importError(bundle);
    expect(error.errors).toEqual([
      {
        entity: "payments",
        index: 3,
        externalId: "P4",
        field: "orderExternalId",
        message: 'unknown order "O-NOPE" (not in this batch nor in the database)',
      },
    ]);
    expect(error.message).toContain("payments[3] (P4) orderExternalId: unknown order");
    expect(await snapshot()).toBe(before);
  });

  it("reports every problem at once: bad decimal, date without offset, unknown field, duplicate id", async () => {
    const bundle = golden();
    bundle.orders[0].revenue = "12.345";
    bundle.orders[1].bookedAt = "2026-10-05 11:00";
    bundle.customers[0].segment = "vip";
    bundle.payments.push({ ...bundle.payments[0] });
    bundle.leads[0].status = "won";
    const error = await importError(bundle);
    const brief = error.errors.map((e) => `${e.entity}[${e.index}] ${e.field}`);
    expect(brief).toEqual(
      expect.arrayContaining([
        "orders[0] revenue",
        "orders[1] bookedAt",
        "customers[0] segment",
        "payments[10] externalId",
        "leads[0] status",
      ]),
    );
    expect(error.errors.find((e) => e.field === "revenue")?.message).toBe(
      'must have at most 2 decimal places, got "12.345"',
    );
    expect(error.errors.find((e) => e.entity === "payments")?.message).toBe(
      'duplicate payment "P1" in this batch (first at index 0)',
    );
    expect(await fresh.db.order.count()).toBe(0);
  });

  it("rejects a plan whose weights do not sum to 100 and a lower-is-better target of 0", async () => {
    const bundle = golden();
    bundle.plans[1].items[0].weight = 45;
    bundle.targets[11].value = "0";
    const error = await importError(bundle);
    expect(error.errors.map((e) => `${e.entity}[${e.index}]`)).toEqual(["plans[1]", "targets[11]"]);
    expect(error.errors[0]!.message).toMatch(/105/);
    expect(error.errors[1]!.message).toMatch(/collection_days/);
  });

  it("refuses another organization's bundle unless --replace", async () => {
    await importScenario(database.pool, golden());
    const other = readFixture("generated-s1.scenario.json");
    const error = await importError(other);
    expect(error.errors[0]).toMatchObject({ entity: "organization", field: "name" });
    expect(await fresh.db.order.count()).toBe(12);

    const replaced = await importScenario(database.pool, other, { replace: true });
    expect(replaced.sections.orders!.created).toBe(other.orders.length);
    expect(await fresh.db.order.count()).toBe(other.orders.length);
    expect(await fresh.db.employee.count({ where: { externalId: "E-A" } })).toBe(0);
  });

  it("accepts branches (parent teams) in any order, and refuses a cycle of parents", async () => {
    const bundle = golden();
    bundle.teams.push({ externalId: "T-SUB", name: "华东二组", parentExternalId: "T-EAST" });
    bundle.teams.unshift({ externalId: "B-EAST", name: "华东分公司" });
    bundle.teams.find((t: { externalId: string }) => t.externalId === "T-EAST").parentExternalId = "B-EAST";
    await importScenario(database.pool, bundle);
    const sub = await fresh.db.team.findUniqueOrThrow({
      where: { externalId: "T-SUB" },
      include: { parent: { include: { parent: true } } },
    });
    expect(sub.parent?.parent?.externalId).toBe("B-EAST");

    bundle.teams.find((t: { externalId: string }) => t.externalId === "B-EAST").parentExternalId = "T-SUB";
    const error = await importError(bundle);
    expect(error.errors[0]).toMatchObject({ entity: "teams", field: "parentExternalId" });
    expect(error.errors[0]!.message).toMatch(/cycle of parent teams/);
  });

  it("rejects an unknown section and a non-object bundle", async () => {
    const bundle = { ...golden(), invoices: [] };
    expect((await importError(bundle)).errors[0]).toMatchObject({ entity: "invoices", message: "unknown section" });
    await importError([1, 2, 3]);
  });
});

describe("export-scenario", () => {
  it("import → export → import is a no-op, and the export equals the fixture's content", async () => {
    await importScenario(database.pool, golden());
    const exported = await exportScenario(database.pool);
    const again = await importScenario(database.pool, exported);
    expect(again.total.created + again.total.updated).toBe(0);
    expect(await exportScenario(database.pool)).toStrictEqual(exported);

    // Same rows as the source, field for field (the export may add defaults such as status).
    const source = golden();
    const byId = (rows: { externalId: string }[]) => [...rows].sort((a, b) => (a.externalId < b.externalId ? -1 : 1));
    expect(exported.orders).toStrictEqual(byId(source.orders));
    expect(exported.payments).toStrictEqual(byId(source.payments));
    expect(exported.teamGoals).toStrictEqual(source.teamGoals);
    expect((exported.employees as { externalId: string }[]).map((e) => e.externalId)).toEqual(
      source.employees.map((e: { externalId: string }) => e.externalId).sort(),
    );
  });
});
