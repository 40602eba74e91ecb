-- AlterTable
ALTER TABLE "Doc" ADD COLUMN     "note" TEXT;


