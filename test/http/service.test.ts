// `npm start` as a real process: refuses a bad configuration with every problem listed, serves,
// and exits cleanly on SIGTERM.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDatabase, type FreshDatabase } from "../helpers/db.ts";
import { REDIS_URL } from "../helpers/server.ts";

const root = path.resolve(import.meta.dirname, "../..");
const tsx = path.join(root, "node_modules/.bin/tsx");

let fresh: FreshDatabase;
beforeAll(async () => {
  fresh = await freshDatabase();
});
afterAll(async () => {
  await fresh.drop();
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function run(env: Record<string, string>) {
  const child = spawn(tsx, ["src/main.ts"], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

describe("the service process", () => {
  it("exits 78 listing every configuration problem", async () => {
    const p = run({ DATABASE_URL: "mysql://nope", PORT: "0" });
    expect(await p.exited).toBe(78);
    expect(p.err()).toContain("DATABASE_URL must be a URL starting with postgres:// or postgresql://");
    expect(p.err()).toContain("REDIS_URL is required");
    expect(p.err()).toMatch(/PORT /);
  });

  it("serves until SIGTERM, then shuts down cleanly", async () => {
    const port = await freePort();
    const p = run({ DATABASE_URL: fresh.url, REDIS_URL, PORT: String(port), LOG_LEVEL: "info" });
    // The child compiles the whole service with tsx first: on a busy 2-core box that alone took ~20 s.
    const deadline = Date.now() + 50_000;
    while (!p.out().includes("pacer is listening") && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(200);
    p.child.kill("SIGTERM");
    expect(await p.exited).toBe(0);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    // Logs are JSON lines.
    const lines = p
      .out()
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.find((l) => l.msg === "pacer is listening")).toMatchObject({ service: "pacer", level: 30 });
  }, 90_000);
});
