DROP INDEX "Post_slug_active_key";
