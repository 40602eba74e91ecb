-- DropIndex
DROP INDEX "public"."Setting_key_idx";

-- CreateIndex
CREATE INDEX "Setting_key_idx" ON "public"."Setting"("key" ASC);


