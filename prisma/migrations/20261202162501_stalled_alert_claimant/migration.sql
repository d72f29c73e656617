-- AlterTable
ALTER TABLE "stalled_alerts" ADD COLUMN     "claimed_by" TEXT;
