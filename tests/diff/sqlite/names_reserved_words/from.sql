CREATE TABLE "order" ("select" INTEGER PRIMARY KEY, "from" TEXT);
