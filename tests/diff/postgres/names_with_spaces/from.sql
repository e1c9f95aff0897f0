CREATE TABLE "my table" ("a column" integer);
