-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20240215133213-flag-trends-users.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20240208130439_events_revision_id_index
-- retort:up
        ALTER TABLE flag_trends ADD COLUMN IF NOT EXISTS users INTEGER DEFAULT 0;
-- retort:down
        ALTER TABLE flag_trends DROP COLUMN IF EXISTS users;
