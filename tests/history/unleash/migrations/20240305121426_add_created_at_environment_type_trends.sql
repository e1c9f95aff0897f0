-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20240305121426-add-created-at-environment-type-trends.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20240305094305_features_remove_archived
-- retort:up
        ALTER TABLE IF EXISTS environment_type_trends
            ADD COLUMN created_at timestamp default now();
-- retort:down
ALTER TABLE IF EXISTS environment_type_trends DROP COLUMN IF EXISTS created_at;
