-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20210915122001-add-project-and-environment-columns-to-events.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20210913103159_api_keys_scoping
-- retort:up
        ALTER TABLE events
            ADD COLUMN project TEXT;
        ALTER TABLE events
            ADD COLUMN environment TEXT;
        CREATE INDEX events_project_idx ON events(project);
        CREATE INDEX events_environment_idx ON events(environment);
-- retort:down
        DROP INDEX events_environment_idx;
        DROP INDEX events_project_idx;
        ALTER TABLE events
            DROP COLUMN environment;
        ALTER TABLE events
            DROP COLUMN project;
