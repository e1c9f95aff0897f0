-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20250425091940-client-instance-sdk-type.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20250424185110_unknown_flags
-- retort:up
ALTER TABLE client_instances ADD COLUMN sdk_type varchar(255);
-- retort:down
ALTER TABLE client_instances DROP COLUMN sdk_type;
