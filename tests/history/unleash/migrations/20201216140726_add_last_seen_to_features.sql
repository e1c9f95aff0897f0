-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20201216140726-add-last-seen-to-features.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20200928195238_add_project_id_to_features
-- retort:up
ALTER TABLE features ADD "last_seen_at" TIMESTAMP WITH TIME ZONE;
-- retort:down
ALTER TABLE "features" DROP COLUMN "last_seen_at";
