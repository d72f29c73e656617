-- CreateTable
CREATE TABLE "notice_outbox" (
    "key" TEXT NOT NULL,
    "employee_id" INTEGER NOT NULL,
    "notice" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notice_outbox_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "notice_outbox_created_at_idx" ON "notice_outbox"("created_at");
