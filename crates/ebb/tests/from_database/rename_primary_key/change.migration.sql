-- AlterTable
ALTER TABLE "Tag" RENAME CONSTRAINT "Tag_pk_a" TO "Tag_pk_b";
