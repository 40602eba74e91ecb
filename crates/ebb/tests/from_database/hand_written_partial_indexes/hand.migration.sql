-- Indexes the schema cannot write: partial, on an expression, both.
CREATE UNIQUE INDEX "User_email_active_key" ON "User"("email") WHERE "deletedAt" IS NULL;
CREATE INDEX "User_lower_email_idx" ON "User"(lower("email"));
CREATE INDEX "User_lower_name_active_idx" ON "User"(lower("name")) WHERE "deletedAt" IS NULL;
