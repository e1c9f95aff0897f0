-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20200810200901-add-created-at-to-feature-types.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20200806091734_add_stale_flag_to_features
-- retort:up
ALTER TABLE feature_types ADD "created_at" TIMESTAMP WITH TIME ZONE default now();
-- retort:down
ALTER TABLE feature_types DROP COLUMN "created_at";
