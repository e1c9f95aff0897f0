-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20240326122126-add-index-on-group-name.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20240325081847_add_scim_id_for_groups
-- retort:up
CREATE INDEX IF NOT EXISTS groups_group_name_idx ON groups(name);
-- retort:down
DROP INDEX IF EXISTS groups_group_name_idx;
