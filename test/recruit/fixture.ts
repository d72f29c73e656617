// A small company for the recruitment and onboarding tests: the golden-east scenario (one team,
// manager E-M1, HR E-H1, veterans E-A and E-B, new salesperson E-C hired 2026-09-01) plus a second
// new hire E-N (hired 2026-09-20, October targets, no sales yet), training courses with a metric → course mapping, an opening with candidates at
// several stages, and (by SQL, as bundles have no section for it) the sales onboarding template.
import type pg from "pg";
import { importScenario } from "../../src/scenario/import.ts";
import { readFixture } from "../helpers/fixtures.ts";
import { RecruitError } from "../../src/recruit/errors.ts";

export const PROFILE = {
  required: [
    { keyword: "货代销售经验", weight: 3, synonyms: ["freight forwarding sales", "货代销售"] },
    { keyword: "客户资源", weight: 2, synonyms: ["client book", "稳定客户"] },
    { keyword: "海运", weight: 2, synonyms: ["ocean freight", "FCL"] },
  ],
  preferred: [
    { keyword: "订单转化", weight: 2, synonyms: ["conversion", "成单率"] },
    { keyword: "英语", weight: 1, synonyms: ["English", "CET-6"] },
  ],
};

export const CANDIDATES = [
  {
    externalId: "C-1",
    name: "王磊",
    resumeText:
      "求职意向：海运销售代表\n- 6年国际货代销售经验\n- 积累稳定客户资源 40 余家\n- 熟悉海运整柜\n- 订单转化率 32%",
  },
  {
    externalId: "C-2",
    name: "陳美玲",
    resumeText: "求職意向：海運銷售\n- 5年國際貨代銷售經驗\n- 客戶資源 30 餘家\n- 熟悉海運拼箱",
  },
  {
    externalId: "C-3",
    name: "Li Wei",
    resumeText:
      "Objective: Ocean freight sales\n- 4 years of Freight Forwarding Sales\n- client book of 20 shippers\n- ＦＣＬ rates, ＣＥＴ－６",
  },
  { externalId: "C-4", name: "刘洋", resumeText: "- 上海运营中心客服 2 年\n- 暂无客户资源\n- 英语流利" },
  {
    externalId: "C-5",
    name: "Zhang Min",
    resumeText: "- 3 years of freight forwarding sales\n- client book of 15 accounts\n- no ocean freight experience",
  },
];

