-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20240716135038-integration-events.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20240705111827_used_passwords_table
-- retort:up
        CREATE TABLE IF NOT EXISTS integration_events
        (
            id BIGSERIAL PRIMARY KEY NOT NULL,
            integration_id INTEGER NOT NULL REFERENCES addons(id) ON DELETE CASCADE,
            created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
            state TEXT NOT NULL,
            state_details TEXT NOT NULL,
            event JSONB NOT NULL,
            details JSONB NOT NULL
        );

        CREATE INDEX IF NOT EXISTS idx_integration_events_integration_id ON integration_events(integration_id);
-- retort:down
        DROP INDEX IF EXISTS idx_integration_events_integration_id;
        DROP TABLE IF EXISTS integration_events;
