// Every entity the feeds can write: its row schema (the fixture/scenario format), how a row is
// keyed, which other entities it references, and how it maps onto its table. The ingest API,
// CSV imports and scenario bundles all go through these definitions and ./upsert.ts.
import { z } from "zod";
import {
  boundedNumber,
  decimal,
  email,
  enumOf,
  externalId,
  instant,
  money,
  nonNegativeMoney,
  number,
  optionalDate,
  optionalInstant,
  optionalText,
  period,
  text,
} from "../kpi/fields.ts";
import { METRICS, metricDefinition as metricDef } from "../kpi/metrics.ts";
import { STAGES } from "../recruit/errors.ts";
import { keywordProfileSchema } from "../recruit/screening.ts";

/** A value column: its name and Postgres type (as used in jsonb_to_recordset) and its value. */
export interface Column<R> {
  column: string;
  type: string;
  value(row: R): unknown;
}

/** A reference to another entity by its key, stored as that row's id in `column`. */
export interface Ref<R> {
  field: string;
  column: string;
  entity: EntityName;
  required: boolean;
  value(row: R): string | null;
  /** Resolved after the whole batch is written (teams may name a manager imported later). */
  deferred?: boolean;
  /**
   * A row of `table` keyed by this row's id replaces the fed value: the column keeps the override's
   * `column` and the fed value is recorded in the override's `source` (an order's credit after an
   * approved dispute: a re-fed order keeps its override's owner).
   */
  overriddenBy?: { table: string; key: string; column: string; source: string };
}

// biome-ignore lint/suspicious/noExplicitAny: the registry holds every entity's row type behind one name
export interface EntityDef<R = any> {
  name: EntityName;
  bundleKey: string;
  /** Singular noun for messages: "order", "team goal". */
  noun: string;
  schema: z.ZodType<R>;
  table: string;
  /** The field that names a row in error reports (externalId, key, or a composite). */
  keyField: string;
  key(row: R): string;
  /** ON CONFLICT target. */
  conflict: string[];
  columns: Column<R>[];
  refs: Ref<R>[];
  /** Where other entities find this one: its key column. */
  lookupColumn: string;
  /**
   * The key other rows reference this one by, read from its raw fields, when that is not simply
   * its `key`/`externalId` field (a checklist item is referenced as "<template key>/<item key>").
   */
  refKey?: (raw: Record<string, unknown>) => string | null;
}

export type EntityName =
  | "teams"
  | "employees"
  | "customers"
  | "orders"
  | "payments"
  | "leads"
  | "ratings"
  | "plans"
  | "targets"
  | "team-goals"
  | "training-courses"
  | "job-openings"
  | "candidates"
  | "applications"
  | "interviews"
  | "offers"
  | "onboarding-templates"
  | "onboarding-template-items"
  | "onboarding-progress"
  | "training-completions";

const metric = enumOf(METRICS, "KPI metrics");

// ---------------------------------------------------------------------------------------------
// Row schemas, in the scenario bundle's field names.

export const teamRow = z.strictObject({
  externalId,
  name: text(200),
  managerExternalId: optionalText(128),
  parentExternalId: optionalText(128),
});

export const employeeRow = z
  .strictObject({
    externalId,
    name: text(200),
    email,
    mobile: optionalText(40),
    role: enumOf(["sales", "manager", "hr", "admin"], "employee roles"),
    teamExternalId: optionalText(128),
    level: optionalText(40),
    planKey: optionalText(64),
    hiredAt: optionalDate,
    probationEndsAt: optionalDate,
    status: enumOf(["active", "on_leave", "left"], "employee statuses").default("active"),
    leftAt: optionalDate,
    locale: z
      .union([z.literal("zh-CN"), z.literal("en"), z.literal(""), z.null()], { error: "must be zh-CN or en" })
      .optional()
      .transform((v) => (v ? v : null)),
  })
  .superRefine((row, ctx) => {
    if (row.leftAt && row.status !== "left")
      ctx.addIssue({ code: "custom", path: ["leftAt"], message: 'is only for people whose status is "left"' });
  });

