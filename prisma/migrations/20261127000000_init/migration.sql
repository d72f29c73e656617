-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('sales', 'manager', 'hr', 'admin');

-- CreateEnum
CREATE TYPE "EmployeeStatus" AS ENUM ('active', 'on_leave', 'left');

-- CreateEnum
CREATE TYPE "OrderStatus" AS ENUM ('booked', 'in_transit', 'completed', 'cancelled');

-- CreateEnum
CREATE TYPE "LeadStatus" AS ENUM ('open', 'converted', 'lost');

-- CreateEnum
CREATE TYPE "Metric" AS ENUM ('booked_revenue', 'collected_revenue', 'shipments', 'gross_profit', 'profit_per_shipment', 'new_customers', 'repurchase_rate', 'retention_rate', 'conversion_rate', 'collection_days', 'collaboration_score', 'overdue_receivables');

-- CreateEnum
CREATE TYPE "ChatPlatform" AS ENUM ('slack', 'lark');

-- CreateEnum
CREATE TYPE "CalendarDayKind" AS ENUM ('holiday', 'workday');

-- CreateEnum
CREATE TYPE "ApplicationStage" AS ENUM ('applied', 'screened', 'interview', 'offer', 'accepted', 'declined', 'onboarded', 'rejected', 'withdrawn');

-- CreateEnum
CREATE TYPE "OfferStatus" AS ENUM ('pending', 'accepted', 'declined', 'expired', 'withdrawn');

-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('claimed', 'sent', 'failed', 'skipped');

-- CreateTable
CREATE TABLE "organization" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "name" TEXT NOT NULL,
    "timezone" TEXT NOT NULL DEFAULT 'Asia/Shanghai',
    "currency" CHAR(3) NOT NULL DEFAULT 'CNY',
    "default_locale" TEXT NOT NULL DEFAULT 'zh-CN',
    "calendar_source" TEXT NOT NULL DEFAULT 'cn-official',
    "primary_platform" "ChatPlatform",
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "organization_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "calendar_days" (
    "date" DATE NOT NULL,
    "kind" "CalendarDayKind" NOT NULL,
    "name" TEXT,

    CONSTRAINT "calendar_days_pkey" PRIMARY KEY ("date")
);

