-- AlterTable
ALTER TABLE "onboarding_template_items" ADD COLUMN     "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "onboarding_progress" ADD COLUMN     "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateTable
CREATE TABLE "training_completions" (
    "id" SERIAL NOT NULL,
    "external_id" TEXT NOT NULL,
    "employee_id" INTEGER NOT NULL,
    "course_id" INTEGER NOT NULL,
    "completed_at" TIMESTAMPTZ(3) NOT NULL,
    "score" DECIMAL(5,2),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "training_completions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "training_completions_external_id_key" ON "training_completions"("external_id");

-- CreateIndex
CREATE INDEX "training_completions_employee_id_course_id_idx" ON "training_completions"("employee_id", "course_id");

-- CreateIndex
CREATE INDEX "training_completions_course_id_idx" ON "training_completions"("course_id");

-- AddForeignKey
ALTER TABLE "training_completions" ADD CONSTRAINT "training_completions_employee_id_fkey" FOREIGN KEY ("employee_id") REFERENCES "employees"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "training_completions" ADD CONSTRAINT "training_completions_course_id_fkey" FOREIGN KEY ("course_id") REFERENCES "training_courses"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- pacer:hand-written:begin

-- Feeds name a checklist item by its template's key and its own ("sales-new-hire/contract"); this
-- view is where the ingest machinery looks that name up (src/ingest/entities.ts, LOOKUP).
CREATE VIEW "onboarding_item_refs" AS
  SELECT i."id", t."key" || '/' || i."key" AS "ref"
  FROM "onboarding_template_items" i JOIN "onboarding_templates" t ON t."id" = i."template_id";

ALTER TABLE "onboarding_template_items" ADD CONSTRAINT "onboarding_template_items_kind_check"
  CHECK ("kind" IN ('course', 'document', 'task'));
ALTER TABLE "onboarding_template_items" ADD CONSTRAINT "onboarding_template_items_due_days_check"
  CHECK ("due_days" >= 0);
ALTER TABLE "training_completions" ADD CONSTRAINT "training_completions_score_check"
  CHECK ("score" IS NULL OR ("score" >= 0 AND "score" <= 100));

-- pacer:hand-written:end
