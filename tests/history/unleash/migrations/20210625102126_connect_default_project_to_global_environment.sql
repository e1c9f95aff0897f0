-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20210625102126-connect-default-project-to-global-environment.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20210624115109_drop_enabled_column_from_features
-- retort:up
    INSERT INTO project_environments(project_id, environment_name) VALUES ('default', ':global:');
-- retort:down
    DELETE FROM project_environments WHERE project_id = 'default' AND environment_name = ':global:';
