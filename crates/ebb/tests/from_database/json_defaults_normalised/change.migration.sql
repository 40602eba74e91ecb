-- AlterTable
ALTER TABLE "Config" ALTER COLUMN "changed" SET DEFAULT '{"x":2}';
