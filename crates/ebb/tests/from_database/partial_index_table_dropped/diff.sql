-- DropTable
DROP TABLE "Post";


