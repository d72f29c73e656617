-- CreateEnum
CREATE TYPE "TargetSource" AS ENUM ('ingest', 'chat');

-- AlterTable
ALTER TABLE "targets" ADD COLUMN     "set_by_id" INTEGER,
ADD COLUMN     "source" "TargetSource" NOT NULL DEFAULT 'ingest';

-- AddForeignKey
ALTER TABLE "targets" ADD CONSTRAINT "targets_set_by_id_fkey" FOREIGN KEY ("set_by_id") REFERENCES "employees"("id") ON DELETE SET NULL ON UPDATE CASCADE;
