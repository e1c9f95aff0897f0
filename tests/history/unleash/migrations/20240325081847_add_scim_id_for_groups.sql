-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20240325081847-add-scim-id-for-groups.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20240306145609_make_scim_id_idx_unique
-- retort:up
  ALTER TABLE groups ADD COLUMN scim_id TEXT;
  CREATE UNIQUE INDEX groups_scim_id_unique_idx ON groups(scim_id) WHERE scim_id IS NOT NULL;
-- retort:down
  DROP INDEX IF EXISTS groups_scim_id_unique_idx;
  ALTER TABLE groups DROP COLUMN scim_id;
