-- AlterTable
ALTER TABLE "Post" ADD COLUMN "body" TEXT;

-- CreateTable
CREATE TABLE "Tag" (
    "postId" INTEGER NOT NULL,
    "userId" INTEGER NOT NULL,
    "label" TEXT NOT NULL,

    PRIMARY KEY ("postId", "userId"),
    FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    FOREIGN KEY ("postId") REFERENCES "Post" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Tag_label_idx" ON "Tag"("label" ASC);


