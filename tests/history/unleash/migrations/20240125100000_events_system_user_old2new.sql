-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20240125100000-events-system-user-old2new.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20240125090553_events_fix_incorrectly_assigned_sysuser_id
-- retort:up
        UPDATE events SET created_by_user_id = -1337 WHERE created_by_user_id = -1;
-- retort:down
