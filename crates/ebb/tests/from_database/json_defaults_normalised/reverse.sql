-- AlterTable
ALTER TABLE "public"."Config" ALTER COLUMN "changed" SET DEFAULT '{"x": 1}';


