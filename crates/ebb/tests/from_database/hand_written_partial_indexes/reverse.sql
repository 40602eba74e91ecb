-- AlterTable
ALTER TABLE "public"."User" DROP COLUMN "bio";


