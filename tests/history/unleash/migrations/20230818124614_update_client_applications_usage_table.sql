-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20230818124614-update-client-applications-usage-table.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20230817095805_client_applications_usage_table
-- retort:up
        DROP TABLE IF EXISTS client_applications_usage;

        CREATE TABLE IF NOT EXISTS client_applications_usage (
           app_name VARCHAR(255) REFERENCES client_applications(app_name) ON DELETE CASCADE,
           project VARCHAR(255) NOT NULL ,
           environment VARCHAR(100) NOT NULL ,
           PRIMARY KEY(app_name, project, environment)
        ) ;
-- retort:down
        DROP TABLE IF EXISTS client_applications_usage;
        CREATE TABLE IF NOT EXISTS client_applications_usage (
           app_name VARCHAR(255) REFERENCES client_applications(app_name) ON DELETE CASCADE,
           project VARCHAR(255) REFERENCES projects(id) ON DELETE CASCADE,
           environment VARCHAR(100) REFERENCES environments(name) ON DELETE CASCADE,
           PRIMARY KEY(app_name, project, environment)
        ) ;
