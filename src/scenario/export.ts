// `pacer export-scenario`: the whole organization in the bundle format, so that
// import → export → import changes nothing. Rows are listed by key (plain string order).
import type { Sql } from "../db/client.ts";

/** An instant as the fixtures write it: UTC, seconds, milliseconds only when present. */
export function isoInstant(d: Date | string | null | undefined): string | null {
  if (d === null || d === undefined) return null;
  const s = (typeof d === "string" ? new Date(d) : d).toISOString();
  return s.endsWith(".000Z") ? `${s.slice(0, -5)}Z` : s;
}

/** Decimal text without trailing zeros ("40000.0000" → "40000", "0.6000" → "0.6"). */
export function plainDecimal(s: string): string {
  return s.includes(".") ? s.replace(/\.?0+$/, "") : s;
}

const omitNull = <T extends Record<string, unknown>>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as Partial<T>;

async function rows<T>(sql: Sql, text: string): Promise<T[]> {
  return (await sql.query(text)).rows as T[];
}

export async function exportScenario(sql: Sql): Promise<Record<string, unknown>> {
  const org = (
    await rows<Record<string, string | null>>(
      sql,
      `SELECT name, timezone, currency, default_locale, calendar_source, primary_platform::text FROM organization WHERE id = 1`,
    )
  )[0];
  if (!org)
    throw new Error(
      "Nothing to export: this database has no organization yet (run import-scenario or demo-data first)",
    );

  const bundle: Record<string, unknown> = {
    organization: omitNull({
      name: org.name,
      timezone: org.timezone,
      currency: org.currency,
      defaultLocale: org.default_locale,
      calendarSource: org.calendar_source,
      primaryPlatform: org.primary_platform,
    }),
  };

  const settings = await rows<{ key: string; value: unknown }>(
    sql,
    `SELECT key, value FROM settings ORDER BY key COLLATE "C"`,
  );
  if (settings.length) bundle.settings = Object.fromEntries(settings.map((s) => [s.key, s.value]));

  const days = await rows<{ date: string; kind: string; name: string | null; name_en: string | null }>(
    sql,
    `SELECT to_char(date, 'YYYY-MM-DD') AS date, kind::text, name, name_en FROM calendar_days ORDER BY date`,
  );
  if (days.length) {
    const entry = (d: (typeof days)[number]) => omitNull({ date: d.date, name: d.name, nameEn: d.name_en });
    bundle.calendar = {
      holidays: days.filter((d) => d.kind === "holiday").map(entry),
      workdays: days.filter((d) => d.kind === "workday").map(entry),
    };
  }

  const plans = await rows<{
    key: string;
    name: string;
    cap: string;
    floor: string;
    items: { metric: string; weight: string; gate_metric: string | null; gate_min: string | null }[];
  }>(
    sql,
    `SELECT p.key, p.name, p.cap::text, p.floor::text,
       COALESCE((SELECT json_agg(json_build_object('metric', i.metric, 'weight', i.weight::text, 'gate_metric', i.gate_metric, 'gate_min', i.gate_min::text) ORDER BY i.position)
                 FROM kpi_plan_items i WHERE i.plan_id = p.id), '[]') AS items
     FROM kpi_plans p ORDER BY p.key COLLATE "C"`,
  );
  bundle.plans = plans.map((p) => ({
    key: p.key,
    name: p.name,
    cap: Number(p.cap),
    floor: Number(p.floor),
    items: p.items.map((i) =>
      omitNull({
        metric: i.metric,
        weight: Number(i.weight),
        gate: i.gate_metric ? { metric: i.gate_metric, min: Number(i.gate_min) } : null,
      }),
    ),
  }));

  bundle.teams = (
    await rows<Record<string, string | null>>(
      sql,
      `SELECT t.external_id, t.name, m.external_id AS manager, p.external_id AS parent
       FROM teams t LEFT JOIN employees m ON m.id = t.manager_id LEFT JOIN teams p ON p.id = t.parent_id
       ORDER BY t.external_id COLLATE "C"`,
    )
  ).map((r) =>
    omitNull({ externalId: r.external_id, name: r.name, managerExternalId: r.manager, parentExternalId: r.parent }),
  );

  bundle.employees = (
    await rows<Record<string, string | null>>(
      sql,
      `SELECT e.external_id, e.name, e.email, e.mobile, e.role::text, t.external_id AS team, e.level, p.key AS plan,
         to_char(e.hired_at, 'YYYY-MM-DD') AS hired_at, to_char(e.probation_ends_at, 'YYYY-MM-DD') AS probation_ends_at,
         e.status::text, to_char(e.left_at, 'YYYY-MM-DD') AS left_at, e.locale
       FROM employees e LEFT JOIN teams t ON t.id = e.team_id LEFT JOIN kpi_plans p ON p.id = e.plan_id
       ORDER BY e.external_id COLLATE "C"`,
    )
  ).map((r) =>
    omitNull({
      externalId: r.external_id,
      name: r.name,
      email: r.email,
      mobile: r.mobile,
      role: r.role,
      teamExternalId: r.team,
      level: r.level,
      planKey: r.plan,
      hiredAt: r.hired_at,
      probationEndsAt: r.probation_ends_at,
      status: r.status,
      leftAt: r.left_at,
      locale: r.locale,
    }),
  );

  bundle.customers = (
    await rows<Record<string, string | null>>(
      sql,
      `SELECT c.external_id, c.name, e.external_id AS owner FROM customers c LEFT JOIN employees e ON e.id = c.owner_id ORDER BY c.external_id COLLATE "C"`,
    )
  ).map((r) => omitNull({ externalId: r.external_id, name: r.name, ownerExternalId: r.owner }));

  bundle.orders = (
    await rows<Record<string, string | null>>(
      sql,
      `SELECT o.external_id, c.external_id AS customer, e.external_id AS owner, o.booked_at, o.revenue::text, o.cost::text,
         o.status::text, to_char(o.due_date, 'YYYY-MM-DD') AS due_date
       FROM orders o JOIN customers c ON c.id = o.customer_id JOIN employees e ON e.id = o.owner_id
       ORDER BY o.external_id COLLATE "C"`,
    )
  ).map((r) =>
    omitNull({
      externalId: r.external_id,
      customerExternalId: r.customer,
      ownerExternalId: r.owner,
      bookedAt: isoInstant(r.booked_at),
      revenue: r.revenue,
      cost: r.cost,
      status: r.status,
      dueDate: r.due_date,
    }),
  );

  bundle.payments = (
    await rows<Record<string, string>>(
      sql,
      `SELECT p.external_id, o.external_id AS order_ext, p.paid_at, p.amount::text FROM payments p JOIN orders o ON o.id = p.order_id ORDER BY p.external_id COLLATE "C"`,
    )
  ).map((r) => ({
    externalId: r.external_id,
    orderExternalId: r.order_ext,
    paidAt: isoInstant(r.paid_at),
    amount: r.amount,
  }));

  bundle.leads = (
    await rows<Record<string, string | null>>(
      sql,
      `SELECT l.external_id, e.external_id AS owner, l.created_at, l.status::text, l.closed_at FROM leads l JOIN employees e ON e.id = l.owner_id ORDER BY l.external_id COLLATE "C"`,
    )
  ).map((r) =>
    omitNull({
      externalId: r.external_id,
      ownerExternalId: r.owner,
      createdAt: isoInstant(r.created_at),
      status: r.status,
      closedAt: isoInstant(r.closed_at),
    }),
  );

  bundle.ratings = (
    await rows<Record<string, string | number>>(
      sql,
      `SELECT r.external_id, o.external_id AS order_ext, r.score, r.rater_department, r.rated_at FROM ratings r JOIN orders o ON o.id = r.order_id ORDER BY r.external_id COLLATE "C"`,
    )
  ).map((r) => ({
    externalId: r.external_id,
    orderExternalId: r.order_ext,
    score: Number(r.score),
    raterDepartment: r.rater_department,
    ratedAt: isoInstant(r.rated_at as string),
  }));

  bundle.targets = (
    await rows<Record<string, string>>(
      sql,
      `SELECT e.external_id AS employee, t.period, t.metric::text, t.value::text FROM targets t JOIN employees e ON e.id = t.employee_id
       ORDER BY e.external_id COLLATE "C", t.period, t.metric::text COLLATE "C"`,
    )
  ).map((r) => ({ employeeExternalId: r.employee, period: r.period, metric: r.metric, value: plainDecimal(r.value!) }));

  bundle.teamGoals = (
    await rows<{ team: string; period: string; metric: string; value: string; bonus_tiers: unknown }>(
      sql,
      `SELECT t.external_id AS team, g.period, g.metric::text, g.value::text, g.bonus_tiers FROM team_goals g JOIN teams t ON t.id = g.team_id
       ORDER BY t.external_id COLLATE "C", g.period, g.metric::text COLLATE "C"`,
    )
  ).map((r) => ({
    teamExternalId: r.team,
    period: r.period,
    metric: r.metric,
    value: plainDecimal(r.value),
    bonusTiers: r.bonus_tiers,
  }));

  bundle.trainingCourses = (
    await rows<Record<string, string | null>>(
      sql,
      `SELECT external_id, title_zh, title_en, url FROM training_courses ORDER BY external_id COLLATE "C"`,
    )
  ).map((r) => omitNull({ externalId: r.external_id, titleZh: r.title_zh, titleEn: r.title_en, url: r.url }));

  bundle.metricCourses = (
    await rows<Record<string, string>>(
      sql,
      `SELECT m.metric::text, c.external_id AS course FROM metric_courses m JOIN training_courses c ON c.id = m.course_id ORDER BY m.metric::text COLLATE "C"`,
    )
  ).map((r) => ({ metric: r.metric, courseExternalId: r.course }));

  bundle.jobOpenings = (
    await rows<{
      external_id: string;
      title: string;
      team: string | null;
      owner: string | null;
      status: string;
      keyword_profile: unknown;
    }>(
      sql,
      `SELECT j.external_id, j.title, t.external_id AS team, e.external_id AS owner, j.status, j.keyword_profile
       FROM job_openings j LEFT JOIN teams t ON t.id = j.team_id LEFT JOIN employees e ON e.id = j.owner_id ORDER BY j.external_id COLLATE "C"`,
    )
  ).map((r) =>
    omitNull({
      externalId: r.external_id,
      title: r.title,
      teamExternalId: r.team,
      ownerExternalId: r.owner,
      status: r.status,
      keywordProfile: r.keyword_profile,
    }),
  );

  bundle.candidates = (
    await rows<Record<string, string | null>>(
      sql,
      `SELECT external_id, name, email, phone, resume_text, source FROM candidates ORDER BY external_id COLLATE "C"`,
    )
  ).map((r) =>
    omitNull({
      externalId: r.external_id,
      name: r.name,
      email: r.email,
      phone: r.phone,
      resumeText: r.resume_text,
      source: r.source,
    }),
  );

  bundle.applications = (
    await rows<Record<string, string>>(
      sql,
      `SELECT a.external_id, c.external_id AS candidate, j.external_id AS opening, a.stage::text, a.applied_at
       FROM applications a JOIN candidates c ON c.id = a.candidate_id JOIN job_openings j ON j.id = a.opening_id ORDER BY a.external_id COLLATE "C"`,
    )
  ).map((r) => ({
    externalId: r.external_id,
    candidateExternalId: r.candidate,
    openingExternalId: r.opening,
    stage: r.stage,
    appliedAt: isoInstant(r.applied_at!),
  }));

  bundle.interviews = (
    await rows<{
      external_id: string;
      application: string;
      scheduled_at: string;
      interviewers: string[];
      result: string | null;
    }>(
      sql,
      `SELECT i.external_id, a.external_id AS application, i.scheduled_at, i.interviewers, i.result
       FROM interviews i JOIN applications a ON a.id = i.application_id ORDER BY i.external_id COLLATE "C"`,
    )
  ).map((r) =>
    omitNull({
      externalId: r.external_id,
      applicationExternalId: r.application,
      scheduledAt: isoInstant(r.scheduled_at),
      interviewers: r.interviewers,
      result: r.result,
    }),
  );

  bundle.offers = (
    await rows<Record<string, string | null>>(
      sql,
      `SELECT o.external_id, a.external_id AS application, o.sent_at, o.deadline_at, o.status::text, o.responded_at,
              to_char(o.start_date, 'YYYY-MM-DD') AS start_date
       FROM offers o JOIN applications a ON a.id = o.application_id ORDER BY o.external_id COLLATE "C"`,
    )
  ).map((r) =>
    omitNull({
      externalId: r.external_id,
      applicationExternalId: r.application,
      sentAt: isoInstant(r.sent_at),
      deadlineAt: isoInstant(r.deadline_at),
      status: r.status,
      respondedAt: isoInstant(r.responded_at),
      startDate: r.start_date,
    }),
  );

  bundle.onboardingTemplates = (
    await rows<Record<string, string>>(
      sql,
      `SELECT key, role::text, name FROM onboarding_templates ORDER BY key COLLATE "C"`,
    )
  ).map((r) => ({ key: r.key, role: r.role, name: r.name }));

  bundle.onboardingTemplateItems = (
    await rows<{
      template: string;
      key: string;
      title: string;
      kind: string;
      course: string | null;
      due_days: number;
    }>(
      sql,
      `SELECT t.key AS template, i.key, i.title, i.kind, c.external_id AS course, i.due_days
       FROM onboarding_template_items i JOIN onboarding_templates t ON t.id = i.template_id
       LEFT JOIN training_courses c ON c.id = i.course_id
       ORDER BY t.key COLLATE "C", i.key COLLATE "C"`,
    )
  ).map((r) =>
    omitNull({
      templateKey: r.template,
      key: r.key,
      title: r.title,
      kind: r.kind,
      courseExternalId: r.course,
      dueDays: r.due_days,
    }),
  );

  bundle.onboardingProgress = (
    await rows<{ employee: string; template: string; item: string; completed_at: string | null }>(
      sql,
      `SELECT e.external_id AS employee, t.key AS template, i.key AS item, p.completed_at
       FROM onboarding_progress p JOIN employees e ON e.id = p.employee_id
       JOIN onboarding_template_items i ON i.id = p.item_id JOIN onboarding_templates t ON t.id = i.template_id
       ORDER BY e.external_id COLLATE "C", t.key COLLATE "C", i.key COLLATE "C"`,
    )
  ).map((r) =>
    omitNull({
      employeeExternalId: r.employee,
      templateKey: r.template,
      itemKey: r.item,
      completedAt: isoInstant(r.completed_at),
    }),
  );

  bundle.trainingCompletions = (
    await rows<Record<string, string | null>>(
      sql,
      `SELECT x.external_id, e.external_id AS employee, c.external_id AS course, x.completed_at, x.score::text
       FROM training_completions x JOIN employees e ON e.id = x.employee_id JOIN training_courses c ON c.id = x.course_id
       ORDER BY x.external_id COLLATE "C"`,
    )
  ).map((r) =>
    omitNull({
      externalId: r.external_id,
      employeeExternalId: r.employee,
      courseExternalId: r.course,
      completedAt: isoInstant(r.completed_at),
      score: r.score === null ? null : plainDecimal(r.score!),
    }),
  );

  return bundle;
}
