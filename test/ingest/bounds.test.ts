// Every value is bounded where it enters (issue 13): the probes that once broke the month, answered
// 500 or were silently accepted are now clear 4xx answers that write nothing — and what is accepted
// can always be scored and closed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importScenario } from "../../src/scenario/import.ts";
import { createApiKey } from "../../src/services/api-keys.ts";
import { closeMonth } from "../../src/services/month-close.ts";
import { readFixture } from "../helpers/fixtures.ts";
import { json, startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
let ingestKey: string;
let readKey: string;

beforeAll(async () => {
  server = await startTestServer({ bodyLimit: 4 * 1024 * 1024, now: new Date("2026-10-20T04:00:00Z") });
  const golden = readFixture("golden-east-2026-10.scenario.json");
  await importScenario(server.database.pool, {
    organization: golden.organization,
    plans: golden.plans,
    teams: golden.teams,
    employees: golden.employees,
  });
  ingestKey = (await createApiKey(server.database.pool, "crm", ["ingest"])).key;
  readKey = (await createApiKey(server.database.pool, "dashboard", ["read"])).key;
});
afterAll(async () => {
  await server.close();
});

function post(entity: string, body: string, contentType = "application/json") {
  return fetch(`${server.url}/api/v1/ingest/${entity}`, {
    method: "POST",
    headers: { "content-type": contentType, authorization: `Bearer ${ingestKey}` },
    body,
  });
}

async function dump(): Promise<string> {
  const parts = [];
  for (const t of ["kpi_plans", "kpi_plan_items", "targets", "team_goals", "customers", "orders", "payments", "leads"])
    parts.push(JSON.stringify((await server.database.pool.query(`SELECT * FROM ${t} ORDER BY id`)).rows));
  return parts.join("\n");
}

/** Posts, expects a 4xx, and proves nothing changed; returns the body. */
async function refused(entity: string, body: string, status = 422, contentType = "application/json") {
  const before = await dump();
  const res = await post(entity, body, contentType);
  const answer = await json(res);
  expect({ status: res.status, answer }).toMatchObject({ status });
  expect(await dump()).toBe(before);
  return answer;
}

const plan = (over: Record<string, unknown> = {}) => ({
  key: "probe",
  name: "Probe plan",
  items: [
    { metric: "booked_revenue", weight: 50 },
    { metric: "gross_profit", weight: 50 },
  ],
  ...over,
});

const goal = (over: Record<string, unknown> = {}) => ({
  teamExternalId: "T-EAST",
  period: "2026-10",
  metric: "booked_revenue",
  value: "100000",
  ...over,
});

describe("values that could break the month close", () => {
  it("refuses a team-goal bonus of 1e308 (it made every score 10^308 and the close overflow)", async () => {
    const answer = await refused(
      "team-goals",
      JSON.stringify([goal({ bonusTiers: [{ minCompletion: 1, points: 1e308 }] })]),
    );
    expect(answer.errors[0]).toMatchObject({ index: 0, field: "bonusTiers.0.points" });
    expect(answer.errors[0].message).toMatch(/at most 1000/);
  });

  it("refuses a plan cap of 10000 (a 500 before) and above 10", async () => {
    for (const cap of [10000, 10.5, "99999"]) {
      const answer = await refused("plans", JSON.stringify([plan({ cap })]));
      expect(answer.errors[0]).toMatchObject({ index: 0, externalId: "probe", field: "cap" });
    }
  });

  it("refuses plan weights with more than 4 decimals instead of rounding them", async () => {
    const items = ["booked_revenue", "gross_profit", "shipments"].map((metric) => ({ metric, weight: 33.33333 }));
    const answer = await refused("plans", JSON.stringify([plan({ items })]));
    expect(answer.errors.map((e: { field: string }) => e.field)).toContain("items.0.weight");
    expect(answer.errors[0].message).toMatch(/more than 4 decimal places/);
  });

  it("a plan at 4 decimals is stored exactly, and re-sending it is unchanged", async () => {
    const items = [
      { metric: "booked_revenue", weight: "33.3333" },
      { metric: "gross_profit", weight: "33.3333" },
      { metric: "shipments", weight: "33.3334" },
    ];
    const body = JSON.stringify([plan({ key: "thirds", items, cap: "9.9999" })]);
    expect(await json(await post("plans", body))).toMatchObject({ created: 1 });
    expect(await json(await post("plans", body))).toMatchObject({ unchanged: 1, updated: 0 });
    const stored = await server.database.pool.query(
      `SELECT i.weight::text FROM kpi_plan_items i JOIN kpi_plans p ON p.id = i.plan_id WHERE p.key = 'thirds' ORDER BY position`,
    );
    expect(stored.rows.map((r) => r.weight)).toEqual(["33.3333", "33.3333", "33.3334"]);
  });

  it("refuses unknown fields in a plan and its items, like every other entity", async () => {
    const a = await refused("plans", JSON.stringify([plan({ capp: 1.5 })]));
    expect(a.errors[0]).toMatchObject({ field: "capp", message: "unknown field" });
    const b = await refused(
      "plans",
      JSON.stringify([plan({ items: [{ metric: "booked_revenue", weight: 100, wieght: 1 }] })]),
    );
    expect(b.errors[0].field).toMatch(/^items\.0/);
  });

  it("refuses 150 payments of 999,999,999,999.99 on one order (the order's paid total would overflow)", async () => {
    await post("customers", JSON.stringify([{ externalId: "C-BIG", name: "Big", ownerExternalId: "E-A" }]));
    const order = {
      externalId: "O-BIG",
      customerExternalId: "C-BIG",
      ownerExternalId: "E-A",
      bookedAt: "2026-10-05T11:00:00+08:00",
      revenue: "999999999999.99",
      cost: "0",
      status: "completed",
    };
    expect((await post("orders", JSON.stringify([order]))).status).toBe(200);
    const payments = Array.from({ length: 150 }, (_, i) => ({
      externalId: `P-BIG-${i}`,
      orderExternalId: "O-BIG",
      paidAt: "2026-10-06T11:00:00+08:00",
      amount: "999999999999.99",
    }));
    const answer = await refused("payments", JSON.stringify(payments));
    expect(answer.errors[0]).toMatchObject({ externalId: "P-BIG-0", field: "amount" });
    expect(answer.errors[0].message).toMatch(/would total/);
    // 99 of them fit the roll-up, and are stored exactly.
    expect((await post("payments", JSON.stringify(payments.slice(0, 99)))).status).toBe(200);
    const total = await server.database.pool.query(`SELECT paid_total::text FROM orders WHERE external_id = 'O-BIG'`);
    expect(total.rows[0].paid_total).toBe("98999999999999.01");
  });

  it("the largest accepted plan and bonus still close the month", async () => {
    const golden = readFixture("golden-east-2026-10.scenario.json");
    const plans = golden.plans.map((p: Record<string, unknown>) => ({ ...p, cap: 10 }));
    expect((await post("plans", JSON.stringify(plans))).status).toBe(200);
    const goals = ["booked_revenue", "shipments", "gross_profit"].map((metric) =>
      goal({ metric, value: "1", bonusTiers: [{ minCompletion: 0, points: 1000 }] }),
    );
    expect((await post("team-goals", JSON.stringify(goals))).status).toBe(200);
    const outcome = await closeMonth(server.database.pool, "2026-10", { actor: "test" });
    expect(outcome.status).toBe("created");
    const totals = await server.database.pool.query(`SELECT max(team_bonus)::text AS bonus FROM month_close_entries`);
    expect(totals.rows[0].bonus).toBe("3000.00");
  });
});

describe("values keep their meaning", () => {
  it("a rate target is a fraction 0–1 and a collaboration target at most 5", async () => {
    const target = (metric: string, value: string) => ({ employeeExternalId: "E-A", period: "2026-12", metric, value });
    const a = await refused("targets", JSON.stringify([target("repurchase_rate", "60")]));
    expect(a.errors[0]).toMatchObject({ field: "value" });
    await refused("targets", JSON.stringify([target("collaboration_score", "45")]));
    expect((await post("targets", JSON.stringify([target("repurchase_rate", "0.6")]))).status).toBe(200);
  });
});

describe("bad input is a 4xx, never a 500", () => {
  const lead = (over: Record<string, unknown>) => ({
    externalId: "L-1",
    ownerExternalId: "E-A",
    createdAt: "2026-10-05T11:00:00+08:00",
    status: "open",
    ...over,
  });

  it("refuses offsets beyond ±14:00 (+99:99 shifted the instant by days) and accepts ±14:00", async () => {
    for (const createdAt of ["2026-10-05T11:00:00+99:99", "2026-10-05T11:00:00+14:01", "2026-10-05T11:00:00-15:00"]) {
      const answer = await refused("leads", JSON.stringify([lead({ createdAt })]));
      expect(answer.errors[0]).toMatchObject({ field: "createdAt" });
    }
    expect((await post("leads", JSON.stringify([lead({ createdAt: "2026-10-05T11:00:00+14:00" })]))).status).toBe(200);
  });

  it("refuses year 0000 and 9999 in instants, dates and periods", async () => {
    await refused("leads", JSON.stringify([lead({ createdAt: "0000-01-01T00:00:00Z" })]));
    await refused("leads", JSON.stringify([lead({ createdAt: "9999-12-31T23:59:59Z" })]));
    await refused("team-goals", JSON.stringify([goal({ period: "0000-10" })]));
  });

  it("refuses NUL bytes and lone surrogates in any string, value or key", async () => {
    await refused("customers", '[{"externalId":"C-N","name":"a\\u0000b"}]');
    await refused("customers", '[{"externalId":"C-S","name":"a\\ud800b"}]');
    await refused("customers", '[{"externalId":"C-K","name":"ok","\\udc00":"x"}]');
    const csv = await refused("customers", "externalId,name\nC-N,a\u0000b\n", 422, "text/csv");
    expect(csv.errors[0]).toMatchObject({ field: "name" });
  });

  it("refuses a value nested 100,000 deep without exhausting the stack", async () => {
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    // An enum's error message quotes the value it got: quoting this one overflowed the stack (500).
    const order = `[{"externalId":"O-D","customerExternalId":"C1","ownerExternalId":"E-A","bookedAt":"2026-10-05T11:00:00Z","revenue":"1","cost":"0","status":${deep}}]`;
    const answer = await refused("orders", order);
    expect(answer.errors[0]).toMatchObject({ index: 0, externalId: "O-D" });
    expect(answer.errors[0].field).toMatch(/^status\./);
    expect(answer.errors[0].message).toMatch(/nested more than 8 levels/);
    await refused("job-openings", `[{"externalId":"J-1","title":"t","keywordProfile":${deep}}]`);
  });

  it("refuses a duplicate CSV header and prototype-named columns", async () => {
    const dup = await refused("customers", "externalId,name,name\nC-D,a,b\n", 400, "text/csv");
    expect(dup.message).toMatch(/"name" twice/);
    for (const column of ["__proto__", "constructor"]) {
      const bad = await refused("customers", `externalId,name,${column}\nC-P,a,b\n`, 400, "text/csv");
      expect(bad.message).toMatch(/forbidden column/);
    }
    await refused("customers", '[{"externalId":"C-P","name":"a","__proto__":{"x":1}}]');
  });

  it("progress: a NUL in the employee id and asOf in year 9999 are 400s", async () => {
    const get = (path: string) => fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${readKey}` } });
    expect((await get("/api/v1/employees/E%00A/progress")).status).toBe(400);
    expect((await get("/api/v1/employees/%ED%A0%80/progress")).status).toBeLessThan(500);
    const far = await get("/api/v1/employees/E-A/progress?asOf=9999-12-31T00:00:00Z");
    expect(far.status).toBe(400);
    expect((await json(far)).message).toMatch(/1970–2099/);
  });
});

describe("rows the database would refuse are refused first", () => {
  it("a second application id for the same candidate and opening is a 422 (found by the property suite; a 500 before)", async () => {
    const seed: [string, unknown][] = [
      ["candidates", [{ externalId: "CA-1", name: "Cand", resumeText: "x" }]],
      ["job-openings", [{ externalId: "J-1", title: "Sales" }]],
      [
        "applications",
        [
          {
            externalId: "A-1",
            candidateExternalId: "CA-1",
            openingExternalId: "J-1",
            appliedAt: "2026-10-02T10:00:00Z",
          },
        ],
      ],
    ];
    for (const [entity, rows] of seed) expect((await post(entity, JSON.stringify(rows))).status).toBe(200);
    const again = [
      { externalId: "A-2", candidateExternalId: "CA-1", openingExternalId: "J-1", appliedAt: "2026-10-03T10:00:00Z" },
    ];
    const answer = await refused("applications", JSON.stringify(again));
    expect(answer.errors[0]).toMatchObject({ index: 0, externalId: "A-2", field: "candidateExternalId" });
  });
});
