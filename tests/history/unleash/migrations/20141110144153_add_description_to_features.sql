-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20141110144153-add-description-to-features.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20141020151056_initial_schema
-- retort:up
ALTER TABLE features ADD "description" text;
-- retort:down
ALTER TABLE features DROP COLUMN "description";
