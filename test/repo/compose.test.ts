// docker-compose.yml is part of the product: a newcomer's `docker compose up` must give a bot and a
// worker wired to Postgres and Redis the way the code expects, with the credentials the demo and the
// CLI assume when DATABASE_URL is unset.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { createCliContext } from "../../src/cli/context.ts";
import { LOCAL_DATABASE_URL, LOCAL_REDIS_URL } from "../../src/config/defaults.ts";
import { envSchema, larkEnabled, loadEnv, slackEnabled } from "../../src/config/env.ts";
import { loadWorkerConfig, workerConfigSchema } from "../../src/worker/config.ts";

interface Service {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] | string };
}

const compose = parse(readFileSync(new URL("../../docker-compose.yml", import.meta.url), "utf8"), {
  merge: true,
}) as { services: Record<string, Service> };
const services = compose.services;
const service = (name: string): Service => {
  const s = services[name];
  if (!s) throw new Error(`docker-compose.yml has no service ${name}`);
  return s;
};
const command = (s: Service) => (Array.isArray(s.command) ? s.command.join(" ") : s.command);
/** The environment as Compose passes it when none of the host's variables is set: `${X:-d}` → d. */
const interpolated = (env: Record<string, string> = {}) =>
  Object.fromEntries(
    Object.entries(env).map(([k, v]) => [k, String(v).replace(/\$\{[A-Z0-9_]+(?::?-([^}]*))?\}/g, "$1")]),
  );
const configKeys = new Set([...Object.keys(envSchema.shape), ...Object.keys(workerConfigSchema.shape)]);
const requiredKeys = Object.entries(envSchema.shape)
  .filter(([, schema]) => !schema.safeParse(undefined).success)
  .map(([key]) => key);

describe("docker-compose.yml", () => {
  it("has Postgres, Redis, the one-shot migration, the bot and the worker", () => {
    expect(Object.keys(services).sort()).toEqual(["bot", "migrate", "postgres", "redis", "worker"]);
    for (const app of ["migrate", "bot", "worker"]) expect(service(app).build).toBeDefined();
  });

  it("runs the bot with `npm start`, checks it on /readyz, and starts it once the migration has succeeded", () => {
    const bot = service("bot");
    expect(command(bot)).toBe("npm start");
    expect(JSON.stringify(bot.healthcheck?.test)).toMatch(/http:\/\/127\.0\.0\.1:3000\/readyz/);
    expect(bot.environment?.PORT).toBe("3000");
    expect(bot.depends_on?.migrate).toEqual({ condition: "service_completed_successfully" });
    expect(bot.depends_on?.redis).toBeDefined();
  });

  it("runs the worker with `npm run worker` after the migration, and the migration once Postgres is healthy", () => {
    expect(command(service("worker"))).toBe("npm run worker");
    expect(service("worker").depends_on?.migrate).toEqual({ condition: "service_completed_successfully" });
    expect(command(service("migrate"))).toBe("npm run db:migrate");
    expect(service("migrate").depends_on?.postgres).toEqual({ condition: "service_healthy" });
  });

  it("runs Redis as a queue store: no eviction, append-only file synced every second", () => {
    const args = command(service("redis"));
    expect(args).toMatch(/--maxmemory-policy noeviction\b/);
    expect(args).toMatch(/--appendonly yes\b/);
    expect(args).toMatch(/--appendfsync everysec\b/);
  });

  it.each(["migrate", "bot", "worker"])("sets on %s only variables the configuration knows", (name) => {
    const unknown = Object.keys(service(name).environment ?? {}).filter((key) => !configKeys.has(key));
    expect(unknown).toEqual([]);
  });

  it.each(["bot", "worker"])("sets every required variable on %s, and the result is a valid configuration", (name) => {
    const env = interpolated(service(name).environment);
    expect(requiredKeys.length).toBeGreaterThan(0);
    for (const key of requiredKeys) expect(env[key], key).toBeTruthy();
    const parsed = loadEnv(env);
    // With no Slack or Lark variables in the host's environment, both platforms are off, not broken.
    expect([slackEnabled(parsed), larkEnabled(parsed)]).toEqual([false, false]);
    expect(() => loadWorkerConfig(env)).not.toThrow();
  });

  it("uses the credentials, port and database the demo and the CLI assume when DATABASE_URL is unset", () => {
    expect(createCliContext({}).databaseUrl()).toBe(LOCAL_DATABASE_URL);
    expect(createCliContext({ DATABASE_URL: "postgresql://u:p@db:5433/x" }).databaseUrl()).toBe(
      "postgresql://u:p@db:5433/x",
    );
    const local = new URL(LOCAL_DATABASE_URL);
    const postgres = service("postgres").environment ?? {};
    expect([postgres.POSTGRES_USER, postgres.POSTGRES_PASSWORD, `/${postgres.POSTGRES_DB}`]).toEqual([
      local.username,
      local.password,
      local.pathname,
    ]);
    expect(service("postgres").ports).toContain(`${local.hostname}:${local.port}:5432`);
    for (const name of ["migrate", "bot", "worker"]) {
      const url = new URL(interpolated(service(name).environment).DATABASE_URL!);
      expect([url.username, url.password, url.port, url.pathname], name).toEqual([
        local.username,
        local.password,
        local.port,
        local.pathname,
      ]);
    }
    const redis = new URL(LOCAL_REDIS_URL);
    expect(service("redis").ports).toContain(`${redis.hostname}:${redis.port}:6379`);
  });
});
