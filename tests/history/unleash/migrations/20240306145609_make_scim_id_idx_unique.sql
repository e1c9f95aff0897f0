-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20240306145609-make-scim-id-idx-unique.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20240305131822_add_scim_id_column_to_user
-- retort:up
DROP INDEX IF EXISTS users_scim_id_uniq_idx;
             CREATE UNIQUE INDEX users_scim_id_unique_idx ON users(scim_id) WHERE scim_id IS NOT NULL;
-- retort:down
DROP INDEX IF EXISTS users_scim_id_unique_idx;
