-- DropIndex
DROP INDEX "TeamCollection_title_trgm_idx";

-- DropIndex
DROP INDEX "TeamRequest_title_trgm_idx";

-- DropIndex
DROP INDEX "idx_mock_examples_team_requests_gin";

-- DropIndex
DROP INDEX "idx_mock_examples_user_requests_gin";


