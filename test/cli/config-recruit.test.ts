// `pacer config` knows the stalled-pipeline thresholds and the remind webhook, and validates them
// with the schemas of the modules that read them (src/recruit/stalled.ts, src/outbound/remind.ts).
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

describe("pacer config for recruitment", () => {
  it("stores a stalled threshold and refuses a zero one", async () => {
    expect((await pacer(["config", "set", "stalled.unscreenedDays", "2"], env)).stdout).toBe(
      "stalled.unscreenedDays = 2\n",
    );
    const zero = await pacer(["config", "set", "stalled.interviewPassedDays", "0"], env);
    expect(zero.code).toBe(1);
    expect(zero.stderr).toMatch(/stalled\.interviewPassedDays: value must be at least 1 working day/);
  });

  it("stores the remind webhook and refuses one that is not http(s) or has a short secret", async () => {
    const bad = await pacer(
      ["config", "set", "remind.webhook", '{"url": "ftp://x.example.com", "secret": "short"}'],
      env,
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/url must be an http\(s\) URL; secret must be at least 16 characters/);
    expect(
      (await pacer(["config", "set", "remind.webhook", '{"url": "https://hooks.example.com/pacer"}'], env)).stdout,
    ).toBe('remind.webhook = {"url":"https://hooks.example.com/pacer"}\n');
  });
});
