CREATE TABLE "user" ("select" integer);
