-- db-migrate's own table, which it creates before Unleash's first migration
-- (recorded by tests/history/unleash-convert.js from db-migrate-pg)
-- retort:up
CREATE TABLE IF NOT EXISTS "migrations" ("id"   SERIAL PRIMARY KEY NOT NULL, "name" VARCHAR (255) NOT NULL, "run_on" TIMESTAMP  NOT NULL);
-- retort:down
DROP TABLE "migrations";
