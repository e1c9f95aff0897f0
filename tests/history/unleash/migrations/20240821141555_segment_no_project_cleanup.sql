-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20240821141555-segment-no-project-cleanup.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20240812132633_events_type_index
-- retort:up
        UPDATE events
        SET project = NULL
        WHERE type = 'segment-created'
          AND project = 'no-project'
          AND NOT EXISTS (
            SELECT 1
            FROM projects
            WHERE name = 'no-project'
        );
-- retort:down
