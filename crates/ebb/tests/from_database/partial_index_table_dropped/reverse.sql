-- CreateTable
CREATE TABLE "public"."Post" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "Post_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Post_slug_active_key" ON "public"."Post"("slug" ASC) WHERE ("deletedAt" IS NULL);

-- CreateIndex
CREATE INDEX "Post_title_idx" ON "public"."Post"("title" ASC);


