// The rows `pacer export-scenario` reads, one statement per bundle section (src/scenario/export.ts
// turns them into the bundle format). Rows come in key order (plain string order, COLLATE "C"),
// so an export is stable and import → export → import changes nothing.
import type { Sql } from "../db/client.ts";

const SECTION_QUERIES = {
  organization: `SELECT name, timezone, currency, default_locale, calendar_source, primary_platform::text FROM organization WHERE id = 1`,
  settings: `SELECT key, value FROM settings ORDER BY key COLLATE "C"`,
  calendarDays: `SELECT to_char(date, 'YYYY-MM-DD') AS date, kind::text, name, name_en FROM calendar_days ORDER BY date`,
  plans: `SELECT p.key, p.name, p.cap::text, p.floor::text,
       COALESCE((SELECT json_agg(json_build_object('metric', i.metric, 'weight', i.weight::text, 'gate_metric', i.gate_metric, 'gate_min', i.gate_min::text) ORDER BY i.position)
                 FROM kpi_plan_items i WHERE i.plan_id = p.id), '[]') AS items
     FROM kpi_plans p ORDER BY p.key COLLATE "C"`,
  teams: `SELECT t.external_id, t.name, m.external_id AS manager, p.external_id AS parent
       FROM teams t LEFT JOIN employees m ON m.id = t.manager_id LEFT JOIN teams p ON p.id = t.parent_id
       ORDER BY t.external_id COLLATE "C"`,
  employees: `SELECT e.external_id, e.name, e.email, e.mobile, e.role::text, t.external_id AS team, e.level, p.key AS plan,
         to_char(e.hired_at, 'YYYY-MM-DD') AS hired_at, to_char(e.probation_ends_at, 'YYYY-MM-DD') AS probation_ends_at,
         e.status::text, to_char(e.left_at, 'YYYY-MM-DD') AS left_at, e.locale
       FROM employees e LEFT JOIN teams t ON t.id = e.team_id LEFT JOIN kpi_plans p ON p.id = e.plan_id
       ORDER BY e.external_id COLLATE "C"`,
  customers: `SELECT c.external_id, c.name, e.external_id AS owner FROM customers c LEFT JOIN employees e ON e.id = c.owner_id ORDER BY c.external_id COLLATE "C"`,
  // An order as fed: its feed's owner (an override's credit is the creditOverrides section).
  orders: `SELECT o.external_id, c.external_id AS customer, e.external_id AS owner, o.booked_at, o.revenue::text, o.cost::text,
         o.status::text, to_char(o.due_date, 'YYYY-MM-DD') AS due_date, op.external_id AS operations, cs.external_id AS customer_service
       FROM orders o JOIN customers c ON c.id = o.customer_id LEFT JOIN order_credit_overrides ov ON ov.order_id = o.id
       JOIN employees e ON e.id = COALESCE(ov.source_owner_id, o.owner_id)
       LEFT JOIN employees op ON op.id = o.operations_id LEFT JOIN employees cs ON cs.id = o.customer_service_id
       ORDER BY o.external_id COLLATE "C"`,
  payments: `SELECT p.external_id, o.external_id AS order_ext, p.paid_at, p.amount::text FROM payments p JOIN orders o ON o.id = p.order_id ORDER BY p.external_id COLLATE "C"`,
  leads: `SELECT l.external_id, e.external_id AS owner, l.created_at, l.status::text, l.closed_at FROM leads l JOIN employees e ON e.id = l.owner_id ORDER BY l.external_id COLLATE "C"`,
  creditOverrides: `SELECT o.external_id AS order_ext, e.external_id AS owner FROM order_credit_overrides ov
       JOIN orders o ON o.id = ov.order_id JOIN employees e ON e.id = ov.owner_id ORDER BY o.external_id COLLATE "C"`,
  ratings: `SELECT r.external_id, o.external_id AS order_ext, r.score, r.rater_department, r.rated_at, e.external_id AS rater, r.comment, r.source::text
       FROM ratings r JOIN orders o ON o.id = r.order_id LEFT JOIN employees e ON e.id = r.rater_id ORDER BY r.external_id COLLATE "C"`,
  targets: `SELECT e.external_id AS employee, t.period, t.metric::text, t.value::text FROM targets t JOIN employees e ON e.id = t.employee_id
       ORDER BY e.external_id COLLATE "C", t.period, t.metric::text COLLATE "C"`,
  teamGoals: `SELECT t.external_id AS team, g.period, g.metric::text, g.value::text, g.bonus_tiers FROM team_goals g JOIN teams t ON t.id = g.team_id
       ORDER BY t.external_id COLLATE "C", g.period, g.metric::text COLLATE "C"`,
  trainingCourses: `SELECT external_id, title_zh, title_en, url FROM training_courses ORDER BY external_id COLLATE "C"`,
  metricCourses: `SELECT m.metric::text, c.external_id AS course FROM metric_courses m JOIN training_courses c ON c.id = m.course_id ORDER BY m.metric::text COLLATE "C"`,
  jobOpenings: `SELECT j.external_id, j.title, t.external_id AS team, e.external_id AS owner, j.status, j.keyword_profile
       FROM job_openings j LEFT JOIN teams t ON t.id = j.team_id LEFT JOIN employees e ON e.id = j.owner_id ORDER BY j.external_id COLLATE "C"`,
  candidates: `SELECT external_id, name, email, phone, resume_text, source FROM candidates ORDER BY external_id COLLATE "C"`,
  applications: `SELECT a.external_id, c.external_id AS candidate, j.external_id AS opening, a.stage::text, a.applied_at
       FROM applications a JOIN candidates c ON c.id = a.candidate_id JOIN job_openings j ON j.id = a.opening_id ORDER BY a.external_id COLLATE "C"`,
  interviews: `SELECT i.external_id, a.external_id AS application, i.scheduled_at, i.interviewers, i.result
       FROM interviews i JOIN applications a ON a.id = i.application_id ORDER BY i.external_id COLLATE "C"`,
  offers: `SELECT o.external_id, a.external_id AS application, o.sent_at, o.deadline_at, o.status::text, o.responded_at,
              to_char(o.start_date, 'YYYY-MM-DD') AS start_date
       FROM offers o JOIN applications a ON a.id = o.application_id ORDER BY o.external_id COLLATE "C"`,
  onboardingTemplates: `SELECT key, role::text, name FROM onboarding_templates ORDER BY key COLLATE "C"`,
  onboardingTemplateItems: `SELECT t.key AS template, i.key, i.title, i.kind, c.external_id AS course, i.due_days
       FROM onboarding_template_items i JOIN onboarding_templates t ON t.id = i.template_id
       LEFT JOIN training_courses c ON c.id = i.course_id
       ORDER BY t.key COLLATE "C", i.key COLLATE "C"`,
  onboardingProgress: `SELECT e.external_id AS employee, t.key AS template, i.key AS item, p.completed_at
       FROM onboarding_progress p JOIN employees e ON e.id = p.employee_id
       JOIN onboarding_template_items i ON i.id = p.item_id JOIN onboarding_templates t ON t.id = i.template_id
       ORDER BY e.external_id COLLATE "C", t.key COLLATE "C", i.key COLLATE "C"`,
  trainingCompletions: `SELECT x.external_id, e.external_id AS employee, c.external_id AS course, x.completed_at, x.score::text
       FROM training_completions x JOIN employees e ON e.id = x.employee_id JOIN training_courses c ON c.id = x.course_id
       ORDER BY x.external_id COLLATE "C"`,
} as const;

export type ExportSection = keyof typeof SECTION_QUERIES;

/** Every row of one section, as the statement names its columns. */
export async function readExportSection<T>(sql: Sql, section: ExportSection): Promise<T[]> {
  return (await sql.query(SECTION_QUERIES[section])).rows as T[];
}
