DROP INDEX "Post_title_active_key";
