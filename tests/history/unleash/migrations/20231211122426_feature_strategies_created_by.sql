-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20231211122426-feature-strategies-created-by.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20231211122351_feature_tag_created_by
-- retort:up
        ALTER TABLE feature_strategies ADD COLUMN IF NOT EXISTS created_by INTEGER;
-- retort:down
        ALTER TABLE feature_strategies DROP COLUMN IF EXISTS created_by;
