-- A title is unique among the posts that are not deleted.
CREATE UNIQUE INDEX "Post_title_active_key" ON "Post"("title") WHERE "deletedAt" IS NULL;
