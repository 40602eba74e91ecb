-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Post" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "title" TEXT NOT NULL,
    "content" TEXT,
    "deletedAt" DATETIME,
    "views" INTEGER NOT NULL DEFAULT 0,
    "published" BOOLEAN NOT NULL DEFAULT false,
    "authorId" INTEGER NOT NULL,
    FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Post" ("authorId", "content", "deletedAt", "id", "published", "title", "views") SELECT "authorId", "content", "deletedAt", "id", "published", "title", "views" FROM "Post";
DROP TABLE "Post";
ALTER TABLE "new_Post" RENAME TO "Post";
CREATE UNIQUE INDEX "Post_title_active_key" ON "Post"("title" ASC) WHERE "deletedAt" IS NULL;
CREATE UNIQUE INDEX "Post_title_authorId_key" ON "Post"("title" ASC, "authorId" ASC);
CREATE INDEX "Post_authorId_idx" ON "Post"("authorId" ASC);
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


