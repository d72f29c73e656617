// `pacer config`: settings are validated by the schema of the module that reads them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";
import { pacer } from "../helpers/cli.ts";

let fresh: FreshDatabase;
let env: Record<string, string>;
beforeAll(async () => {
  fresh = await freshDatabase();
  env = { DATABASE_URL: fresh.url };
});
afterAll(async () => {
  await fresh.drop();
});

describe("pacer config", () => {
  it("stores a valid value, shows it, and removes it", async () => {
    expect(
      (await pacer(["config", "set", "schedule.daily", '{"time": "08:30", "teams": {"T-EAST": "09:15"}}'], env)).stdout,
    ).toBe('schedule.daily = {"time":"08:30","teams":{"T-EAST":"09:15"}}\n');
    expect(JSON.parse((await pacer(["config", "get", "schedule.daily"], env)).stdout)).toEqual({
      time: "08:30",
      teams: { "T-EAST": "09:15" },
    });
    expect((await pacer(["config", "list"], env)).stdout).toMatch(/schedule\.daily\s+\{"time":"08:30"/);
    expect((await pacer(["config", "unset", "schedule.daily"], env)).stdout).toBe(
      "schedule.daily removed (default from now on)\n",
    );
    expect((await pacer(["config", "get", "schedule.daily"], env)).stdout).toBe("(default)\n");
  });

  it("refuses unknown keys, malformed JSON and invalid values, writing nothing", async () => {
    const unknown = await pacer(["config", "set", "schedule.dialy", "{}"], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/unknown setting "schedule.dialy"; known: .*schedule\.daily/);
    const json = await pacer(["config", "set", "leaderboard.topN", "five"], env);
    expect(json.stderr).toMatch(/the value must be JSON/);
    const invalid = await pacer(["config", "set", "onboarding.trainingThreshold", "0.8"], env);
    expect(invalid.stderr).toMatch(/percentage from 0 to 100/);
    expect((await pacer(["config", "get", "onboarding.trainingThreshold"], env)).stdout).toBe("(default)\n");
  });
});
