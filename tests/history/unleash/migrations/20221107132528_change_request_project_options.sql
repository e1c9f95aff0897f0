-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20221107132528-change-request-project-options.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20221107121635_move_variants_to_per_environment
-- retort:up
            ALTER TABLE project_environments add column if not exists change_request_enabled bool default false;
            ALTER TABLE projects add column if not exists change_request_enabled bool default false;
-- retort:down
            ALTER TABLE project_environments drop column if exists change_request_enabled;
            ALTER TABLE projects drop column if exists change_request_enabled;
