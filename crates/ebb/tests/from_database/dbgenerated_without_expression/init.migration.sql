-- CreateTable
CREATE TABLE "Account" (
    "id" TEXT NOT NULL DEFAULT (gen_random_uuid())::text,
    "name" TEXT,
    "score" INTEGER DEFAULT 42,
    "at" TIMESTAMP(3) NOT NULL DEFAULT now(),

    CONSTRAINT "Account_pkey" PRIMARY KEY ("id")
);
