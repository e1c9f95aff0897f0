-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20240102205517-observable-events.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20240102142100_incoming_webhooks_created_by
-- retort:up
        CREATE TABLE IF NOT EXISTS observable_events
            (
                id SERIAL PRIMARY KEY NOT NULL,
                payload JSONB NOT NULL DEFAULT '{}'::jsonb,
                created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                source TEXT NOT NULL,
                source_id INTEGER NOT NULL,
                created_by_incoming_webhook_token_id INTEGER,
                announced BOOLEAN DEFAULT false NOT NULL
            );
        CREATE INDEX observable_events_source_and_source_id_idx ON observable_events(source, source_id);
        CREATE INDEX observable_events_created_by_incoming_webhook_token_id_idx ON observable_events(created_by_incoming_webhook_token_id);
        CREATE INDEX observable_events_unannounced_idx ON observable_events(announced) WHERE announced = false;
-- retort:down
        DROP INDEX IF EXISTS observable_events_source_and_source_id_idx;
        DROP INDEX IF EXISTS observable_events_created_by_incoming_webhook_token_id_idx;
        DROP INDEX IF EXISTS observable_events_unannounced_idx;
        DROP TABLE IF EXISTS observable_events;
