-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "note" TEXT;


