-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20210624114855-drop-strategies-column-from-features.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20210624114602_change_type_of_feature_archived
-- retort:up
        ALTER TABLE features
            DROP COLUMN strategies;
-- retort:down
        ALTER TABLE features
            ADD COLUMN strategies json;
