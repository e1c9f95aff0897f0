-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20221110144113-revert-change-request-project-options.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20221110104933_add_change_request_settings
-- retort:up
            ALTER TABLE project_environments drop column if exists change_request_enabled;
            ALTER TABLE projects drop column if exists change_request_enabled;
-- retort:down
            ALTER TABLE project_environments add column if not exists change_request_enabled bool default false;
            ALTER TABLE projects add column if not exists change_request_enabled bool default false;
