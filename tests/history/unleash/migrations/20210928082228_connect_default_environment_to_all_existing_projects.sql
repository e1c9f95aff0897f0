-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20210928082228-connect-default-environment-to-all-existing-projects.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20210928080601_add_development_and_production_environments
-- retort:up
        INSERT INTO project_environments(project_id, environment_name)
        SELECT id, 'default'
        FROM projects
        ON CONFLICT DO NOTHING;
-- retort:down
        DELETE
        FROM project_environments
        WHERE environment_name = 'default';
