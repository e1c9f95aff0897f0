CREATE TABLE "user" ("select" bigint, "order" integer, "default" text DEFAULT 'x');
CREATE TABLE "table" ("from" integer PRIMARY KEY, "user" integer REFERENCES "table");
CREATE INDEX "where" ON "user" ("order");