export const customerRow = z.strictObject({
  externalId,
  name: text(300),
  ownerExternalId: optionalText(128),
});

export const orderRow = z
  .strictObject({
    externalId,
    customerExternalId: externalId,
    ownerExternalId: externalId,
    bookedAt: instant,
    revenue: nonNegativeMoney,
    cost: nonNegativeMoney,
    status: enumOf(["booked", "in_transit", "completed", "cancelled"], "order statuses"),
    dueDate: optionalDate,
    /** The operations and customer-service colleagues on the shipment (employees), asked to rate the salesperson. */
    operationsExternalId: optionalText(128),
    customerServiceExternalId: optionalText(128),
  })
  .superRefine((row, ctx) => {
    // The salesperson cannot be the colleague who rates them.
    for (const field of ["operationsExternalId", "customerServiceExternalId"] as const)
      if (row[field] !== null && row[field] === row.ownerExternalId)
        ctx.addIssue({ code: "custom", path: [field], message: "must not be the order's owner" });
  });

export const paymentRow = z.strictObject({
  externalId,
  orderExternalId: externalId,
  paidAt: instant,
  amount: money.refine((v) => !/^-?0+(\.0+)?$/.test(v), "must not be 0 (refunds are negative amounts)"),
});

export const leadRow = z
  .strictObject({
    externalId,
    ownerExternalId: externalId,
    createdAt: instant,
    status: enumOf(["open", "converted", "lost"], "lead statuses"),
    closedAt: optionalInstant,
  })
  .superRefine((row, ctx) => {
    if (row.status !== "open" && row.closedAt === null)
      ctx.addIssue({ code: "custom", path: ["closedAt"], message: `is required when status is ${row.status}` });
    if (row.closedAt && row.closedAt < row.createdAt)
      ctx.addIssue({ code: "custom", path: ["closedAt"], message: "must not be before createdAt" });
  });

export const ratingRow = z
  .strictObject({
    externalId,
    orderExternalId: externalId,
    score: number.pipe(z.number().int("must be a whole number").min(1, "must be 1 to 5").max(5, "must be 1 to 5")),
    raterDepartment: text(80),
    ratedAt: instant,
    /** The employee who gave it, when the feed knows (a chat rating always does). */
    raterExternalId: optionalText(128),
    comment: optionalText(1000),
    source: enumOf(["feed", "chat"], "rating sources").default("feed"),
  })
  .superRefine((row, ctx) => {
    if (row.source === "chat" && row.raterExternalId === null)
      ctx.addIssue({ code: "custom", path: ["raterExternalId"], message: "is required for a chat rating" });
  });

const targetValue = decimal({ places: 4, max: 14 });

export const targetRow = z
  .strictObject({
    employeeExternalId: externalId,
    period,
    metric,
    value: targetValue,
  })
  .superRefine((row, ctx) => checkTargetValue(row.metric, row.value, ctx));

/**
 * Bonus tiers are points added to every member's score and stored by the month close in
 * numeric(10,2) columns: bounded so no stored goal can overflow them (base ≤ 100 × cap ≤ 1,000,
 * plus at most one tier per additive metric). Completion is a ratio (1 = on target).
 */
export const MAX_BONUS_POINTS = 1000;
export const MAX_MIN_COMPLETION = 100;

const bonusTiers = z
  .array(
    z.strictObject({
      minCompletion: boundedNumber({ min: 0, max: MAX_MIN_COMPLETION, places: 4 }),
      points: boundedNumber({ min: 0, max: MAX_BONUS_POINTS, places: 2 }),
    }),
    { error: "must be a list of {minCompletion, points}" },
  )
  .max(20, "must have at most 20 tiers")
  .superRefine((tiers, ctx) => {
    const seen = new Set<number>();
    for (const t of tiers) {
      if (seen.has(t.minCompletion))
        ctx.addIssue({ code: "custom", message: `has minCompletion ${t.minCompletion} twice` });
      seen.add(t.minCompletion);
    }
  });

