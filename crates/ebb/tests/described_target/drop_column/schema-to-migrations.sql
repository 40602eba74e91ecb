-- AlterTable
ALTER TABLE "Post" ADD COLUMN "content" TEXT;


