-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20200227202711-settings.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20200102184820_create_context_fields
-- retort:up
CREATE TABLE  "settings" ("name" VARCHAR (255) PRIMARY KEY NOT NULL, "content" JSON  );
-- retort:down
DROP TABLE  "settings";
