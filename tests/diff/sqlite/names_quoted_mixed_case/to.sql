CREATE TABLE "Cat" ("Id" INTEGER PRIMARY KEY, "Full Name" TEXT NOT NULL DEFAULT '', "Age In Years" INTEGER);
CREATE INDEX "Cat By Name" ON "Cat" ("Full Name");
