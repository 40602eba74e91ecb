/*
  Warnings:

  - You are about to drop the column `email` on the `User` table. All the data in the column will be lost.
  - You are about to drop the `Gone` table. If the table is not empty, all the data it contains will be lost.
  - Changed the type of `color` on the `Tag` table. No cast exists, the column would be dropped and recreated, which cannot be done if there is data, since the column is required.

*/
-- AlterEnum
ALTER TYPE "Size" ADD VALUE 'L';

-- DropForeignKey
ALTER TABLE "Post" DROP CONSTRAINT "Post_authorId_fkey";

-- DropIndex
DROP INDEX "User_email_idx";

-- AlterTable
CREATE SEQUENCE comment_id_seq;
ALTER TABLE "Comment" ALTER COLUMN "id" SET DEFAULT nextval('comment_id_seq');
ALTER SEQUENCE comment_id_seq OWNED BY "Comment"."id";

-- AlterTable
ALTER TABLE "Tag" DROP COLUMN "color",
ADD COLUMN     "color" TEXT NOT NULL;
ALTER TABLE "Tag" RENAME CONSTRAINT "Tag_pk_a" TO "Tag_pk_b";

-- AlterTable
ALTER TABLE "User" DROP COLUMN "email",
ALTER COLUMN "name" SET DEFAULT 'x',
ALTER COLUMN "age" SET DATA TYPE BIGINT,
ALTER COLUMN "nick" DROP NOT NULL;

-- DropTable
DROP TABLE "Gone";

-- DropEnum
DROP TYPE "Color";

-- RenameForeignKey
ALTER TABLE "Tag" RENAME CONSTRAINT "Tag_fk_a" TO "Tag_fk_b";

-- AddForeignKey
ALTER TABLE "Comment" ADD CONSTRAINT "Comment_postId_fkey" FOREIGN KEY ("postId") REFERENCES "Post"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- RenameIndex
ALTER INDEX "User_name_a" RENAME TO "User_name_b";
