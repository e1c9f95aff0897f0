CREATE TABLE "my table" ("a column" integer, "b ""quoted""" text);
CREATE VIEW "my view (v1)" AS SELECT "a column" FROM "my table";
