-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20200416201319-create-users.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20200329191251_settings_secret
-- retort:up
CREATE TABLE  "users" ("id"   SERIAL PRIMARY KEY NOT NULL, "name" VARCHAR (255) , "username" VARCHAR (255) UNIQUE, "system_id" VARCHAR (255) , "email" VARCHAR (255) UNIQUE, "image_url" VARCHAR (255) , "password_hash" VARCHAR (255) , "login_attempts" INTEGER  DEFAULT 0, "created_at" TIMESTAMP  DEFAULT 'now()', "seen_at" TIMESTAMP  );
-- retort:down
DROP TABLE  "users";
