-- CreateTable
CREATE TABLE "Config" (
    "id" SERIAL NOT NULL,
    "settings" JSONB NOT NULL DEFAULT '{"a":[],"b":{"c":1}}',
    "list" JSONB DEFAULT '[1,2]',
    "changed" JSONB DEFAULT '{"x":1}',
    "raw" JSON DEFAULT '{"a":[]}',

    CONSTRAINT "Config_pkey" PRIMARY KEY ("id")
);
