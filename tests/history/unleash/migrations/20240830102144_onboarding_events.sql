-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20240830102144-onboarding-events.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20240828154255_user_first_seen_at
-- retort:up
            CREATE TABLE IF NOT EXISTS onboarding_events_instance (
                event VARCHAR(255) NOT NULL,
                time_to_event INTEGER NOT NULL, -- in seconds
                PRIMARY KEY (event)
            );

            CREATE TABLE IF NOT EXISTS onboarding_events_project (
               event VARCHAR(255) NOT NULL,
               time_to_event INTEGER NOT NULL, -- in seconds
               project VARCHAR(255) NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
               PRIMARY KEY (event, project)
            );
-- retort:down
            DROP TABLE IF EXISTS onboarding_events_instance;
            DROP TABLE IF EXISTS onboarding_events_project;
