-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20221110104933-add-change-request-settings.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20221108114358_add_change_request_permissions
-- retort:up
            CREATE TABLE IF NOT EXISTS change_request_settings (
               project varchar(255) REFERENCES projects(id) ON DELETE CASCADE,
               environment varchar(100) REFERENCES environments(name) ON DELETE CASCADE,
               PRIMARY KEY(project, environment)
            );
-- retort:down
            DROP TABLE IF EXISTS change_request_settings;
