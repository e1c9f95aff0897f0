-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20240812120954-add-archived-at-to-projects.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20240806140453_add_archived_at_to_projects
-- retort:up
        CREATE INDEX idx_events_created_at_desc ON events (created_at DESC);
-- retort:down
        DROP INDEX IF EXISTS idx_events_created_at_desc;
