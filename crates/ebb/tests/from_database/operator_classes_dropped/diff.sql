-- DropIndex
DROP INDEX "Doc_at_bloom_idx";

-- DropIndex
DROP INDEX "Doc_data_idx";

-- DropIndex
DROP INDEX "Doc_data_ops_idx";

-- DropIndex
DROP INDEX "Doc_data_path_idx";

-- DropIndex
DROP INDEX "Doc_ip_idx";

-- DropIndex
DROP INDEX "Doc_n_desc_idx";

-- DropIndex
DROP INDEX "Doc_n_idx";

-- DropIndex
DROP INDEX "Doc_tags_idx";

-- DropIndex
DROP INDEX "Doc_title_gist_trgm_idx";

-- DropIndex
DROP INDEX "Doc_title_hash_idx";

-- DropIndex
DROP INDEX "Doc_title_spgist_idx";

-- DropIndex
DROP INDEX "Doc_title_trgm_idx";