export const teamGoalRow = z
  .strictObject({
    teamExternalId: externalId,
    period,
    metric,
    value: decimal({ places: 2, min: "positive", max: 14 }),
    bonusTiers: z.preprocess((v) => (typeof v === "string" ? safeJson(v) : v), bonusTiers).default([]),
  })
  .superRefine((row, ctx) => {
    if (!metricDef(row.metric).additive)
      ctx.addIssue({
        code: "custom",
        path: ["metric"],
        message: `${row.metric} cannot be a team goal: only additive metrics can (${METRICS.filter((m) => metricDef(m).additive).join(", ")})`,
      });
    if (metricDef(row.metric).kind === "count" && !/^\d+$/.test(row.value))
      ctx.addIssue({ code: "custom", path: ["value"], message: `must be a whole number for ${row.metric}` });
  });

export const trainingCourseRow = z.strictObject({
  externalId,
  titleZh: text(300),
  titleEn: text(300),
  url: optionalText(1000),
});

export const jobOpeningRow = z.strictObject({
  externalId,
  title: text(200),
  teamExternalId: optionalText(128),
  ownerExternalId: optionalText(128),
  status: enumOf(["open", "closed"], "opening statuses").default("open"),
  keywordProfile: z
    .preprocess((v) => (typeof v === "string" ? safeJson(v) : v), keywordProfileSchema)
    .default({ required: [], preferred: [] }),
});

export const candidateRow = z.strictObject({
  externalId,
  name: text(200),
  email,
  phone: optionalText(40),
  resumeText: z.string({ error: "must be a string" }).max(100_000, "must be at most 100,000 characters"),
  source: optionalText(100),
});

export const applicationRow = z.strictObject({
  externalId,
  candidateExternalId: externalId,
  openingExternalId: externalId,
  stage: enumOf(STAGES, "application stages").default("applied"),
  appliedAt: instant,
});

export const interviewRow = z.strictObject({
  externalId,
  applicationExternalId: externalId,
  scheduledAt: instant,
  interviewers: z.preprocess(
    (v) =>
      typeof v === "string"
        ? v
            .split(/[;,，、]/)
            .map((s) => s.trim())
            .filter(Boolean)
        : v,
    z.array(text(200), { error: "must be a list of names" }).max(50, "must have at most 50 interviewers"),
  ),
  result: optionalText(500),
});

export const offerRow = z
  .strictObject({
    externalId,
    applicationExternalId: externalId,
    sentAt: instant,
    deadlineAt: optionalInstant,
    status: enumOf(["pending", "accepted", "declined", "expired", "withdrawn"], "offer statuses").default("pending"),
    respondedAt: optionalInstant,
    /** The agreed first day (a local date), once known. */
    startDate: optionalDate,
  })
  .transform((row) => ({
    ...row,
    // README "HR": the default response deadline is 3 days after sending.
    deadlineAt: row.deadlineAt ?? new Date(row.sentAt.getTime() + 3 * 24 * 3600 * 1000),
  }))
  .superRefine((row, ctx) => {
    if (row.deadlineAt <= row.sentAt)
      ctx.addIssue({ code: "custom", path: ["deadlineAt"], message: "must be after sentAt" });
  });

// Onboarding: templates per role, their checklist items, each new hire's progress on them, and the
// training courses people completed (from the learning system).

/** A template's or item's key: it is part of "<template>/<item>", so it holds no "/". */
const slug = z
  .string({ error: "is required (a non-empty string)" })
  .trim()
  .min(1, "must not be empty")
  .max(64, "must be at most 64 characters")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "may hold only letters, digits, '.', '_' and '-'");

