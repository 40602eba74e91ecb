-- A slug is unique among the posts that are not deleted.
CREATE UNIQUE INDEX "Post_slug_active_key" ON "Post"("slug") WHERE "deletedAt" IS NULL;
