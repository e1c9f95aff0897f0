-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20240806140453-add-archived-at-to-projects.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20240716135038_integration_events
-- retort:up
        ALTER TABLE projects ADD archived_at TIMESTAMP WITH TIME ZONE;
-- retort:down
        ALTER TABLE projects DROP COLUMN archived_at;
