// POST /api/v1/ingest/{onboarding-templates, onboarding-template-items, onboarding-progress,
// training-completions} over real HTTP, in every format: what HR's systems send to get the
// onboarding card and probation alerts going without the demo generator.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importScenario } from "../../src/scenario/import.ts";
import { createApiKey } from "../../src/services/api-keys.ts";
import { readFixture } from "../helpers/fixtures.ts";
import { json, startTestServer, type TestServer } from "../helpers/server.ts";
import { COURSES, TEMPLATE_ITEMS, TEMPLATES } from "../recruit/onboarding-feed.ts";

let server: TestServer;
let key: string;

beforeAll(async () => {
  server = await startTestServer();
  const golden = readFixture("golden-east-2026-10.scenario.json");
  await importScenario(server.database.pool, {
    organization: golden.organization,
    plans: golden.plans,
    teams: golden.teams,
    employees: golden.employees,
    trainingCourses: COURSES,
  });
  key = (await createApiKey(server.database.pool, "hr-system", ["ingest"])).key;
});
afterAll(async () => {
  await server.close();
});

function post(entity: string, body: string, contentType = "application/json") {
  return fetch(`${server.url}/api/v1/ingest/${entity}`, {
    method: "POST",
    headers: { "content-type": contentType, authorization: `Bearer ${key}` },
    body,
  });
}

/** Every onboarding row, to prove a rejected batch changed nothing. */
async function dump(): Promise<string> {
  const parts = [];
  for (const t of ["onboarding_templates", "onboarding_template_items", "onboarding_progress", "training_completions"])
    parts.push(JSON.stringify((await server.database.pool.query(`SELECT * FROM ${t} ORDER BY id`)).rows));
  return parts.join("\n");
}

const ITEMS_CSV = [
  "templateKey,key,title,kind,courseExternalId,dueDays",
  ...TEMPLATE_ITEMS.map((i) =>
    [i.templateKey, i.key, `"${i.title}"`, i.kind, "courseExternalId" in i ? i.courseExternalId : "", i.dueDays].join(
      ",",
    ),
  ),
].join("\r\n");

describe("feeding onboarding in every format", () => {
  it('templates as {"items": [...]}, then again as a JSON array: created, then unchanged', async () => {
    const first = await post("onboarding-templates", JSON.stringify({ items: TEMPLATES }));
    expect(first.status).toBe(200);
    expect(await json(first)).toEqual({
      entity: "onboarding-templates",
      received: 2,
      created: 2,
      updated: 0,
      unchanged: 0,
    });
    const again = await post("onboarding-templates", JSON.stringify(TEMPLATES));
    expect(await json(again)).toEqual({
      entity: "onboarding-templates",
      received: 2,
      created: 0,
      updated: 0,
      unchanged: 2,
    });
  });

  it("checklist items as CSV (empty course cell = none), then as NDJSON: unchanged", async () => {
    const csv = await post("onboarding-template-items", ITEMS_CSV, "text/csv; charset=utf-8");
    expect(await json(csv)).toMatchObject({ received: 7, created: 7, updated: 0, unchanged: 0 });
    const nd = await post(
      "onboarding-template-items",
      TEMPLATE_ITEMS.map((i) => JSON.stringify(i)).join("\n"),
      "application/x-ndjson",
    );
    expect(await json(nd)).toMatchObject({ created: 0, updated: 0, unchanged: 7 });
    const rows = (
      await server.database.pool.query(
        `SELECT t.key AS template, i.key, i.kind, c.external_id AS course, i.due_days AS "dueDays"
         FROM onboarding_template_items i JOIN onboarding_templates t ON t.id = i.template_id
         LEFT JOIN training_courses c ON c.id = i.course_id WHERE i.key IN ('contract', 'crm', 'team-intro') ORDER BY i.key`,
      )
    ).rows;
    expect(rows).toEqual([
      { template: "sales-new-hire", key: "contract", kind: "document", course: null, dueDays: 1 },
      { template: "sales-new-hire", key: "crm", kind: "course", course: "TC-CRM", dueDays: 21 },
      { template: "manager-new-hire", key: "team-intro", kind: "task", course: null, dueDays: 5 },
    ]);
  });

  it("progress as NDJSON and CSV (an empty completedAt = not done); a later completion updates the row", async () => {
    const nd = await post(
      "onboarding-progress",
      [
        {
          employeeExternalId: "E-C",
          templateKey: "sales-new-hire",
          itemKey: "contract",
          completedAt: "2026-09-01T10:00:00+08:00",
        },
        { employeeExternalId: "E-C", templateKey: "sales-new-hire", itemKey: "essentials" },
      ]
        .map((r) => JSON.stringify(r))
        .join("\n"),
      "application/x-ndjson",
    );
    expect(await json(nd)).toMatchObject({ received: 2, created: 2 });
    const csv = await post(
      "onboarding-progress",
      "employeeExternalId,templateKey,itemKey,completedAt\r\nE-C,sales-new-hire,contract,2026-09-01T02:00:00Z\r\nE-C,sales-new-hire,essentials,2026-09-05T02:00:00Z\r\n",
      "text/csv",
    );
    // The contract: the same instant in another offset; the essentials: now done.
    expect(await json(csv)).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
  });

  it("training completions as CSV, with and without a score", async () => {
    const csv =
      "externalId,employeeExternalId,courseExternalId,completedAt,score\r\n" +
      "LMS-1,E-C,TC-CRM,2026-10-20T02:00:00Z,86.5\r\n" +
      "LMS-2,E-A,TC-COMP,2026-10-08T06:30:00Z,\r\n";
    expect(await json(await post("training-completions", csv, "text/csv"))).toMatchObject({ created: 2 });
    expect(await json(await post("training-completions", csv, "text/csv"))).toMatchObject({ unchanged: 2 });
    const rows = (
      await server.database.pool.query(`SELECT external_id, score::text FROM training_completions ORDER BY external_id`)
    ).rows;
    expect(rows).toEqual([
      { external_id: "LMS-1", score: "86.50" },
      { external_id: "LMS-2", score: null },
    ]);
  });
});

