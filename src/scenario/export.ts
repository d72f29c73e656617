// `pacer export-scenario`: the whole organization in the bundle format, so that
// import → export → import changes nothing. Rows are listed by key (plain string order).
import type { Sql } from "../db/client.ts";
import { readExportSection } from "../store/scenario-export.ts";

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

export async function exportScenario(sql: Sql): Promise<Record<string, unknown>> {
  const org = (await readExportSection<Record<string, string | null>>(sql, "organization"))[0];
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

  const settings = await readExportSection<{ key: string; value: unknown }>(sql, "settings");
  if (settings.length) bundle.settings = Object.fromEntries(settings.map((s) => [s.key, s.value]));

  const days = await readExportSection<{ date: string; kind: string; name: string | null; name_en: string | null }>(
    sql,
    "calendarDays",
  );
  if (days.length) {
    const entry = (d: (typeof days)[number]) => omitNull({ date: d.date, name: d.name, nameEn: d.name_en });
    bundle.calendar = {
      holidays: days.filter((d) => d.kind === "holiday").map(entry),
      workdays: days.filter((d) => d.kind === "workday").map(entry),
    };
  }

  const plans = await readExportSection<{
    key: string;
    name: string;
    cap: string;
    floor: string;
    items: { metric: string; weight: string; gate_metric: string | null; gate_min: string | null }[];
  }>(sql, "plans");
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

  bundle.teams = (await readExportSection<Record<string, string | null>>(sql, "teams")).map((r) =>
    omitNull({ externalId: r.external_id, name: r.name, managerExternalId: r.manager, parentExternalId: r.parent }),
  );

  bundle.employees = (await readExportSection<Record<string, string | null>>(sql, "employees")).map((r) =>
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

  bundle.customers = (await readExportSection<Record<string, string | null>>(sql, "customers")).map((r) =>
    omitNull({ externalId: r.external_id, name: r.name, ownerExternalId: r.owner }),
  );

  bundle.orders = (await readExportSection<Record<string, string | null>>(sql, "orders")).map((r) =>
    omitNull({
      externalId: r.external_id,
      customerExternalId: r.customer,
      ownerExternalId: r.owner,
      bookedAt: isoInstant(r.booked_at),
      revenue: r.revenue,
      cost: r.cost,
      status: r.status,
      dueDate: r.due_date,
      operationsExternalId: r.operations,
      customerServiceExternalId: r.customer_service,
    }),
  );

  bundle.payments = (await readExportSection<Record<string, string>>(sql, "payments")).map((r) => ({
    externalId: r.external_id,
    orderExternalId: r.order_ext,
    paidAt: isoInstant(r.paid_at),
    amount: r.amount,
  }));

  bundle.leads = (await readExportSection<Record<string, string | null>>(sql, "leads")).map((r) =>
    omitNull({
      externalId: r.external_id,
      ownerExternalId: r.owner,
      createdAt: isoInstant(r.created_at),
      status: r.status,
      closedAt: isoInstant(r.closed_at),
    }),
  );

  bundle.ratings = (await readExportSection<Record<string, string | number | null>>(sql, "ratings")).map((r) =>
    omitNull({
      externalId: r.external_id,
      orderExternalId: r.order_ext,
      score: Number(r.score),
      raterDepartment: r.rater_department,
      ratedAt: isoInstant(r.rated_at as string),
      raterExternalId: r.rater,
      comment: r.comment,
      // The default is left out, so feed-only bundles export as before.
      source: r.source === "feed" ? null : r.source,
    }),
  );

  bundle.targets = (await readExportSection<Record<string, string>>(sql, "targets")).map((r) => ({
    employeeExternalId: r.employee,
    period: r.period,
    metric: r.metric,
    value: plainDecimal(r.value!),
  }));

  bundle.teamGoals = (
    await readExportSection<{ team: string; period: string; metric: string; value: string; bonus_tiers: unknown }>(
      sql,
      "teamGoals",
    )
  ).map((r) => ({
    teamExternalId: r.team,
    period: r.period,
    metric: r.metric,
    value: plainDecimal(r.value),
    bonusTiers: r.bonus_tiers,
  }));

  bundle.trainingCourses = (await readExportSection<Record<string, string | null>>(sql, "trainingCourses")).map((r) =>
    omitNull({ externalId: r.external_id, titleZh: r.title_zh, titleEn: r.title_en, url: r.url }),
  );

  bundle.metricCourses = (await readExportSection<Record<string, string>>(sql, "metricCourses")).map((r) => ({
    metric: r.metric,
    courseExternalId: r.course,
  }));

  bundle.jobOpenings = (
    await readExportSection<{
      external_id: string;
      title: string;
      team: string | null;
      owner: string | null;
      status: string;
      keyword_profile: unknown;
    }>(sql, "jobOpenings")
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

  bundle.candidates = (await readExportSection<Record<string, string | null>>(sql, "candidates")).map((r) =>
    omitNull({
      externalId: r.external_id,
      name: r.name,
      email: r.email,
      phone: r.phone,
      resumeText: r.resume_text,
      source: r.source,
    }),
  );

  bundle.applications = (await readExportSection<Record<string, string>>(sql, "applications")).map((r) => ({
    externalId: r.external_id,
    candidateExternalId: r.candidate,
    openingExternalId: r.opening,
    stage: r.stage,
    appliedAt: isoInstant(r.applied_at!),
  }));

  bundle.interviews = (
    await readExportSection<{
      external_id: string;
      application: string;
      scheduled_at: string;
      interviewers: string[];
      result: string | null;
    }>(sql, "interviews")
  ).map((r) =>
    omitNull({
      externalId: r.external_id,
      applicationExternalId: r.application,
      scheduledAt: isoInstant(r.scheduled_at),
      interviewers: r.interviewers,
      result: r.result,
    }),
  );

  bundle.offers = (await readExportSection<Record<string, string | null>>(sql, "offers")).map((r) =>
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

  bundle.onboardingTemplates = (await readExportSection<Record<string, string>>(sql, "onboardingTemplates")).map(
    (r) => ({ key: r.key, role: r.role, name: r.name }),
  );

  bundle.onboardingTemplateItems = (
    await readExportSection<{
      template: string;
      key: string;
      title: string;
      kind: string;
      course: string | null;
      due_days: number;
    }>(sql, "onboardingTemplateItems")
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
    await readExportSection<{ employee: string; template: string; item: string; completed_at: string | null }>(
      sql,
      "onboardingProgress",
    )
  ).map((r) =>
    omitNull({
      employeeExternalId: r.employee,
      templateKey: r.template,
      itemKey: r.item,
      completedAt: isoInstant(r.completed_at),
    }),
  );

  bundle.trainingCompletions = (await readExportSection<Record<string, string | null>>(sql, "trainingCompletions")).map(
    (r) =>
      omitNull({
        externalId: r.external_id,
        employeeExternalId: r.employee,
        courseExternalId: r.course,
        completedAt: isoInstant(r.completed_at),
        score: r.score === null ? null : plainDecimal(r.score!),
      }),
  );

  // Orders are exported as fed; the credit an approved dispute moved comes back as an override.
  const overrides = await readExportSection<{ order_ext: string; owner: string }>(sql, "creditOverrides");
  if (overrides.length)
    bundle.creditOverrides = overrides.map((r) => ({ orderExternalId: r.order_ext, ownerExternalId: r.owner }));

  return bundle;
}
