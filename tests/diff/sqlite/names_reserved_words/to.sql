CREATE TABLE "order" ("select" INTEGER PRIMARY KEY, "from" TEXT NOT NULL DEFAULT 'x', "group" TEXT, "where" INTEGER);
CREATE INDEX "index" ON "order" ("from", "group");
CREATE VIEW "table" AS SELECT "from" FROM "order";
