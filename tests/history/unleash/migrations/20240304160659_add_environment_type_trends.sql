-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20240304160659-add-environment-type-trends.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20240304084102_rename_observable_events_to_signals
-- retort:up
        CREATE TABLE IF NOT EXISTS environment_type_trends (
            id VARCHAR(255) NOT NULL,
            environment_type VARCHAR(255) NOT NULL,
            total_updates INTEGER NOT NULL,
            PRIMARY KEY (id, environment_type)
        );
-- retort:down
DROP TABLE IF EXISTS environment_type_trends;
