-- CreateTable
CREATE TABLE "Doc" (
    "id" SERIAL NOT NULL,
    "data" JSONB NOT NULL,
    "title" TEXT NOT NULL,
    "tags" TEXT[],
    "n" INTEGER NOT NULL,
    "at" TIMESTAMP(3),

    CONSTRAINT "Doc_pkey" PRIMARY KEY ("id")
);