export function recruitmentBundle(): any {
  const bundle = readFixture("golden-east-2026-10.scenario.json");
  bundle.employees = bundle.employees.map((e: any) =>
    e.externalId === "E-C" ? { ...e, probationEndsAt: "2026-12-01" } : e,
  );
  bundle.employees.push({
    externalId: "E-N",
    name: "赵新",
    email: "zhaoxin@example.com",
    role: "sales",
    teamExternalId: "T-EAST",
    level: "new",
    planKey: "new",
    hiredAt: "2026-09-20",
    probationEndsAt: "2026-12-20",
  });
  bundle.targets.push(
    { employeeExternalId: "E-N", period: "2026-10", metric: "new_customers", value: "3" },
    { employeeExternalId: "E-N", period: "2026-10", metric: "conversion_rate", value: "0.3" },
    { employeeExternalId: "E-N", period: "2026-10", metric: "collected_revenue", value: "20000" },
    { employeeExternalId: "E-N", period: "2026-10", metric: "collection_days", value: "25" },
  );
  bundle.trainingCourses = [
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
  bundle.metricCourses = [
    { metric: "new_customers", courseExternalId: "TC-PROSPECT" },
    { metric: "collected_revenue", courseExternalId: "TC-COLL" },
    { metric: "conversion_rate", courseExternalId: "TC-CRM" },
  ];
  bundle.jobOpenings = [
    {
      externalId: "J-1",
      title: "海运销售代表 / Ocean freight sales",
      teamExternalId: "T-EAST",
      ownerExternalId: "E-M1",
      keywordProfile: PROFILE,
    },
    { externalId: "J-2", title: "Unowned opening", keywordProfile: { required: [], preferred: [] } },
  ];
  bundle.candidates = CANDIDATES.map((c) => ({ ...c, source: "BOSS直聘" }));
  bundle.applications = [
    {
      externalId: "AP-1",
      candidateExternalId: "C-1",
      openingExternalId: "J-1",
      stage: "applied",
      appliedAt: "2026-10-10T02:00:00Z",
    },
    {
      externalId: "AP-2",
      candidateExternalId: "C-2",
      openingExternalId: "J-1",
      stage: "screened",
      appliedAt: "2026-10-08T02:00:00Z",
    },
    {
      externalId: "AP-3",
      candidateExternalId: "C-3",
      openingExternalId: "J-1",
      stage: "interview",
      appliedAt: "2026-10-05T02:00:00Z",
    },
    {
      externalId: "AP-4",
      candidateExternalId: "C-4",
      openingExternalId: "J-1",
      stage: "offer",
      appliedAt: "2026-10-01T02:00:00Z",
    },
    {
      externalId: "AP-5",
      candidateExternalId: "C-5",
      openingExternalId: "J-1",
      stage: "offer",
      appliedAt: "2026-10-01T02:00:00Z",
    },
  ];
  return bundle;
}

/** The sales onboarding template (courses and documents, due N days after the hire date). */
export async function insertOnboardingTemplate(pool: pg.Pool): Promise<void> {
  await pool.query(
    `INSERT INTO onboarding_templates (key, role, name) VALUES ('sales-new-hire', 'sales', '销售新人入职 Sales new-hire onboarding')`,
  );
  await pool.query(
    `INSERT INTO onboarding_template_items (template_id, key, title, kind, course_id, due_days)
     SELECT t.id, x.key, x.title, x.kind, c.id, x.due
     FROM onboarding_templates t,
          (VALUES ('contract', '签订劳动合同 / Sign the contract', 'document', NULL, 1),
                  ('essentials', '新员工入职必修 / New-hire essentials', 'course', 'TC-ESS', 7),
                  ('ff-basics', '货代销售基础 / Freight forwarding fundamentals', 'course', 'TC-FF', 14),
                  ('crm', 'CRM 与销售漏斗 / CRM and the sales funnel', 'course', 'TC-CRM', 21),
                  ('compliance', '合规与报关基础 / Compliance and customs basics', 'course', 'TC-COMP', 30),
                  ('collections', '回款管理 / Collections management', 'course', 'TC-COLL', 45)) AS x(key, title, kind, course, due)
          LEFT JOIN training_courses c ON c.external_id = x.course
     WHERE t.key = 'sales-new-hire'`,
  );
}

/** Marks checklist items done (or explicitly not done with null) for an employee. */
export async function setProgress(pool: pg.Pool, employee: string, done: Record<string, string | null>): Promise<void> {
  for (const [key, at] of Object.entries(done))
    await pool.query(
      `INSERT INTO onboarding_progress (employee_id, item_id, completed_at)
       SELECT e.id, i.id, $3 FROM employees e, onboarding_template_items i WHERE e.external_id = $1 AND i.key = $2
       ON CONFLICT (employee_id, item_id) DO UPDATE SET completed_at = EXCLUDED.completed_at`,
      [employee, key, at],
    );
}

export async function importRecruitment(pool: pg.Pool, extra: (bundle: any) => void = () => {}): Promise<void> {
  const bundle = recruitmentBundle();
  extra(bundle);
  await importScenario(pool, bundle);
  await insertOnboardingTemplate(pool);
}

/** The RecruitError a call is refused with (fails the test when it is not refused). */
export async function refused(p: Promise<unknown>): Promise<RecruitError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof RecruitError) return e;
    throw e;
  }
  throw new Error("not refused");
}
