-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20210618091331-project-environments-table.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20210615115226_migrate_strategies_to_feature_strategies
-- retort:up
        CREATE TABLE project_environments (
            project_id varchar(255) REFERENCES projects(id) ON DELETE CASCADE,
            environment_name varchar(100) REFERENCES environments(name) ON DELETE CASCADE,
            PRIMARY KEY(project_id, environment_name)
        );
-- retort:down
DROP TABLE project_environments;
