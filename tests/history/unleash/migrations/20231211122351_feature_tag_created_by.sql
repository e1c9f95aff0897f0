-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20231211122351-feature-tag-created-by.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20231211122322_feature_types_created_by
-- retort:up
        ALTER TABLE feature_tag ADD COLUMN IF NOT EXISTS created_by INTEGER;
-- retort:down
        ALTER TABLE feature_tag DROP COLUMN IF EXISTS created_by;
