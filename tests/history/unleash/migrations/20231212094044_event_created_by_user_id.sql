-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20231212094044-event-created-by-user-id.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20231211134633_add_created_by_to_apitokens
-- retort:up
        ALTER TABLE events ADD COLUMN IF NOT EXISTS created_by_user_id INTEGER;
        CREATE INDEX events_created_by_user_id_idx ON events(created_by_user_id);
-- retort:down
        DROP INDEX IF EXISTS events_created_by_user_id_idx;
        ALTER TABLE events DROP COLUMN IF EXISTS created_by_user_id;
