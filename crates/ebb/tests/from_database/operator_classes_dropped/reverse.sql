-- CreateIndex
CREATE INDEX "Doc_at_bloom_idx" ON "public"."Doc" USING BRIN ("at" timestamp_bloom_ops ASC);

-- CreateIndex
CREATE INDEX "Doc_data_idx" ON "public"."Doc" USING GIN ("data" jsonb_ops ASC);

-- CreateIndex
CREATE INDEX "Doc_data_ops_idx" ON "public"."Doc" USING GIN ("data" jsonb_ops ASC);

-- CreateIndex
CREATE INDEX "Doc_data_path_idx" ON "public"."Doc" USING GIN ("data" jsonb_path_ops ASC);

-- CreateIndex
CREATE INDEX "Doc_ip_idx" ON "public"."Doc" USING GIST ("ip" inet_ops ASC);

-- CreateIndex
CREATE INDEX "Doc_n_desc_idx" ON "public"."Doc"("n" DESC);

-- CreateIndex
CREATE INDEX "Doc_n_idx" ON "public"."Doc" USING BRIN ("n" int4_minmax_ops ASC);

-- CreateIndex
CREATE INDEX "Doc_tags_idx" ON "public"."Doc" USING GIN ("tags" array_ops ASC);

-- CreateIndex
CREATE INDEX "Doc_title_gist_trgm_idx" ON "public"."Doc" USING GIST ("title" gist_trgm_ops ASC);

-- CreateIndex
CREATE INDEX "Doc_title_hash_idx" ON "public"."Doc" USING HASH ("title" ASC);

-- CreateIndex
CREATE INDEX "Doc_title_spgist_idx" ON "public"."Doc" USING SPGIST ("title" text_ops ASC);

-- CreateIndex
CREATE INDEX "Doc_title_trgm_idx" ON "public"."Doc" USING GIN ("title" gin_trgm_ops ASC);


