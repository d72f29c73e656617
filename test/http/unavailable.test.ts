// When Postgres goes away or stalls, the API answers 503 with Retry-After (never a 500, never
// silence), /readyz says which dependency is down without any driver detail, and everything works
// again once the database is back. Postgres is reached through a TCP proxy the test cuts and stalls.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importScenario } from "../../src/scenario/import.ts";
import { createApiKey } from "../../src/services/api-keys.ts";
import { readFixture } from "../helpers/fixtures.ts";
import { json, startTestServer, type TestServer } from "../helpers/server.ts";
import { startTcpProxy, type TcpProxy } from "../helpers/tcp-proxy.ts";

let proxy: TcpProxy;
let server: TestServer;
let ingestKey: string;

beforeAll(async () => {
  proxy = await startTcpProxy({ host: "127.0.0.1", port: 5432 });
  server = await startTestServer({ dbProxy: proxy, statementTimeoutMs: 800, requestTimeoutMs: 2500 });
  const golden = readFixture("golden-east-2026-10.scenario.json");
  await importScenario(server.database.pool, {
    organization: golden.organization,
    plans: golden.plans,
    teams: golden.teams,
    employees: golden.employees,
  });
  ingestKey = (await createApiKey(server.database.pool, "crm", ["ingest"])).key;
});
afterAll(async () => {
  proxy.restore();
  await server.close();
  await proxy.close();
});

const customers = JSON.stringify([{ externalId: "C-1", name: "Customer", ownerExternalId: "E-A" }]);
const ingest = () =>
  fetch(`${server.url}/api/v1/ingest/customers`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${ingestKey}` },
    body: customers,
  });

async function expectUnavailable(res: Response) {
  expect(res.status).toBe(503);
  expect(res.headers.get("retry-after")).toBe("5");
  const body = await json(res);
  expect(body.error).toBe("unavailable");
  expect(JSON.stringify(body)).not.toMatch(/127\.0\.0\.1|5432|pacer_test|ECONN/);
}

describe("Postgres away", () => {
  it("cut: ingest answers 503 + Retry-After, /readyz says postgres down and nothing more", async () => {
    proxy.cut();
    await expectUnavailable(await ingest());
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await json(ready)).toEqual({ status: "not_ready", checks: { postgres: "down", redis: "ok" } });
    proxy.restore();
    expect((await ingest()).status).toBe(200);
  });

  it("stall: ingest answers 503 within its deadline instead of hanging, then recovers", async () => {
    expect((await ingest()).status).toBe(200);
    proxy.stall();
    const res = await ingest();
    await expectUnavailable(res);
    const ready = await json(await fetch(`${server.url}/readyz`));
    expect(ready.checks.postgres).toBe("down");
    proxy.cut(); // the stalled connections are dropped; the pool opens new ones
    proxy.restore();
    expect((await ingest()).status).toBe(200);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  });
});
