-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20170628205541-add-sdk-version-to-client-instances.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20170306233934_timestamp_with_tz
-- retort:up
ALTER TABLE client_instances ADD "sdk_version" varchar(255);
-- retort:down
ALTER TABLE client_instances DROP COLUMN "sdk_version";
