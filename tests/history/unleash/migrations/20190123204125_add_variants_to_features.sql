-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20190123204125-add-variants-to-features.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20170628205541_add_sdk_version_to_client_instances
-- retort:up
        ALTER TABLE features ADD "variants" json;
        ALTER TABLE features ALTER COLUMN "variants" SET DEFAULT '[]';
-- retort:down
ALTER TABLE features DROP COLUMN "variants";
