-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20200429175747-users-settings.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20200416201319_create_users
-- retort:up
        ALTER TABLE users ADD "settings" json;
        ALTER TABLE users ADD "permissions" json;
        ALTER TABLE users ALTER COLUMN "permissions" SET DEFAULT '[]';
        ALTER TABLE users DROP COLUMN "system_id";
-- retort:down
      ALTER TABLE users DROP COLUMN "settings";
      ALTER TABLE users DROP COLUMN "permissions";
      ALTER TABLE users ADD COLUMN "system_id" VARCHAR;
