-- Indexes the schema cannot write: partial, on an expression, both.
CREATE UNIQUE INDEX "Post_title_active_key" ON "Post"("title") WHERE "deletedAt" IS NULL;
CREATE INDEX "Post_lower_title_idx" ON "Post"(lower("title"));
CREATE INDEX "Post_lower_content_active_idx" ON "Post"(lower("content")) WHERE "deletedAt" IS NULL;
