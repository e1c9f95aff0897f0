-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20210127094440-add-tags-column-to-events.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20210121115438_add_deprecated_column_to_strategies
-- retort:up
        ALTER TABLE events ADD COLUMN IF NOT EXISTS tags json DEFAULT '[]';
-- retort:down
        ALTER TABLE events DROP COLUMN IF EXISTS tags;
