// The tables that hold an organization's business data, and its configuration tables. Bookkeeping
// (API keys, processed events, audit log, migrations) is never part of either.
export const BUSINESS_TABLES = [
  "organization",
  "teams",
  "employees",
  "chat_identities",
  "customers",
  "orders",
  "payments",
  "leads",
  "ratings",
  "order_disputes",
  "order_credit_overrides",
  "kpi_plans",
  "kpi_plan_items",
  "targets",
  "team_goals",
  "month_closes",
  "month_close_entries",
  "training_courses",
  "metric_courses",
  "development_courses",
  "job_openings",
  "candidates",
  "applications",
  "application_stage_changes",
  "interviews",
  "offers",
  "onboarding_templates",
  "onboarding_template_items",
  "onboarding_progress",
  "training_completions",
  "motivation_answers",
  "deliveries",
] as const;

/** The organization's own configuration, carried by scenario bundles (`settings`, `calendar`). */
export const CONFIGURATION_TABLES = ["calendar_days", "settings"] as const;
