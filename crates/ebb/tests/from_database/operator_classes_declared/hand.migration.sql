-- Indexes made by hand, which the next schema declares as `prisma db pull` writes them.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX "Doc_data_path_idx" ON "Doc" USING GIN ("data" jsonb_path_ops);
CREATE INDEX "Doc_data_ops_idx" ON "Doc" USING GIN ("data" jsonb_ops);
CREATE INDEX "Doc_data_idx" ON "Doc" USING GIN ("data");
CREATE INDEX "Doc_title_trgm_idx" ON "Doc" USING GIN ("title" gin_trgm_ops);
CREATE INDEX "Doc_title_spgist_idx" ON "Doc" USING SPGIST ("title");
CREATE INDEX "Doc_tags_idx" ON "Doc" USING GIN ("tags");
CREATE INDEX "Doc_n_idx" ON "Doc" USING BRIN ("n");
CREATE INDEX "Doc_at_bloom_idx" ON "Doc" USING BRIN ("at" timestamp_bloom_ops);
CREATE INDEX "Doc_title_pattern_idx" ON "Doc"("title" text_pattern_ops);
