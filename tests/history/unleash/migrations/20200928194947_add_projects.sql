-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20200928194947-add-projects.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20200810200901_add_created_at_to_feature_types
-- retort:up
CREATE TABLE  "projects" ("id" VARCHAR (255) PRIMARY KEY NOT NULL, "name" VARCHAR  NOT NULL, "description" VARCHAR  , "created_at" TIMESTAMP  DEFAULT 'now()');
              INSERT INTO projects(id, name, description) VALUES('default', 'Default', 'Default project');
-- retort:down
DROP TABLE  "projects";
