-- CreateTable
CREATE TABLE "receivable_snoozes" (
    "id" SERIAL NOT NULL,
    "order_id" INTEGER NOT NULL,
    "snoozed_by_id" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "snoozed_at" TIMESTAMPTZ(3) NOT NULL,
    "until" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "receivable_snoozes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "receivable_snoozes_order_id_until_idx" ON "receivable_snoozes"("order_id", "until");

-- CreateIndex
CREATE INDEX "receivable_snoozes_snoozed_by_id_idx" ON "receivable_snoozes"("snoozed_by_id");

-- AddForeignKey
ALTER TABLE "receivable_snoozes" ADD CONSTRAINT "receivable_snoozes_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "receivable_snoozes" ADD CONSTRAINT "receivable_snoozes_snoozed_by_id_fkey" FOREIGN KEY ("snoozed_by_id") REFERENCES "employees"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- pacer:hand-written:begin

-- A snooze names one of the card's reasons and ends after it was made.
ALTER TABLE "receivable_snoozes" ADD CONSTRAINT "receivable_snoozes_reason_check"
  CHECK ("reason" IN ('promised', 'disputed', 'partial', 'other'));
ALTER TABLE "receivable_snoozes" ADD CONSTRAINT "receivable_snoozes_until_check" CHECK ("until" > "snoozed_at");

-- pacer:hand-written:end
