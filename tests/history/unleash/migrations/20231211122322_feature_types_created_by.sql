-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20231211122322-feature-types-created-by.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20231211121444_features_created_by
-- retort:up
        ALTER TABLE feature_types ADD COLUMN IF NOT EXISTS created_by INTEGER;
-- retort:down
        ALTER TABLE feature_types DROP COLUMN IF EXISTS created_by;
