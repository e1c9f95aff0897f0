-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20240305094305-features-remove-archived.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20240304160659_add_environment_type_trends
-- retort:up
            ALTER TABLE features DROP COLUMN IF EXISTS archived;
-- retort:down
            ALTER TABLE features ADD COLUMN IF NOT EXISTS archived BOOLEAN DEFAULT FALSE;
