-- AlterTable
ALTER TABLE "public"."Doc" DROP COLUMN "note";


