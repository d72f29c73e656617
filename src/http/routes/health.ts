// Liveness, readiness (Postgres and Redis answer, and the Lark long connection is open when that is
// how events arrive) and Prometheus metrics. /readyz is public, so it
// says only "ok" or "down" per dependency: never a driver's error text, which names hosts, ports
// and databases (the reason goes to the server log instead).
import type { FastifyInstance } from "fastify";
import { ping } from "../../store/health.ts";
import { withTimeout } from "../../timeout.ts";
import type { ServerDeps } from "../server.ts";

async function check(
  name: string,
  probe: () => Promise<unknown>,
  log: ServerDeps["log"],
  timeoutMs = 2000,
): Promise<[string, "ok" | "down"]> {
  try {
    await withTimeout(probe(), timeoutMs, () => new Error(`timed out after ${timeoutMs} ms`));
    return [name, "ok"];
  } catch (error) {
    log.warn({ dependency: name, reason: (error as Error).message }, "readiness check failed");
    return [name, "down"];
  }
}

export function registerHealthRoutes(app: FastifyInstance, deps: ServerDeps): void {
  app.get("/healthz", async () => ({ status: "ok" }));

  app.get("/readyz", async (_request, reply) => {
    const checks = {
      ...Object.fromEntries(
        await Promise.all([
          check("postgres", () => ping(deps.pool), deps.log),
          check("redis", () => deps.redis.ping(), deps.log),
        ]),
      ),
      // A platform connection that dropped after start-up: the service gets no events until it is back.
      ...deps.readiness?.(),
    };
    const ready = Object.values(checks).every((v) => v === "ok");
    return reply.code(ready ? 200 : 503).send({ status: ready ? "ready" : "not_ready", checks });
  });

  app.get("/metrics", async (_request, reply) => {
    reply.header("content-type", deps.metrics.registry.contentType);
    return deps.metrics.registry.metrics();
  });
}
