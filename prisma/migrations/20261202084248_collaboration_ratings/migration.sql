-- CreateEnum
CREATE TYPE "RatingSource" AS ENUM ('feed', 'chat');

-- AlterTable
ALTER TABLE "orders" ADD COLUMN     "customer_service_id" INTEGER,
ADD COLUMN     "operations_id" INTEGER;

-- AlterTable
ALTER TABLE "ratings" ADD COLUMN     "comment" TEXT,
ADD COLUMN     "rater_id" INTEGER,
ADD COLUMN     "source" "RatingSource" NOT NULL DEFAULT 'feed';

-- CreateTable
CREATE TABLE "rating_requests" (
    "order_id" INTEGER NOT NULL,
    "employee_id" INTEGER NOT NULL,
    "department" TEXT NOT NULL,
    "asked_at" TIMESTAMPTZ(3) NOT NULL,
    "remind_on" DATE NOT NULL,
    "reminded_at" TIMESTAMPTZ(3),

    CONSTRAINT "rating_requests_pkey" PRIMARY KEY ("order_id","employee_id")
);

-- CreateIndex
CREATE INDEX "rating_requests_employee_id_idx" ON "rating_requests"("employee_id");

-- CreateIndex
CREATE INDEX "rating_requests_remind_on_idx" ON "rating_requests"("remind_on");

-- CreateIndex
CREATE INDEX "ratings_rater_id_idx" ON "ratings"("rater_id");

-- AddForeignKey
ALTER TABLE "orders" ADD CONSTRAINT "orders_operations_id_fkey" FOREIGN KEY ("operations_id") REFERENCES "employees"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "orders" ADD CONSTRAINT "orders_customer_service_id_fkey" FOREIGN KEY ("customer_service_id") REFERENCES "employees"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ratings" ADD CONSTRAINT "ratings_rater_id_fkey" FOREIGN KEY ("rater_id") REFERENCES "employees"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rating_requests" ADD CONSTRAINT "rating_requests_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rating_requests" ADD CONSTRAINT "rating_requests_employee_id_fkey" FOREIGN KEY ("employee_id") REFERENCES "employees"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- pacer:hand-written:begin

-- A chat rating always names who gave it; a request names one of the order's two parts.
ALTER TABLE "ratings" ADD CONSTRAINT "ratings_chat_rater_check" CHECK ("source" = 'feed' OR "rater_id" IS NOT NULL);
ALTER TABLE "rating_requests" ADD CONSTRAINT "rating_requests_department_check"
  CHECK ("department" IN ('operations', 'customer_service'));
-- The salesperson cannot be the colleague who rates them.
ALTER TABLE "orders" ADD CONSTRAINT "orders_colleagues_check"
  CHECK ("operations_id" <> "owner_id" AND "customer_service_id" <> "owner_id");

-- pacer:hand-written:end
