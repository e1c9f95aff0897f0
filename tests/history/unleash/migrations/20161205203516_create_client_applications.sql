-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20161205203516-create-client-applications.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20161104074441_create_client_instances
-- retort:up
CREATE TABLE  "client_applications" ("app_name" VARCHAR (255) PRIMARY KEY NOT NULL, "created_at" TIMESTAMP  DEFAULT 'now()', "updated_at" TIMESTAMP  DEFAULT 'now()', "seen_at" TIMESTAMP  , "strategies" JSON  , "description" VARCHAR (255) , "icon" VARCHAR (255) , "url" VARCHAR (255) , "color" VARCHAR (255) );
-- retort:down
DROP TABLE  "client_applications";
