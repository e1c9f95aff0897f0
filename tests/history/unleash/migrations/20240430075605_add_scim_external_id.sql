-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20240430075605-add-scim-external-id.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20240425132155_flag_trends_bigint
-- retort:up
        ALTER TABLE users ADD COLUMN scim_external_id TEXT;
        ALTER TABLE groups ADD COLUMN scim_external_id TEXT;
        CREATE UNIQUE INDEX users_scim_external_id_uniq_idx on users(scim_external_id) WHERE scim_external_id IS NOT NULL;
        CREATE UNIQUE INDEX groups_scim_external_id_uniq_idx ON groups(scim_external_id) WHERE scim_external_id IS NOT NULL;
-- retort:down
    DROP INDEX IF EXISTS users_scim_external_id_uniq_idx;
    DROP INDEX IF EXISTS groups_scim_external_id_uniq_idx;
    ALTER TABLE groups DROP COLUMN scim_external_id;
    ALTER TABLE users DROP COLUMN scim_external_id;
