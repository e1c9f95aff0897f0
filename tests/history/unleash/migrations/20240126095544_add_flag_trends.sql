-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20240126095544-add-flag-trends.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20240125100000_events_system_user_old2new
-- retort:up
        CREATE TABLE IF NOT EXISTS flag_trends (
            id VARCHAR(255) NOT NULL,
            project VARCHAR(255) NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
            total_flags INTEGER NOT NULL,
            stale_flags INTEGER NOT NULL,
            potentially_stale_flags INTEGER NOT NULL,
            created_at TIMESTAMP default now(),
            PRIMARY KEY (id, project)
        );
-- retort:down
DROP TABLE IF EXISTS flag_trends;
