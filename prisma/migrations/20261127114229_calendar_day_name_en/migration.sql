-- AlterTable
ALTER TABLE "calendar_days" ADD COLUMN     "name_en" TEXT;
