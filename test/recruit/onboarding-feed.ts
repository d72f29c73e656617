// A company fed the way a customer's CRM, HR and learning systems feed it: every row through the
// ingest API's write path (ingestBatch), nothing from the demo generator and no SQL. Only the
// organization (and the metric → course mapping, which has no ingest entity) come from a scenario
// bundle. People and sales are the golden-east scenario plus a second new hire E-N (the same data
// as test/recruit/fixture.ts, which builds its onboarding template by SQL).
import type pg from "pg";
import { ingestBatch } from "../../src/ingest/batch.ts";
import { importScenario } from "../../src/scenario/import.ts";
import { readFixture } from "../helpers/fixtures.ts";

export const COURSES = [
  { externalId: "TC-ESS", titleZh: "新员工入职必修", titleEn: "New-hire essentials" },
  { externalId: "TC-FF", titleZh: "货代销售基础", titleEn: "Freight forwarding fundamentals" },
  { externalId: "TC-CRM", titleZh: "CRM 与销售漏斗", titleEn: "CRM and the sales funnel" },
  { externalId: "TC-COMP", titleZh: "合规与报关基础", titleEn: "Compliance and customs basics" },
  {
    externalId: "TC-PROSPECT",
    titleZh: "新客户开发",
    titleEn: "Prospecting new customers",
    url: "https://learn.example.com/prospecting",
  },
  { externalId: "TC-COLL", titleZh: "回款管理", titleEn: "Collections management" },
];

export const TEMPLATES = [
  { key: "sales-new-hire", role: "sales", name: "销售新人入职 Sales new-hire onboarding" },
  { key: "manager-new-hire", role: "manager", name: "经理入职 Manager onboarding" },
];

export const TEMPLATE_ITEMS = [
  {
    templateKey: "sales-new-hire",
    key: "contract",
    title: "签订劳动合同 / Sign the contract",
    kind: "document",
    dueDays: 1,
  },
  {
    templateKey: "sales-new-hire",
    key: "essentials",
    title: "新员工入职必修 / New-hire essentials",
    kind: "course",
    courseExternalId: "TC-ESS",
    dueDays: 7,
  },
  {
    templateKey: "sales-new-hire",
    key: "ff-basics",
    title: "货代销售基础 / Freight forwarding fundamentals",
    kind: "course",
    courseExternalId: "TC-FF",
    dueDays: 14,
  },
  {
    templateKey: "sales-new-hire",
    key: "crm",
    title: "CRM 与销售漏斗 / CRM and the sales funnel",
    kind: "course",
    courseExternalId: "TC-CRM",
    dueDays: 21,
  },
  {
    templateKey: "sales-new-hire",
    key: "compliance",
    title: "合规与报关基础 / Compliance and customs basics",
    kind: "course",
    courseExternalId: "TC-COMP",
    dueDays: 30,
  },
  {
    templateKey: "sales-new-hire",
    key: "collections",
    title: "回款管理 / Collections management",
    kind: "course",
    courseExternalId: "TC-COLL",
    dueDays: 45,
  },
  { templateKey: "manager-new-hire", key: "team-intro", title: "认识团队 / Meet the team", kind: "task", dueDays: 5 },
];

const item = (employeeExternalId: string, itemKey: string, completedAt: string | null) => ({
  employeeExternalId,
  templateKey: "sales-new-hire",
  itemKey,
  completedAt,
});

/**
 * E-C (hired 2026-09-01): CRM course done late (Oct 20 — reported by the learning system, see
 * COMPLETIONS), compliance Oct 25, collections explicitly not done. E-N (hired 2026-09-20): only
 * the contract and the first course.
 */
export const PROGRESS = [
  item("E-C", "contract", "2026-09-01T02:00:00Z"),
  item("E-C", "essentials", "2026-09-05T10:00:00+08:00"),
  item("E-C", "ff-basics", "2026-09-14T02:00:00Z"),
  item("E-C", "compliance", "2026-10-25T02:00:00Z"),
  item("E-C", "collections", null),
  item("E-N", "contract", "2026-09-20T02:00:00Z"),
  item("E-N", "essentials", "2026-09-25T02:00:00Z"),
];

export const COMPLETIONS = [
  {
    externalId: "LMS-1001",
    employeeExternalId: "E-C",
    courseExternalId: "TC-CRM",
    completedAt: "2026-10-20T02:00:00Z",
    score: "86.5",
  },
  // A veteran refreshing a course: on no checklist, still a completion.
  {
    externalId: "LMS-1002",
    employeeExternalId: "E-A",
    courseExternalId: "TC-COMP",
    completedAt: "2026-10-08T06:30:00Z",
  },
];

/** The golden-east people and sales with E-N, as the feeds send them. */
export function companyFeeds() {
  const golden = readFixture("golden-east-2026-10.scenario.json");
  const employees = [
    ...golden.employees.map((e: any) => (e.externalId === "E-C" ? { ...e, probationEndsAt: "2026-12-01" } : e)),
    {
      externalId: "E-N",
      name: "赵新",
      email: "zhaoxin@example.com",
      role: "sales",
      teamExternalId: "T-EAST",
      level: "new",
      planKey: "new",
      hiredAt: "2026-09-20",
      probationEndsAt: "2026-12-20",
    },
  ];
  const targets = [
    ...golden.targets,
    { employeeExternalId: "E-N", period: "2026-10", metric: "new_customers", value: "3" },
    { employeeExternalId: "E-N", period: "2026-10", metric: "conversion_rate", value: "0.3" },
    { employeeExternalId: "E-N", period: "2026-10", metric: "collected_revenue", value: "20000" },
    { employeeExternalId: "E-N", period: "2026-10", metric: "collection_days", value: "25" },
  ];
  return { golden, employees, targets };
}

/** Feeds the whole company through ingestBatch, in the order the systems would send it. */
export async function feedCompany(pool: pg.Pool): Promise<void> {
  const { golden, employees, targets } = companyFeeds();
  await importScenario(pool, { organization: golden.organization });
  // The team first without its manager (who is not fed yet), then the people, then the team again.
  await ingestBatch(pool, "plans", golden.plans);
  await ingestBatch(
    pool,
    "teams",
    golden.teams.map((t: any) => ({ ...t, managerExternalId: null })),
  );
  await ingestBatch(pool, "employees", employees);
  await ingestBatch(pool, "teams", golden.teams);
  for (const [entity, rows] of [
    ["customers", golden.customers],
    ["orders", golden.orders],
    ["payments", golden.payments],
    ["leads", golden.leads],
    ["ratings", golden.ratings],
    ["targets", targets],
    ["team-goals", golden.teamGoals],
    ["training-courses", COURSES],
    ["onboarding-templates", TEMPLATES],
    ["onboarding-template-items", TEMPLATE_ITEMS],
    ["onboarding-progress", PROGRESS],
    ["training-completions", COMPLETIONS],
  ] as const)
    await ingestBatch(pool, entity, rows);
  await importScenario(pool, {
    organization: golden.organization,
    metricCourses: [
      { metric: "new_customers", courseExternalId: "TC-PROSPECT" },
      { metric: "collected_revenue", courseExternalId: "TC-COLL" },
      { metric: "conversion_rate", courseExternalId: "TC-CRM" },
    ],
  });
}
