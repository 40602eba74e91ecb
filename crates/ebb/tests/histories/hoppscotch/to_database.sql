-- CreateIndex
CREATE INDEX "TeamCollection_title_trgm_idx" ON "public"."TeamCollection" USING GIN ("title" gin_trgm_ops ASC);

-- CreateIndex
CREATE INDEX "TeamRequest_title_trgm_idx" ON "public"."TeamRequest" USING GIN ("title" gin_trgm_ops ASC);

-- CreateIndex
CREATE INDEX "idx_mock_examples_team_requests_gin" ON "public"."TeamRequest" USING GIN ("mockExamples" jsonb_ops ASC);

-- CreateIndex
CREATE INDEX "idx_mock_examples_user_requests_gin" ON "public"."UserRequest" USING GIN ("mockExamples" jsonb_ops ASC);


