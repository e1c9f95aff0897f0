-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20210624115109-drop-enabled-column-from-features.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20210624114855_drop_strategies_column_from_features
-- retort:up
        ALTER TABLE features
            DROP COLUMN enabled;
-- retort:down
        ALTER TABLE features
            ADD COLUMN enabled integer DEFAULT 0;
