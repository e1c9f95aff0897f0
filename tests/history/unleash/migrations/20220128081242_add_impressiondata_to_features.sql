-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20220128081242-add-impressiondata-to-features.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20220125200908_convert_old_feature_events
-- retort:up
        ALTER TABLE features ADD COLUMN "impression_data" BOOLEAN DEFAULT FALSE;
-- retort:down
        ALTER TABLE features DROP COLUMN "impression_data";
