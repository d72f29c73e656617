// The demo and the CLI against a Postgres that checks passwords, as the docker-compose one does (and
// any real server). The shared test server trusts local connections, so it would accept any
// password; this file starts a throwaway cluster of its own instead: scram-sha-256 for every TCP
// connection, a role `pacer` with a password and a database it owns (like the compose Postgres:
// no superuser needed), on a free port, deleted afterwards.
import { execFileSync, spawn } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pacer } from "../helpers/cli.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** Tuesday 20 October 2026, noon in Shanghai: the demo's business clock. */
const NOW = "2026-10-20T12:00:00+08:00";

function postgresBin(tool: string): string {
  const versions = existsSync("/usr/lib/postgresql") ? readdirSync("/usr/lib/postgresql").sort() : [];
  for (const v of versions.reverse()) {
    const file = `/usr/lib/postgresql/${v}/bin/${tool}`;
    if (existsSync(file)) return file;
  }
  return tool; // on the PATH
}

/** initdb and the server refuse to run as root: run them as the `postgres` OS user then. */
function asPostgres(tool: string, args: string[]): string {
  const isRoot = process.getuid?.() === 0;
  const [cmd, argv] = isRoot
    ? ["runuser", ["-u", "postgres", "--", postgresBin(tool), ...args]]
    : [postgresBin(tool), args];
  return execFileSync(cmd, argv, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** `pacer <args>` as a separate process, the way `npm run demo` starts it (stdin not a terminal). */
function pacerProcess(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, "bin/pacer.js"), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => void (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => void (stderr += d.toString()));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

let dir: string;
let port: number;
let started = false;
const url = (password: string) => `postgresql://pacer:${password}@127.0.0.1:${port}/pacer`;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "pacer-pg-"));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }));
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }));
    chownSync(dir, uid, gid);
  }
  port = await freePort();
  const data = path.join(dir, "data");
  // Trust only on this cluster's own Unix socket (for setting it up); a password for every TCP login.
  asPostgres("initdb", ["-D", data, "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8"]);
  asPostgres("pg_ctl", [
    "-D",
    data,
    "-l",
    path.join(dir, "server.log"),
    "-w",
    "-o",
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
    "start",
  ]);
  started = true;
  const admin = new pg.Client({ host: dir, port, user: "postgres", database: "postgres" });
  await admin.connect();
  try {
    await admin.query("CREATE ROLE pacer LOGIN PASSWORD 'pacer'");
    await admin.query("CREATE DATABASE pacer OWNER pacer");
  } finally {
    await admin.end();
  }
}, 120_000);

afterAll(() => {
  if (started) asPostgres("pg_ctl", ["-D", path.join(dir, "data"), "-m", "immediate", "-w", "stop"]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("a Postgres role with a password", () => {
  it("is refused a login with the wrong password (so this server really checks it)", async () => {
    const client = new pg.Client({ connectionString: url("not-the-password") });
    await expect(client.connect()).rejects.toMatchObject({ code: "28P01" });
  });

  it("the demo migrates, loads and prints a salesperson's card through a URL carrying the password", async () => {
    const out = await pacerProcess(["demo", "--reps", "6", "--months", "2"], {
      DATABASE_URL: url("pacer"),
      PACER_NOW: NOW,
    });
    expect(out.stderr).toBe("");
    expect(out.code).toBe(0);
    // The password is never printed.
    expect(out.stdout).toContain(`database: postgresql://pacer:***@127.0.0.1:${port}/pacer\n`);
    expect(out.stdout).not.toMatch(/pacer:pacer@/);
    expect(out.stdout).toMatch(/^migrated: \d+ migration\(s\) applied$/m);
    expect(out.stdout).toMatch(/^demo company loaded in [\d.]+ s: \d+ employees/m);
    expect(out.stdout).toMatch(/^2026-09 closed \(version 1\): \d+ salespeople scored/m);
    // The card the chat answers a salesperson with ("how far from target?"), as of the demo's clock.
    expect(out.stdout).toContain("> 离目标还差多少？\n");
    expect(out.stdout).toMatch(/2026年10月业绩/);
    expect(out.stdout).toMatch(/截至 10月20日 12:00/);
  }, 180_000);

  it("the CLI then answers on the same database with the same URL", async () => {
    const out = await pacer(["close-month", "2026-09", "--json"], { DATABASE_URL: url("pacer"), PACER_NOW: NOW });
    expect(out.stderr).toBe("");
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject({ period: "2026-09" });
  });

  it.each([
    ["the demo", ["demo", "--no-chat"]],
    ["a CLI command", ["close-month", "2026-09", "--json"]],
  ])("%s with a wrong password says so in one line, without a stack trace", async (_what, args) => {
    const out = await pacerProcess(args, { DATABASE_URL: url("wrong"), PACER_NOW: NOW });
    expect(out.code).toBe(1);
    expect(out.stderr).toBe('error: the database refused the login: password authentication failed for user "pacer"\n');
    expect(out.stdout).not.toContain("wrong");
  });
});
