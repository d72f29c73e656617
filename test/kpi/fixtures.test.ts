// The fixtures are the KPI rules' worked examples: importing each scenario and closing its month
// through the CLI must print exactly the expected document.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";
import { expectedResults, FIXTURES_DIR, readFixture } from "../helpers/fixtures.ts";
import { pacer } from "../helpers/cli.ts";
import path from "node:path";

const cases = expectedResults();

describe.each(cases)("fixture $expected", ({ scenario, expected, period }) => {
  let fresh: FreshDatabase;
  beforeAll(async () => {
    fresh = await freshDatabase();
  });
  afterAll(async () => {
    await fresh.drop();
  });

  it(`close-month ${period} --json reproduces it exactly`, async () => {
    const env = { DATABASE_URL: fresh.url };
    const imported = await pacer(["import-scenario", path.join(FIXTURES_DIR, scenario)], env);
    expect(imported.stderr).toBe("");
    expect(imported.code).toBe(0);

    const closed = await pacer(["close-month", period, "--json"], env);
    expect(closed.code).toBe(0);
    expect(JSON.parse(closed.stdout)).toStrictEqual(readFixture(expected));
  });

  it("closing again returns the same snapshot (idempotent)", async () => {
    const again = await pacer(["close-month", period, "--json"], { DATABASE_URL: fresh.url });
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toStrictEqual(readFixture(expected));
    const versions = await fresh.db.monthClose.findMany({ where: { period }, select: { version: true } });
    expect(versions).toEqual([{ version: 1 }]);
  });
});

it("there is at least one fixture to check", () => {
  expect(cases.length).toBeGreaterThanOrEqual(2);
});
