-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20200805094311-add-feature-type-to-features.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20200805091409_add_feature_toggle_type
-- retort:up
ALTER TABLE "features" ADD COLUMN "type" VARCHAR  DEFAULT 'release';
-- retort:down
ALTER TABLE "features" DROP COLUMN "type";
