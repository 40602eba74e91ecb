-- DropIndex
DROP INDEX "Setting_key_idx";

-- CreateIndex
CREATE INDEX "Setting_key_idx" ON "Setting"("key" text_pattern_ops);
