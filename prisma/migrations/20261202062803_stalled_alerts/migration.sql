-- AlterTable
ALTER TABLE "offers" ADD COLUMN     "start_date" DATE;

-- CreateTable
CREATE TABLE "stalled_alerts" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "cause" TEXT NOT NULL,
    "application_id" INTEGER NOT NULL,
    "since" TIMESTAMPTZ(3) NOT NULL,
    "sent_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "stalled_alerts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "stalled_alerts_key_key" ON "stalled_alerts"("key");

-- CreateIndex
CREATE INDEX "stalled_alerts_application_id_idx" ON "stalled_alerts"("application_id");

-- AddForeignKey
ALTER TABLE "stalled_alerts" ADD CONSTRAINT "stalled_alerts_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE CASCADE ON UPDATE CASCADE;
