-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20240119171200-action-states.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20240118093611_missing_primary_keys
-- retort:up
        CREATE TABLE IF NOT EXISTS action_states
        (
            id SERIAL PRIMARY KEY NOT NULL,
            created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
            state VARCHAR(255) NOT NULL,
            details VARCHAR(255),
            action_id INTEGER NOT NULL,
            observable_event_id INTEGER NOT NULL,
            FOREIGN KEY (observable_event_id) references observable_events(id),
            FOREIGN KEY (action_id) references actions(id)
        );
-- retort:down
        DROP INDEX IF EXISTS idx_state_to_observable_event_id;
        DROP TABLE IF EXISTS action_states;
