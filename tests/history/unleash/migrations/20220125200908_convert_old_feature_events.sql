-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20220125200908-convert-old-feature-events.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20220119182603_update_toggle_types_description
-- retort:up
        UPDATE events
        SET feature_name = E.feature_name
        FROM (
            SELECT id, data->>'name' AS feature_name 
            FROM events 
            WHERE type IN ('feature-created', 'feature-updated', 'feature-archived', 'feature-stale-on', 'feature-stale-off') 
            AND feature_name is null
        ) AS E
        WHERE events.id = E.id;
-- retort:down
