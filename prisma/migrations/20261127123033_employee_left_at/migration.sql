-- AlterTable
ALTER TABLE "employees" ADD COLUMN     "left_at" DATE;
