// The organization's own calendar, loaded from a file, changes what the engine counts as working days.
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";
import { FIXTURES_DIR } from "../helpers/fixtures.ts";
import { pacer } from "../helpers/cli.ts";

let fresh: FreshDatabase;
let env: Record<string, string>;
beforeAll(async () => {
  fresh = await freshDatabase();
  env = { DATABASE_URL: fresh.url };
  expect(
    (await pacer(["import-scenario", path.join(FIXTURES_DIR, "golden-east-2026-10.scenario.json")], env)).code,
  ).toBe(0);
});
afterAll(async () => {
  await fresh.drop();
});

async function tempJson(name: string, value: unknown): Promise<string> {
  const file = path.join(tmpdir(), `${process.pid}-${name}`);
  await writeFile(file, JSON.stringify(value));
  return file;
}

describe("pacer calendar", () => {
  it("shows China's official October 2026 by default: National Day off, Saturday the 10th worked", async () => {
    const out = await pacer(["calendar", "show", "2026-10"], env);
    expect(out.stdout).toMatch(/^2026-10: 18 working days \(calendar: cn-official\)/);
    expect(out.stdout).toMatch(/2026-10-10 {2}adjusted_workday/);
  });

  it("layers a loaded file over the official calendar, and progress counts it", async () => {
    const file = await tempJson("cal.json", { holidays: [{ date: "2026-10-30", name: "团建日", nameEn: "Team day" }] });
    const loaded = await pacer(["calendar", "load", file], env);
    expect(loaded.stdout).toBe("calendar: 1 created, 0 updated, 0 unchanged (1 holidays, 0 workdays)\n");
    expect((await pacer(["calendar", "show", "2026-10"], env)).stdout).toMatch(/^2026-10: 17 working days/);
    const progress = await pacer(["progress", "E-A", "--as-of", "2026-10-16T10:00:00+08:00", "--json"], env);
    expect(JSON.parse(progress.stdout).workingDays.total).toBe(17);
  });

  it("with --source none only Mon–Fri count", async () => {
    const file = await tempJson("empty.json", { holidays: [] });
    await pacer(["calendar", "load", file, "--source", "none"], env);
    expect((await pacer(["calendar", "show", "2026-10"], env)).stdout).toMatch(
      /^2026-10: 22 working days \(calendar: none\)/,
    );
  });

  it("rejects a bad file with the reason, and changes nothing", async () => {
    const file = await tempJson("bad.json", { holidays: [{ date: "2026-02-30", name: "x" }] });
    const out = await pacer(["calendar", "load", file], env);
    expect(out.code).toBe(1);
    expect(out.stderr).toBe("error: holidays.0.date: expected a calendar date YYYY-MM-DD\n");
    expect((await pacer(["calendar", "show", "2026-10"], env)).stdout).toMatch(/^2026-10: 22 working days/);
  });
});