export const onboardingTemplateRow = z.strictObject({
  key: slug,
  role: enumOf(["sales", "manager", "hr", "admin"], "employee roles"),
  name: text(200),
});

export const ONBOARDING_ITEM_KINDS = ["course", "document", "task"] as const;

export const onboardingTemplateItemRow = z
  .strictObject({
    templateKey: slug,
    key: slug,
    title: text(300),
    kind: enumOf(ONBOARDING_ITEM_KINDS, "checklist item kinds"),
    courseExternalId: optionalText(128),
    dueDays: number.pipe(
      z.number().int("must be a whole number of days").min(0, "must be 0 to 365").max(365, "must be 0 to 365"),
    ),
  })
  .superRefine((row, ctx) => {
    if (row.kind === "course" && row.courseExternalId === null)
      ctx.addIssue({ code: "custom", path: ["courseExternalId"], message: "is required for a course item" });
    if (row.kind !== "course" && row.courseExternalId !== null)
      ctx.addIssue({
        code: "custom",
        path: ["courseExternalId"],
        message: `is only for course items, not ${row.kind}`,
      });
  });

export const onboardingProgressRow = z.strictObject({
  employeeExternalId: externalId,
  templateKey: slug,
  itemKey: slug,
  /** When the item was done; absent or null: not done (yet, or undone). */
  completedAt: optionalInstant,
});

const score = z
  .union([z.string(), z.number(), z.null()], { error: "must be a number from 0 to 100" })
  .optional()
  .transform((v) => (v === undefined || v === null || (typeof v === "string" && v.trim() === "") ? null : v))
  .pipe(
    decimal({ places: 2, min: "nonnegative", max: 3 })
      .refine((v) => Number(v) <= 100, "must be a number from 0 to 100")
      .nullable(),
  );

export const trainingCompletionRow = z.strictObject({
  externalId,
  employeeExternalId: externalId,
  courseExternalId: externalId,
  completedAt: instant,
  /** 0–100 with at most 2 decimals, when the course is scored. */
  score,
});

const itemRef = (templateKey: unknown, key: unknown): string | null =>
  typeof templateKey === "string" && typeof key === "string" ? `${templateKey.trim()}/${key.trim()}` : null;

// ---------------------------------------------------------------------------------------------

