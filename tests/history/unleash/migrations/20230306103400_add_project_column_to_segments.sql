-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20230306103400-add-project-column-to-segments.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20230302133740_rename_sign_on_log_table_to_login_history
-- retort:up
ALTER TABLE segments ADD COLUMN segment_project_id varchar(255) REFERENCES projects(id) ON DELETE CASCADE;
-- retort:down
ALTER TABLE segments DROP COLUMN IF EXISTS segment_project_id;
