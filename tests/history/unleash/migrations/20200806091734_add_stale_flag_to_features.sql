-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20200806091734-add-stale-flag-to-features.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20200805094311_add_feature_type_to_features
-- retort:up
ALTER TABLE "features" ADD COLUMN "stale" BOOLEAN  DEFAULT false;
-- retort:down
ALTER TABLE "features" DROP COLUMN "stale";
