-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20141215210141-005-archived-flag-to-features.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20141118071458_default_strategy_event
-- retort:up
ALTER TABLE features ADD archived integer DEFAULT 0;
-- retort:down
ALTER TABLE features DROP COLUMN "archived";
