-- CreateEnum
CREATE TYPE "DisputeStatus" AS ENUM ('pending', 'approved', 'rejected');

-- CreateTable
CREATE TABLE "order_disputes" (
    "id" SERIAL NOT NULL,
    "order_id" INTEGER NOT NULL,
    "raised_by_id" INTEGER NOT NULL,
    "from_owner_id" INTEGER NOT NULL,
    "proposed_owner_id" INTEGER,
    "status" "DisputeStatus" NOT NULL DEFAULT 'pending',
    "raised_at" TIMESTAMPTZ(3) NOT NULL,
    "decided_by_id" INTEGER,
    "decided_at" TIMESTAMPTZ(3),

    CONSTRAINT "order_disputes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "order_credit_overrides" (
    "order_id" INTEGER NOT NULL,
    "owner_id" INTEGER NOT NULL,
    "source_owner_id" INTEGER NOT NULL,
    "dispute_id" INTEGER,
    "set_by" TEXT NOT NULL,
    "set_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "order_credit_overrides_pkey" PRIMARY KEY ("order_id")
);

-- CreateIndex
CREATE INDEX "order_disputes_order_id_idx" ON "order_disputes"("order_id");

-- CreateIndex
CREATE INDEX "order_disputes_raised_by_id_idx" ON "order_disputes"("raised_by_id");

-- CreateIndex
CREATE INDEX "order_disputes_proposed_owner_id_idx" ON "order_disputes"("proposed_owner_id");

-- CreateIndex
CREATE INDEX "order_disputes_decided_by_id_idx" ON "order_disputes"("decided_by_id");

-- CreateIndex
CREATE INDEX "order_credit_overrides_owner_id_idx" ON "order_credit_overrides"("owner_id");

-- CreateIndex
CREATE INDEX "order_credit_overrides_source_owner_id_idx" ON "order_credit_overrides"("source_owner_id");

-- CreateIndex
CREATE INDEX "order_credit_overrides_dispute_id_idx" ON "order_credit_overrides"("dispute_id");

-- AddForeignKey
ALTER TABLE "order_disputes" ADD CONSTRAINT "order_disputes_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order_disputes" ADD CONSTRAINT "order_disputes_raised_by_id_fkey" FOREIGN KEY ("raised_by_id") REFERENCES "employees"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order_disputes" ADD CONSTRAINT "order_disputes_proposed_owner_id_fkey" FOREIGN KEY ("proposed_owner_id") REFERENCES "employees"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order_disputes" ADD CONSTRAINT "order_disputes_decided_by_id_fkey" FOREIGN KEY ("decided_by_id") REFERENCES "employees"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order_credit_overrides" ADD CONSTRAINT "order_credit_overrides_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order_credit_overrides" ADD CONSTRAINT "order_credit_overrides_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "employees"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order_credit_overrides" ADD CONSTRAINT "order_credit_overrides_source_owner_id_fkey" FOREIGN KEY ("source_owner_id") REFERENCES "employees"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order_credit_overrides" ADD CONSTRAINT "order_credit_overrides_dispute_id_fkey" FOREIGN KEY ("dispute_id") REFERENCES "order_disputes"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- pacer:hand-written:begin

-- One open dispute per order at a time; a decided dispute names who decided and when.
CREATE UNIQUE INDEX "order_disputes_one_pending_idx" ON "order_disputes" ("order_id") WHERE "status" = 'pending';
ALTER TABLE "order_disputes" ADD CONSTRAINT "order_disputes_decided_check"
  CHECK (("status" = 'pending') = ("decided_at" IS NULL));

-- pacer:hand-written:end
