DROP INDEX "Post_title_active_key";
DROP INDEX "Post_lower_title_idx";
DROP INDEX "Post_lower_content_active_idx";
