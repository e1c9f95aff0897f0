-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20211105104316-add-feature-name-column-to-events.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20211029094324_set_sort_order_env
-- retort:up
        ALTER TABLE events
            ADD COLUMN feature_name TEXT;
        CREATE INDEX feature_name_idx ON events(feature_name);
-- retort:down
        DROP INDEX feature_name_idx;
        ALTER TABLE events
            DROP COLUMN feature_name;