-- CreateTable
CREATE TABLE "settings" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "settings_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "teams" (
    "id" SERIAL NOT NULL,
    "external_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "manager_id" INTEGER,
    "parent_id" INTEGER,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "teams_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "employees" (
    "id" SERIAL NOT NULL,
    "external_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "mobile" TEXT,
    "role" "Role" NOT NULL,
    "level" TEXT,
    "plan_id" INTEGER,
    "team_id" INTEGER,
    "hired_at" DATE,
    "probation_ends_at" DATE,
    "status" "EmployeeStatus" NOT NULL DEFAULT 'active',
    "locale" TEXT,
    "daily_muted" BOOLEAN NOT NULL DEFAULT false,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "employees_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "chat_identities" (
    "id" SERIAL NOT NULL,
    "platform" "ChatPlatform" NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "employee_id" INTEGER NOT NULL,
    "linked_by" TEXT NOT NULL DEFAULT 'cli',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "chat_identities_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "customers" (
    "id" SERIAL NOT NULL,
    "external_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "owner_id" INTEGER,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "customers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "orders" (
    "id" SERIAL NOT NULL,
    "external_id" TEXT NOT NULL,
    "customer_id" INTEGER NOT NULL,
    "owner_id" INTEGER NOT NULL,
    "booked_at" TIMESTAMPTZ(3) NOT NULL,
    "revenue" DECIMAL(14,2) NOT NULL,
    "cost" DECIMAL(14,2) NOT NULL,
    "status" "OrderStatus" NOT NULL,
    "due_date" DATE,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "orders_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payments" (
    "id" SERIAL NOT NULL,
    "external_id" TEXT NOT NULL,
    "order_id" INTEGER NOT NULL,
    "paid_at" TIMESTAMPTZ(3) NOT NULL,
    "amount" DECIMAL(14,2) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "payments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "leads" (
    "id" SERIAL NOT NULL,
    "external_id" TEXT NOT NULL,
    "owner_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "status" "LeadStatus" NOT NULL,
    "closed_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "leads_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ratings" (
    "id" SERIAL NOT NULL,
    "external_id" TEXT NOT NULL,
    "order_id" INTEGER NOT NULL,
    "score" SMALLINT NOT NULL,
    "rater_department" TEXT NOT NULL,
    "rated_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ratings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "kpi_plans" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "cap" DECIMAL(8,4) NOT NULL DEFAULT 1.2,
    "floor" DECIMAL(8,4) NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "kpi_plans_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "kpi_plan_items" (
    "id" SERIAL NOT NULL,
    "plan_id" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "metric" "Metric" NOT NULL,
    "weight" DECIMAL(8,4) NOT NULL,
    "gate_metric" TEXT,
    "gate_min" DECIMAL(8,4),

    CONSTRAINT "kpi_plan_items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "targets" (
    "id" SERIAL NOT NULL,
    "employee_id" INTEGER NOT NULL,
    "period" CHAR(7) NOT NULL,
    "metric" "Metric" NOT NULL,
    "value" DECIMAL(18,4) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "targets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "team_goals" (
    "id" SERIAL NOT NULL,
    "team_id" INTEGER NOT NULL,
    "period" CHAR(7) NOT NULL,
    "metric" "Metric" NOT NULL,
    "value" DECIMAL(18,4) NOT NULL,
    "bonus_tiers" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "team_goals_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "month_closes" (
    "id" SERIAL NOT NULL,
    "period" CHAR(7) NOT NULL,
    "version" INTEGER NOT NULL,
    "timezone" TEXT NOT NULL,
    "closed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closed_by" TEXT NOT NULL,
    "reason" TEXT,
    "result_hash" TEXT NOT NULL,
    "result" JSONB NOT NULL,

    CONSTRAINT "month_closes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "month_close_entries" (
    "id" SERIAL NOT NULL,
    "close_id" INTEGER NOT NULL,
    "employee_id" INTEGER NOT NULL,
    "team_id" INTEGER,
    "plan_key" TEXT NOT NULL,
    "metrics" JSONB NOT NULL,
    "points" JSONB NOT NULL,
    "base" DECIMAL(10,2) NOT NULL,
    "team_bonus" DECIMAL(10,2) NOT NULL,
    "total" DECIMAL(10,2) NOT NULL,
    "team_rank" INTEGER,

    CONSTRAINT "month_close_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "training_courses" (
    "id" SERIAL NOT NULL,
    "external_id" TEXT NOT NULL,
    "title_zh" TEXT NOT NULL,
    "title_en" TEXT NOT NULL,
    "url" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "training_courses_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "metric_courses" (
    "metric" "Metric" NOT NULL,
    "course_id" INTEGER NOT NULL,

    CONSTRAINT "metric_courses_pkey" PRIMARY KEY ("metric")
);

-- CreateTable
CREATE TABLE "job_openings" (
    "id" SERIAL NOT NULL,
    "external_id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "team_id" INTEGER,
    "owner_id" INTEGER,
    "status" TEXT NOT NULL DEFAULT 'open',
    "keyword_profile" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "job_openings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "candidates" (
    "id" SERIAL NOT NULL,
    "external_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "phone" TEXT,
    "resume_text" TEXT NOT NULL,
    "source" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "candidates_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "applications" (
    "id" SERIAL NOT NULL,
    "external_id" TEXT NOT NULL,
    "candidate_id" INTEGER NOT NULL,
    "opening_id" INTEGER NOT NULL,
    "stage" "ApplicationStage" NOT NULL DEFAULT 'applied',
    "applied_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "applications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "application_stage_changes" (
    "id" SERIAL NOT NULL,
    "application_id" INTEGER NOT NULL,
    "from_stage" "ApplicationStage",
    "to_stage" "ApplicationStage" NOT NULL,
    "changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "changed_by" TEXT NOT NULL,
    "note" TEXT,

    CONSTRAINT "application_stage_changes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "interviews" (
    "id" SERIAL NOT NULL,
    "external_id" TEXT NOT NULL,
    "application_id" INTEGER NOT NULL,
    "scheduled_at" TIMESTAMPTZ(3) NOT NULL,
    "interviewers" TEXT[],
    "result" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "interviews_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "offers" (
    "id" SERIAL NOT NULL,
    "external_id" TEXT NOT NULL,
    "application_id" INTEGER NOT NULL,
    "sent_at" TIMESTAMPTZ(3) NOT NULL,
    "deadline_at" TIMESTAMPTZ(3) NOT NULL,
    "status" "OfferStatus" NOT NULL DEFAULT 'pending',
    "responded_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "offers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "onboarding_templates" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "name" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "onboarding_templates_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "onboarding_template_items" (
    "id" SERIAL NOT NULL,
    "template_id" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "course_id" INTEGER,
    "due_days" INTEGER NOT NULL,

    CONSTRAINT "onboarding_template_items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "onboarding_progress" (
    "id" SERIAL NOT NULL,
    "employee_id" INTEGER NOT NULL,
    "item_id" INTEGER NOT NULL,
    "completed_at" TIMESTAMPTZ(3),

    CONSTRAINT "onboarding_progress_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "scopes" TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "deliveries" (
    "id" SERIAL NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "employee_id" INTEGER,
    "platform" "ChatPlatform",
    "channel" TEXT,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'claimed',
    "message_id" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "processed_events" (
    "platform" "ChatPlatform" NOT NULL,
    "event_id" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "processed_events_pkey" PRIMARY KEY ("platform","event_id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "entity" TEXT,
    "entity_id" TEXT,
    "details" JSONB,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "teams_external_id_key" ON "teams"("external_id");

-- CreateIndex
CREATE INDEX "teams_manager_id_idx" ON "teams"("manager_id");

-- CreateIndex
CREATE INDEX "teams_parent_id_idx" ON "teams"("parent_id");

-- CreateIndex
CREATE UNIQUE INDEX "employees_external_id_key" ON "employees"("external_id");

-- CreateIndex
CREATE INDEX "employees_team_id_idx" ON "employees"("team_id");

-- CreateIndex
CREATE INDEX "employees_plan_id_idx" ON "employees"("plan_id");

-- CreateIndex
CREATE INDEX "employees_email_idx" ON "employees"("email");

-- CreateIndex
CREATE INDEX "chat_identities_employee_id_idx" ON "chat_identities"("employee_id");

-- CreateIndex
CREATE UNIQUE INDEX "chat_identities_platform_workspace_id_user_id_key" ON "chat_identities"("platform", "workspace_id", "user_id");

-- CreateIndex
CREATE UNIQUE INDEX "customers_external_id_key" ON "customers"("external_id");

-- CreateIndex
CREATE INDEX "customers_owner_id_idx" ON "customers"("owner_id");

-- CreateIndex
CREATE UNIQUE INDEX "orders_external_id_key" ON "orders"("external_id");

-- CreateIndex
CREATE INDEX "orders_owner_id_booked_at_idx" ON "orders"("owner_id", "booked_at");

-- CreateIndex
CREATE INDEX "orders_customer_id_booked_at_idx" ON "orders"("customer_id", "booked_at");

-- CreateIndex
CREATE UNIQUE INDEX "payments_external_id_key" ON "payments"("external_id");

-- CreateIndex
CREATE INDEX "payments_order_id_paid_at_idx" ON "payments"("order_id", "paid_at");

-- CreateIndex
CREATE INDEX "payments_paid_at_idx" ON "payments"("paid_at");

-- CreateIndex
CREATE UNIQUE INDEX "leads_external_id_key" ON "leads"("external_id");

-- CreateIndex
CREATE INDEX "leads_owner_id_closed_at_idx" ON "leads"("owner_id", "closed_at");

-- CreateIndex
CREATE UNIQUE INDEX "ratings_external_id_key" ON "ratings"("external_id");

-- CreateIndex
CREATE INDEX "ratings_order_id_idx" ON "ratings"("order_id");

-- CreateIndex
CREATE INDEX "ratings_rated_at_idx" ON "ratings"("rated_at");

-- CreateIndex
CREATE UNIQUE INDEX "kpi_plans_key_key" ON "kpi_plans"("key");

-- CreateIndex
CREATE UNIQUE INDEX "kpi_plan_items_plan_id_metric_key" ON "kpi_plan_items"("plan_id", "metric");

-- CreateIndex
CREATE UNIQUE INDEX "kpi_plan_items_plan_id_position_key" ON "kpi_plan_items"("plan_id", "position");

-- CreateIndex
CREATE INDEX "targets_period_idx" ON "targets"("period");

-- CreateIndex
CREATE UNIQUE INDEX "targets_employee_id_period_metric_key" ON "targets"("employee_id", "period", "metric");

-- CreateIndex
CREATE UNIQUE INDEX "team_goals_team_id_period_metric_key" ON "team_goals"("team_id", "period", "metric");

-- CreateIndex
CREATE UNIQUE INDEX "month_closes_period_version_key" ON "month_closes"("period", "version");

-- CreateIndex
CREATE INDEX "month_close_entries_employee_id_idx" ON "month_close_entries"("employee_id");

-- CreateIndex
CREATE UNIQUE INDEX "month_close_entries_close_id_employee_id_key" ON "month_close_entries"("close_id", "employee_id");

-- CreateIndex
CREATE UNIQUE INDEX "training_courses_external_id_key" ON "training_courses"("external_id");

-- CreateIndex
CREATE UNIQUE INDEX "job_openings_external_id_key" ON "job_openings"("external_id");

-- CreateIndex
CREATE UNIQUE INDEX "candidates_external_id_key" ON "candidates"("external_id");

-- CreateIndex
CREATE UNIQUE INDEX "applications_external_id_key" ON "applications"("external_id");

-- CreateIndex
CREATE INDEX "applications_opening_id_stage_idx" ON "applications"("opening_id", "stage");

-- CreateIndex
CREATE UNIQUE INDEX "applications_candidate_id_opening_id_key" ON "applications"("candidate_id", "opening_id");

-- CreateIndex
CREATE INDEX "application_stage_changes_application_id_changed_at_idx" ON "application_stage_changes"("application_id", "changed_at");

-- CreateIndex
CREATE UNIQUE INDEX "interviews_external_id_key" ON "interviews"("external_id");

-- CreateIndex
CREATE INDEX "interviews_application_id_idx" ON "interviews"("application_id");

-- CreateIndex
CREATE UNIQUE INDEX "offers_external_id_key" ON "offers"("external_id");

-- CreateIndex
CREATE INDEX "offers_status_deadline_at_idx" ON "offers"("status", "deadline_at");

-- CreateIndex
CREATE INDEX "offers_application_id_idx" ON "offers"("application_id");

-- CreateIndex
CREATE UNIQUE INDEX "onboarding_templates_key_key" ON "onboarding_templates"("key");

-- CreateIndex
CREATE UNIQUE INDEX "onboarding_template_items_template_id_key_key" ON "onboarding_template_items"("template_id", "key");

-- CreateIndex
CREATE UNIQUE INDEX "onboarding_progress_employee_id_item_id_key" ON "onboarding_progress"("employee_id", "item_id");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_hash_key" ON "api_keys"("hash");

-- CreateIndex
CREATE UNIQUE INDEX "deliveries_idempotency_key_key" ON "deliveries"("idempotency_key");

-- CreateIndex
CREATE INDEX "deliveries_status_created_at_idx" ON "deliveries"("status", "created_at");

-- CreateIndex
CREATE INDEX "processed_events_received_at_idx" ON "processed_events"("received_at");

-- CreateIndex
CREATE INDEX "audit_log_at_idx" ON "audit_log"("at");

-- AddForeignKey
ALTER TABLE "teams" ADD CONSTRAINT "teams_manager_id_fkey" FOREIGN KEY ("manager_id") REFERENCES "employees"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "teams" ADD CONSTRAINT "teams_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "teams"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "employees" ADD CONSTRAINT "employees_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "kpi_plans"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "employees" ADD CONSTRAINT "employees_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "chat_identities" ADD CONSTRAINT "chat_identities_employee_id_fkey" FOREIGN KEY ("employee_id") REFERENCES "employees"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customers" ADD CONSTRAINT "customers_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "employees"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "orders" ADD CONSTRAINT "orders_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "orders" ADD CONSTRAINT "orders_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "employees"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payments" ADD CONSTRAINT "payments_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "leads" ADD CONSTRAINT "leads_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "employees"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ratings" ADD CONSTRAINT "ratings_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "kpi_plan_items" ADD CONSTRAINT "kpi_plan_items_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "kpi_plans"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "targets" ADD CONSTRAINT "targets_employee_id_fkey" FOREIGN KEY ("employee_id") REFERENCES "employees"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "team_goals" ADD CONSTRAINT "team_goals_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "month_close_entries" ADD CONSTRAINT "month_close_entries_close_id_fkey" FOREIGN KEY ("close_id") REFERENCES "month_closes"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "month_close_entries" ADD CONSTRAINT "month_close_entries_employee_id_fkey" FOREIGN KEY ("employee_id") REFERENCES "employees"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "metric_courses" ADD CONSTRAINT "metric_courses_course_id_fkey" FOREIGN KEY ("course_id") REFERENCES "training_courses"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "job_openings" ADD CONSTRAINT "job_openings_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "job_openings" ADD CONSTRAINT "job_openings_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "employees"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "applications" ADD CONSTRAINT "applications_candidate_id_fkey" FOREIGN KEY ("candidate_id") REFERENCES "candidates"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "applications" ADD CONSTRAINT "applications_opening_id_fkey" FOREIGN KEY ("opening_id") REFERENCES "job_openings"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "application_stage_changes" ADD CONSTRAINT "application_stage_changes_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "interviews" ADD CONSTRAINT "interviews_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "offers" ADD CONSTRAINT "offers_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "onboarding_template_items" ADD CONSTRAINT "onboarding_template_items_template_id_fkey" FOREIGN KEY ("template_id") REFERENCES "onboarding_templates"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "onboarding_template_items" ADD CONSTRAINT "onboarding_template_items_course_id_fkey" FOREIGN KEY ("course_id") REFERENCES "training_courses"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "onboarding_progress" ADD CONSTRAINT "onboarding_progress_employee_id_fkey" FOREIGN KEY ("employee_id") REFERENCES "employees"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "onboarding_progress" ADD CONSTRAINT "onboarding_progress_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "onboarding_template_items"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_employee_id_fkey" FOREIGN KEY ("employee_id") REFERENCES "employees"("id") ON DELETE SET NULL ON UPDATE CASCADE;

