-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20240418140646-add-ip-column-to-events-table.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20240408104624_fix_environment_type_trends
-- retort:up
ALTER TABLE events ADD COLUMN ip TEXT;
-- retort:down
ALTER TABLE events DROP COLUMN ip;