describe("validation: a bad row rejects the whole batch with every row's error", () => {
  it("unknown item, employee, course and template — 422, nothing written", async () => {
    const before = await dump();
    const progress = await post(
      "onboarding-progress",
      JSON.stringify([
        {
          employeeExternalId: "E-C",
          templateKey: "sales-new-hire",
          itemKey: "crm",
          completedAt: "2026-10-20T02:00:00Z",
        },
        { employeeExternalId: "E-C", templateKey: "sales-new-hire", itemKey: "lunch" },
        { employeeExternalId: "E-NOPE", templateKey: "sales-new-hire", itemKey: "crm" },
      ]),
    );
    expect(progress.status).toBe(422);
    expect((await json(progress)).errors).toEqual([
      {
        index: 1,
        externalId: "E-C",
        field: "itemKey",
        message: 'unknown onboarding checklist item "sales-new-hire/lunch" (not in this batch nor in the database)',
      },
      {
        index: 2,
        externalId: "E-NOPE",
        field: "employeeExternalId",
        message: 'unknown employee "E-NOPE" (not in this batch nor in the database)',
      },
    ]);
    const completions = await post(
      "training-completions",
      JSON.stringify([
        {
          externalId: "LMS-3",
          employeeExternalId: "E-C",
          courseExternalId: "TC-NOPE",
          completedAt: "2026-10-01T00:00:00Z",
        },
      ]),
    );
    expect(completions.status).toBe(422);
    expect((await json(completions)).errors).toEqual([
      {
        index: 0,
        externalId: "LMS-3",
        field: "courseExternalId",
        message: 'unknown training course "TC-NOPE" (not in this batch nor in the database)',
      },
    ]);
    const items = await post(
      "onboarding-template-items",
      JSON.stringify([{ templateKey: "nope", key: "x", title: "X", kind: "task", dueDays: 1 }]),
    );
    expect((await json(items)).errors).toEqual([
      {
        index: 0,
        externalId: "x",
        field: "templateKey",
        message: 'unknown onboarding template "nope" (not in this batch nor in the database)',
      },
    ]);
    expect(await dump()).toBe(before);
  });

  it("bad values: kind, course on a document, due days, score, role, a key with a slash — 422, nothing written", async () => {
    const before = await dump();
    const items = await post(
      "onboarding-template-items",
      JSON.stringify([
        { templateKey: "sales-new-hire", key: "a", title: "A", kind: "video", dueDays: 1 },
        {
          templateKey: "sales-new-hire",
          key: "b",
          title: "B",
          kind: "document",
          courseExternalId: "TC-ESS",
          dueDays: 1,
        },
        { templateKey: "sales-new-hire", key: "c", title: "C", kind: "task", dueDays: 2.5 },
        { templateKey: "sales-new-hire", key: "d/e", title: "D", kind: "task", dueDays: -1 },
      ]),
    );
    expect(items.status).toBe(422);
    expect((await json(items)).errors.map((e: { index: number; field: string }) => [e.index, e.field])).toEqual([
      [0, "kind"],
      [1, "courseExternalId"],
      [2, "dueDays"],
      [3, "key"],
      [3, "dueDays"],
    ]);
    const scores = await post(
      "training-completions",
      JSON.stringify([
        {
          externalId: "LMS-4",
          employeeExternalId: "E-C",
          courseExternalId: "TC-ESS",
          completedAt: "2026-10-01T00:00:00Z",
          score: 101,
        },
        {
          externalId: "LMS-5",
          employeeExternalId: "E-C",
          courseExternalId: "TC-ESS",
          completedAt: "2026-10-01",
          score: "-1",
        },
      ]),
    );
    expect((await json(scores)).errors).toEqual([
      { index: 0, externalId: "LMS-4", field: "score", message: "must be a number from 0 to 100" },
      {
        index: 1,
        externalId: "LMS-5",
        field: "completedAt",
        message: "must be an ISO 8601 timestamp with an offset (Z or ±hh:mm), e.g. 2026-10-05T11:00:00+08:00",
      },
      { index: 1, externalId: "LMS-5", field: "score", message: 'must not be negative, got "-1"' },
    ]);
    const role = await post("onboarding-templates", JSON.stringify([{ key: "x", role: "intern", name: "X" }]));
    expect((await json(role)).errors[0]).toMatchObject({ field: "role" });
    expect(await dump()).toBe(before);
  });
});
