-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20230314131041-project-settings.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20230309174400_add_project_segment_permission
-- retort:up
            CREATE TABLE IF NOT EXISTS project_settings (
               project VARCHAR(255) REFERENCES projects(id) ON DELETE CASCADE,
               default_stickiness VARCHAR(100),
               project_mode VARCHAR(100),
               PRIMARY KEY(project)
            );
-- retort:down
            DROP TABLE IF EXISTS project_settings;
