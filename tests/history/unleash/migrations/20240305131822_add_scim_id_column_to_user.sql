-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20240305131822-add-scim-id-column-to-user.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20240305121702_add_metrics_summary_columns_to_flag_trends
-- retort:up
    ALTER TABLE users ADD COLUMN scim_id TEXT;
    CREATE INDEX IF NOT EXISTS users_scim_id_uniq_idx ON users (scim_id) WHERE scim_id IS NOT NULL;
-- retort:down
    DROP INDEX IF EXISTS users_scim_id_uniq_idx;
    ALTER TABLE users DROP COLUMN scim_id;
