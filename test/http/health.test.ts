// Liveness, readiness and metrics.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
let broken: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  // Same database, but Redis on a port where nothing listens.
  broken = await startTestServer({ redisUrl: "redis://127.0.0.1:1" });
});
afterAll(async () => {
  await server.close();
  await broken.close();
});

describe("health endpoints", () => {
  it("/healthz answers while the process runs; every response carries a request id", async () => {
    const res = await fetch(`${server.url}/healthz`, { headers: { "x-request-id": "req-123" } });
    expect(await json(res)).toEqual({ status: "ok" });
    expect(res.headers.get("x-request-id")).toBe("req-123");
  });

  it("/readyz checks Postgres and Redis", async () => {
    const ok = await fetch(`${server.url}/readyz`);
    expect(ok.status).toBe(200);
    expect(await json(ok)).toEqual({ status: "ready", checks: { postgres: "ok", redis: "ok" } });
    const down = await fetch(`${broken.url}/readyz`);
    expect(down.status).toBe(503);
    const body = await json(down);
    expect(body.checks.postgres).toBe("ok");
    // Only "down": a public endpoint must not echo driver errors (host, port, database name).
    expect(body).toEqual({ status: "not_ready", checks: { postgres: "ok", redis: "down" } });
  });

  it("/metrics speaks the Prometheus text format with request counts by route", async () => {
    await fetch(`${server.url}/healthz`);
    const res = await fetch(`${server.url}/metrics`);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/pacer_http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/);
    expect(text).toContain("# TYPE pacer_http_request_duration_seconds histogram");
  });

  it("unknown routes get a JSON 404", async () => {
    const res = await fetch(`${server.url}/nope`);
    expect(res.status).toBe(404);
    expect(await json(res)).toEqual({ error: "not_found", message: "no route GET /nope" });
  });
});
