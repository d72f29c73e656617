-- CreateTable
CREATE TABLE "development_courses" (
    "metric" "Metric" NOT NULL,
    "course_id" INTEGER NOT NULL,

    CONSTRAINT "development_courses_pkey" PRIMARY KEY ("metric")
);

-- CreateTable
CREATE TABLE "motivation_answers" (
    "id" SERIAL NOT NULL,
    "employee_id" INTEGER NOT NULL,
    "quarter" CHAR(7) NOT NULL,
    "answer" TEXT NOT NULL,
    "answered_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "motivation_answers_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "development_courses_course_id_idx" ON "development_courses"("course_id");

-- CreateIndex
CREATE UNIQUE INDEX "motivation_answers_employee_id_quarter_key" ON "motivation_answers"("employee_id", "quarter");

-- AddForeignKey
ALTER TABLE "development_courses" ADD CONSTRAINT "development_courses_course_id_fkey" FOREIGN KEY ("course_id") REFERENCES "training_courses"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "motivation_answers" ADD CONSTRAINT "motivation_answers_employee_id_fkey" FOREIGN KEY ("employee_id") REFERENCES "employees"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- pacer:hand-written:begin

-- The survey's four answers, and its quarters as "YYYY-Qn".
ALTER TABLE "motivation_answers" ADD CONSTRAINT "motivation_answers_answer_check"
  CHECK ("answer" IN ('bonus', 'promotion', 'training', 'flexibility'));
ALTER TABLE "motivation_answers" ADD CONSTRAINT "motivation_answers_quarter_check"
  CHECK ("quarter" ~ '^[0-9]{4}-Q[1-4]$');

-- pacer:hand-written:end
