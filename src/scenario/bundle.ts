// The scenario bundle: the fixture format of test/fixtures/*.scenario.json, extended with the
// recruitment, training, settings and calendar sections. Entity lists are validated row by row
// (ingest/entities.ts); this file describes the envelope and the organization.
import { z } from "zod";
import { Info } from "luxon";
import { enumOf, text } from "../kpi/fields.ts";
import { calendarFileSchema, type CalendarFile } from "../calendar/file.ts";
import { ENTITIES } from "../ingest/entities.ts";
import { METRICS } from "../kpi/metrics.ts";

export const organizationSchema = z.strictObject({
  name: text(200),
  timezone: z
    .string({ error: "must be an IANA time zone, e.g. Asia/Shanghai" })
    .refine((tz) => Info.isValidIANAZone(tz), { message: "must be an IANA time zone, e.g. Asia/Shanghai" })
    .default("Asia/Shanghai"),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as CNY")
    .default("CNY"),
  defaultLocale: enumOf(["zh-CN", "en"], "locales").default("zh-CN"),
  calendarSource: enumOf(["cn-official", "custom", "none"], "calendar sources").optional(),
  primaryPlatform: z.union([enumOf(["slack", "lark"], "platforms"), z.null()]).optional(),
});
export type OrganizationInput = z.output<typeof organizationSchema>;

/** The organization's own calendar: the same format as a calendar file (src/calendar/file.ts). */
export const calendarSchema = calendarFileSchema;
export type CalendarInput = CalendarFile;

export const metricCourseSchema = z.strictObject({
  metric: enumOf(METRICS, "KPI metrics"),
  courseExternalId: z.string().trim().min(1, "must not be empty"),
});

/** Entity sections in dependency order (what must exist before what references it). */
export const ENTITY_ORDER = [
  "plans",
  "teams",
  "employees",
  "customers",
  "orders",
  "payments",
  "leads",
  "ratings",
  "targets",
  "teamGoals",
  "trainingCourses",
  "metricCourses",
  "jobOpenings",
  "candidates",
  "applications",
  "interviews",
  "offers",
  "onboardingTemplates",
  "onboardingTemplateItems",
  "onboardingProgress",
  "trainingCompletions",
] as const;
export type SectionKey = (typeof ENTITY_ORDER)[number];

const list = z.array(z.unknown(), { error: "must be a list" }).default([]);

/**
 * An order's credit moved by an approved dispute (docs/KPI-RULES.md "Disputes"): the order stays as
 * fed (its `ownerExternalId` is the feed's owner) and this names who has the credit instead.
 */
export const creditOverrideSchema = z.strictObject({
  orderExternalId: z.string().trim().min(1, "must not be empty"),
  ownerExternalId: z.string().trim().min(1, "must not be empty"),
});

export const bundleSchema = z.strictObject({
  organization: z.unknown(),
  settings: z.record(z.string(), z.unknown(), { error: "must be an object of setting name → value" }).optional(),
  calendar: z.unknown().optional(),
  ...Object.fromEntries(ENTITY_ORDER.map((k) => [k, list])),
  creditOverrides: z.array(z.unknown(), { error: "must be a list" }).optional(),
}) as unknown as z.ZodType<
  {
    organization: unknown;
    settings?: Record<string, unknown>;
    calendar?: unknown;
    creditOverrides?: unknown[];
  } & Record<SectionKey, unknown[]>
>;

export type Bundle = z.output<typeof bundleSchema>;

/** Bundle section → ingest entity name, for the sections written through the generic path. */
export const SECTION_ENTITY = Object.fromEntries(Object.values(ENTITIES).map((d) => [d.bundleKey, d.name])) as Record<
  string,
  string
>;
