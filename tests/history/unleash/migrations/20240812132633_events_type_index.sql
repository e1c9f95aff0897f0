-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20240812132633-events-type-index.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20240812120954_add_archived_at_to_projects
-- retort:up
        CREATE INDEX idx_events_type ON events (type);
-- retort:down
        DROP INDEX IF EXISTS idx_events_type;
