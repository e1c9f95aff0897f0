-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20210208203708-add-stickiness-to-context.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20210127094440_add_tags_column_to_events
-- retort:up
        ALTER TABLE context_fields ADD COLUMN IF NOT EXISTS stickiness boolean DEFAULT false;
-- retort:down
        ALTER TABLE context_fields DROP COLUMN IF EXISTS stickiness;
