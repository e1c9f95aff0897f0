-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20200102184820-create-context-fields.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20191023184858_flexible_rollout_strategy
-- retort:up
CREATE TABLE  "context_fields" ("name" VARCHAR (255) PRIMARY KEY NOT NULL, "description" TEXT  , "sort_order" INTEGER  DEFAULT 10, "legal_values" TEXT  , "created_at" TIMESTAMP  DEFAULT 'now()', "updated_at" TIMESTAMP  DEFAULT 'now()');
        INSERT INTO context_fields(name, description, sort_order) VALUES('environment', 'Allows you to constrain on application environment', 0);
        INSERT INTO context_fields(name, description, sort_order) VALUES('userId', 'Allows you to constrain on userId', 1);
        INSERT INTO context_fields(name, description, sort_order) VALUES('appName', 'Allows you to constrain on application name', 2);
-- retort:down
DROP TABLE  "context_fields";