function safeJson(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

function checkTargetValue(m: (typeof METRICS)[number], value: string, ctx: z.RefinementCtx) {
  const def = metricDef(m);
  const places = value.includes(".") ? value.split(".")[1]!.length : 0;
  if (def.kind === "money" && places > 2)
    ctx.addIssue({ code: "custom", path: ["value"], message: `must have at most 2 decimal places for ${m}` });
  if (def.kind === "count" && places > 0)
    ctx.addIssue({ code: "custom", path: ["value"], message: `must be a whole number for ${m}` });
  // Rates are fractions (0.6 = 60 %) and collaboration is scored 1–5: a target beyond can never be met.
  if (def.kind === "rate" && (value.startsWith("-") || Number(value) > 1))
    ctx.addIssue({
      code: "custom",
      path: ["value"],
      message: `must be between 0 and 1 for ${m} (a fraction, 0.6 = 60 %)`,
    });
  if (m === "collaboration_score" && (value.startsWith("-") || Number(value) > 5))
    ctx.addIssue({ code: "custom", path: ["value"], message: `must be between 0 and 5 for ${m}` });
  if (def.direction === "lower" && (value.startsWith("-") || /^0+(\.0+)?$/.test(value)))
    ctx.addIssue({ code: "custom", path: ["value"], message: `must be greater than 0: ${m} is lower-is-better` });
}

/** What every externalId-keyed entity shares: keyed, conflicting and found by external_id. */
const keyed = {
  keyField: "externalId",
  key: (r: { externalId: string }) => r.externalId,
  conflict: ["external_id"],
  lookupColumn: "external_id",
};
const externalIdColumn: Column<{ externalId: string }> = {
  column: "external_id",
  type: "text",
  value: (r) => r.externalId,
};

/**
 * A reference read from the row's field of the same name (every one but the checklist item's).
 * The row type must have that field, so a misspelt name does not compile.
 */
function ref<F extends string>(
  field: F,
  column: string,
  entity: EntityName,
  options: { required: boolean; deferred?: boolean; overriddenBy?: Ref<unknown>["overriddenBy"] },
): Ref<{ [K in F]: string | null }> {
  return { field, column, entity, ...options, value: (r) => r[field] };
}

type Row<S extends z.ZodType> = z.output<S>;

function def<S extends z.ZodType>(d: Omit<EntityDef<Row<S>>, "schema"> & { schema: S }): EntityDef<Row<S>> {
  return d as unknown as EntityDef<Row<S>>;
}

export const ENTITIES = {
  teams: def({
    name: "teams",
    bundleKey: "teams",
    noun: "team",
    schema: teamRow,
    table: "teams",
    ...keyed,
    columns: [externalIdColumn, { column: "name", type: "text", value: (r) => r.name }],
    refs: [
      ref("managerExternalId", "manager_id", "employees", { required: false, deferred: true }),
      ref("parentExternalId", "parent_id", "teams", { required: false, deferred: true }),
    ],
  }),
  employees: def({
    name: "employees",
    bundleKey: "employees",
    noun: "employee",
    schema: employeeRow,
    table: "employees",
    ...keyed,
    columns: [
      externalIdColumn,
      { column: "name", type: "text", value: (r) => r.name },
      { column: "email", type: "text", value: (r) => r.email },
      { column: "mobile", type: "text", value: (r) => r.mobile },
      { column: "role", type: '"Role"', value: (r) => r.role },
      { column: "level", type: "text", value: (r) => r.level },
      { column: "hired_at", type: "date", value: (r) => r.hiredAt },
      { column: "probation_ends_at", type: "date", value: (r) => r.probationEndsAt },
      { column: "status", type: '"EmployeeStatus"', value: (r) => r.status },
      { column: "left_at", type: "date", value: (r) => r.leftAt },
      { column: "locale", type: "text", value: (r) => r.locale },
    ],
    refs: [
      ref("teamExternalId", "team_id", "teams", { required: false }),
      ref("planKey", "plan_id", "plans", { required: false }),
    ],
  }),
  customers: def({
    name: "customers",
    bundleKey: "customers",
    noun: "customer",
    schema: customerRow,
    table: "customers",
    ...keyed,
    columns: [externalIdColumn, { column: "name", type: "text", value: (r) => r.name }],
    refs: [ref("ownerExternalId", "owner_id", "employees", { required: false })],
  }),
  orders: def({
    name: "orders",
    bundleKey: "orders",
    noun: "order",
    schema: orderRow,
    table: "orders",
    ...keyed,
    columns: [
      externalIdColumn,
      { column: "booked_at", type: "timestamptz", value: (r) => r.bookedAt.toISOString() },
      { column: "revenue", type: "numeric", value: (r) => r.revenue },
      { column: "cost", type: "numeric", value: (r) => r.cost },
      { column: "status", type: '"OrderStatus"', value: (r) => r.status },
      { column: "due_date", type: "date", value: (r) => r.dueDate },
    ],
    refs: [
      ref("customerExternalId", "customer_id", "customers", { required: true }),
      ref("ownerExternalId", "owner_id", "employees", {
        required: true,
        overriddenBy: {
          table: "order_credit_overrides",
          key: "order_id",
          column: "owner_id",
          source: "source_owner_id",
        },
      }),
      ref("operationsExternalId", "operations_id", "employees", { required: false }),
      ref("customerServiceExternalId", "customer_service_id", "employees", { required: false }),
    ],
  }),
  payments: def({
    name: "payments",
    bundleKey: "payments",
    noun: "payment",
    schema: paymentRow,
    table: "payments",
    ...keyed,
    columns: [
      externalIdColumn,
      { column: "paid_at", type: "timestamptz", value: (r) => r.paidAt.toISOString() },
      { column: "amount", type: "numeric", value: (r) => r.amount },
    ],
    refs: [ref("orderExternalId", "order_id", "orders", { required: true })],
  }),
  leads: def({
    name: "leads",
    bundleKey: "leads",
    noun: "lead",
    schema: leadRow,
    table: "leads",
    ...keyed,
    columns: [
      externalIdColumn,
      { column: "created_at", type: "timestamptz", value: (r) => r.createdAt.toISOString() },
      { column: "status", type: '"LeadStatus"', value: (r) => r.status },
      { column: "closed_at", type: "timestamptz", value: (r) => r.closedAt?.toISOString() ?? null },
    ],
    refs: [ref("ownerExternalId", "owner_id", "employees", { required: true })],
  }),
  ratings: def({
    name: "ratings",
    bundleKey: "ratings",
    noun: "rating",
    schema: ratingRow,
    table: "ratings",
    ...keyed,
    columns: [
      externalIdColumn,
      { column: "score", type: "smallint", value: (r) => r.score },
      { column: "rater_department", type: "text", value: (r) => r.raterDepartment },
      { column: "rated_at", type: "timestamptz", value: (r) => r.ratedAt.toISOString() },
      { column: "comment", type: "text", value: (r) => r.comment },
      { column: "source", type: '"RatingSource"', value: (r) => r.source },
    ],
    refs: [
      ref("orderExternalId", "order_id", "orders", { required: true }),
      ref("raterExternalId", "rater_id", "employees", { required: false }),
    ],
  }),
  targets: def({
    name: "targets",
    bundleKey: "targets",
    noun: "target",
    schema: targetRow,
    table: "targets",
    keyField: "employeeExternalId",
    key: (r) => `${r.employeeExternalId} ${r.period} ${r.metric}`,
    conflict: ["employee_id", "period", "metric"],
    lookupColumn: "id",
    columns: [
      { column: "period", type: "text", value: (r) => r.period },
      { column: "metric", type: '"Metric"', value: (r) => r.metric },
      { column: "value", type: "numeric", value: (r) => r.value },
      // The latest write wins, whichever path it came by: an ingest write takes a target set in chat
      // back to the feed's value and says so (the rep's card names where it came from).
      { column: "source", type: '"TargetSource"', value: () => "ingest" },
      { column: "set_by_id", type: "int", value: () => null },
    ],
    refs: [ref("employeeExternalId", "employee_id", "employees", { required: true })],
  }),
  "team-goals": def({
    name: "team-goals",
    bundleKey: "teamGoals",
    noun: "team goal",
    schema: teamGoalRow,
    table: "team_goals",
    keyField: "teamExternalId",
    key: (r) => `${r.teamExternalId} ${r.period} ${r.metric}`,
    conflict: ["team_id", "period", "metric"],
    lookupColumn: "id",
    columns: [
      { column: "period", type: "text", value: (r) => r.period },
      { column: "metric", type: '"Metric"', value: (r) => r.metric },
      { column: "value", type: "numeric", value: (r) => r.value },
      {
        column: "bonus_tiers",
        type: "jsonb",
        value: (r) => [...r.bonusTiers].sort((a, b) => a.minCompletion - b.minCompletion),
      },
    ],
    refs: [ref("teamExternalId", "team_id", "teams", { required: true })],
  }),
  "training-courses": def({
    name: "training-courses",
    bundleKey: "trainingCourses",
    noun: "training course",
    schema: trainingCourseRow,
    table: "training_courses",
    ...keyed,
    columns: [
      externalIdColumn,
      { column: "title_zh", type: "text", value: (r) => r.titleZh },
      { column: "title_en", type: "text", value: (r) => r.titleEn },
      { column: "url", type: "text", value: (r) => r.url },
    ],
    refs: [],
  }),
  "job-openings": def({
    name: "job-openings",
    bundleKey: "jobOpenings",
    noun: "job opening",
    schema: jobOpeningRow,
    table: "job_openings",
    ...keyed,
    columns: [
      externalIdColumn,
      { column: "title", type: "text", value: (r) => r.title },
      { column: "status", type: "text", value: (r) => r.status },
      { column: "keyword_profile", type: "jsonb", value: (r) => r.keywordProfile },
    ],
    refs: [
      ref("teamExternalId", "team_id", "teams", { required: false }),
      ref("ownerExternalId", "owner_id", "employees", { required: false }),
    ],
  }),
  candidates: def({
    name: "candidates",
    bundleKey: "candidates",
    noun: "candidate",
    schema: candidateRow,
    table: "candidates",
    ...keyed,
    columns: [
      externalIdColumn,
      { column: "name", type: "text", value: (r) => r.name },
      { column: "email", type: "text", value: (r) => r.email },
      { column: "phone", type: "text", value: (r) => r.phone },
      { column: "resume_text", type: "text", value: (r) => r.resumeText },
      { column: "source", type: "text", value: (r) => r.source },
    ],
    refs: [],
  }),
  applications: def({
    name: "applications",
    bundleKey: "applications",
    noun: "application",
    schema: applicationRow,
    table: "applications",
    ...keyed,
    columns: [
      externalIdColumn,
      { column: "stage", type: '"ApplicationStage"', value: (r) => r.stage },
      { column: "applied_at", type: "timestamptz", value: (r) => r.appliedAt.toISOString() },
    ],
    refs: [
      ref("candidateExternalId", "candidate_id", "candidates", { required: true }),
      ref("openingExternalId", "opening_id", "job-openings", { required: true }),
    ],
  }),
  interviews: def({
    name: "interviews",
    bundleKey: "interviews",
    noun: "interview",
    schema: interviewRow,
    table: "interviews",
    ...keyed,
    columns: [
      externalIdColumn,
      { column: "scheduled_at", type: "timestamptz", value: (r) => r.scheduledAt.toISOString() },
      { column: "interviewers", type: "text[]", value: (r) => r.interviewers },
      { column: "result", type: "text", value: (r) => r.result },
    ],
    refs: [ref("applicationExternalId", "application_id", "applications", { required: true })],
  }),
  offers: def({
    name: "offers",
    bundleKey: "offers",
    noun: "offer",
    schema: offerRow,
    table: "offers",
    ...keyed,
    columns: [
      externalIdColumn,
      { column: "sent_at", type: "timestamptz", value: (r) => r.sentAt.toISOString() },
      { column: "deadline_at", type: "timestamptz", value: (r) => r.deadlineAt.toISOString() },
      { column: "status", type: '"OfferStatus"', value: (r) => r.status },
      { column: "responded_at", type: "timestamptz", value: (r) => r.respondedAt?.toISOString() ?? null },
      { column: "start_date", type: "date", value: (r) => r.startDate },
    ],
    refs: [ref("applicationExternalId", "application_id", "applications", { required: true })],
  }),
  "onboarding-templates": def({
    name: "onboarding-templates",
    bundleKey: "onboardingTemplates",
    noun: "onboarding template",
    schema: onboardingTemplateRow,
    table: "onboarding_templates",
    keyField: "key",
    key: (r) => r.key,
    conflict: ["key"],
    lookupColumn: "key",
    columns: [
      { column: "key", type: "text", value: (r) => r.key },
      { column: "role", type: '"Role"', value: (r) => r.role },
      { column: "name", type: "text", value: (r) => r.name },
    ],
    refs: [],
  }),
  "onboarding-template-items": def({
    name: "onboarding-template-items",
    bundleKey: "onboardingTemplateItems",
    noun: "onboarding checklist item",
    schema: onboardingTemplateItemRow,
    table: "onboarding_template_items",
    keyField: "key",
    key: (r) => `${r.templateKey}/${r.key}`,
    conflict: ["template_id", "key"],
    lookupColumn: "id",
    refKey: (raw) => itemRef(raw.templateKey, raw.key),
    columns: [
      { column: "key", type: "text", value: (r) => r.key },
      { column: "title", type: "text", value: (r) => r.title },
      { column: "kind", type: "text", value: (r) => r.kind },
      { column: "due_days", type: "int", value: (r) => r.dueDays },
    ],
    refs: [
      ref("templateKey", "template_id", "onboarding-templates", { required: true }),
      ref("courseExternalId", "course_id", "training-courses", { required: false }),
    ],
  }),
  "onboarding-progress": def({
    name: "onboarding-progress",
    bundleKey: "onboardingProgress",
    noun: "onboarding progress row",
    schema: onboardingProgressRow,
    table: "onboarding_progress",
    keyField: "employeeExternalId",
    key: (r) => `${r.employeeExternalId} ${r.templateKey}/${r.itemKey}`,
    conflict: ["employee_id", "item_id"],
    lookupColumn: "id",
    columns: [{ column: "completed_at", type: "timestamptz", value: (r) => r.completedAt?.toISOString() ?? null }],
    refs: [
      ref("employeeExternalId", "employee_id", "employees", { required: true }),
      {
        field: "itemKey",
        column: "item_id",
        entity: "onboarding-template-items",
        required: true,
        value: (r) => `${r.templateKey}/${r.itemKey}`,
      },
    ],
  }),
  "training-completions": def({
    name: "training-completions",
    bundleKey: "trainingCompletions",
    noun: "training completion",
    schema: trainingCompletionRow,
    table: "training_completions",
    ...keyed,
    columns: [
      externalIdColumn,
      { column: "completed_at", type: "timestamptz", value: (r) => r.completedAt.toISOString() },
      { column: "score", type: "numeric", value: (r) => r.score },
    ],
    refs: [
      ref("employeeExternalId", "employee_id", "employees", { required: true }),
      ref("courseExternalId", "course_id", "training-courses", { required: true }),
    ],
  }),
} satisfies Partial<Record<EntityName, EntityDef>>;

/** Where each entity is found by the key other rows use to reference it. */
export const LOOKUP: Record<EntityName, { table: string; column: string; noun: string }> = {
  teams: { table: "teams", column: "external_id", noun: "team" },
  employees: { table: "employees", column: "external_id", noun: "employee" },
  customers: { table: "customers", column: "external_id", noun: "customer" },
  orders: { table: "orders", column: "external_id", noun: "order" },
  payments: { table: "payments", column: "external_id", noun: "payment" },
  leads: { table: "leads", column: "external_id", noun: "lead" },
  ratings: { table: "ratings", column: "external_id", noun: "rating" },
  plans: { table: "kpi_plans", column: "key", noun: "KPI plan" },
  targets: { table: "targets", column: "id", noun: "target" },
  "team-goals": { table: "team_goals", column: "id", noun: "team goal" },
  "training-courses": { table: "training_courses", column: "external_id", noun: "training course" },
  "job-openings": { table: "job_openings", column: "external_id", noun: "job opening" },
  candidates: { table: "candidates", column: "external_id", noun: "candidate" },
  applications: { table: "applications", column: "external_id", noun: "application" },
  interviews: { table: "interviews", column: "external_id", noun: "interview" },
  offers: { table: "offers", column: "external_id", noun: "offer" },
  "onboarding-templates": { table: "onboarding_templates", column: "key", noun: "onboarding template" },
  // A view: "<template key>/<item key>" → the item's id (migration onboarding_ingest).
  "onboarding-template-items": { table: "onboarding_item_refs", column: "ref", noun: "onboarding checklist item" },
  "onboarding-progress": { table: "onboarding_progress", column: "id", noun: "onboarding progress row" },
  "training-completions": { table: "training_completions", column: "external_id", noun: "training completion" },
};
