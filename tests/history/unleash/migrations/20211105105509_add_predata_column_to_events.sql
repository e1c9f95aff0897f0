-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20211105105509-add-predata-column-to-events.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20211105104316_add_feature_name_column_to_events
-- retort:up
ALTER TABLE events ADD COLUMN pre_data jsonb;
-- retort:down
ALTER TABLE events DROP COLUMN pre_data;
