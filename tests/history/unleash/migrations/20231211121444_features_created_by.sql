-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20231211121444-features-created-by.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20231123155649_favor_permission_name_over_id
-- retort:up
        ALTER TABLE features ADD COLUMN IF NOT EXISTS created_by INTEGER;
-- retort:down
        ALTER TABLE features DROP COLUMN IF EXISTS created_by;
