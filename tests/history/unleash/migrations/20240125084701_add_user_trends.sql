-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20240125084701-add-user-trends.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20240124123000_add_enabled_to_action_sets
-- retort:up
        CREATE TABLE IF NOT EXISTS user_trends (
            id VARCHAR(255) PRIMARY KEY,
            total_users INTEGER NOT NULL,
            active_users INTEGER NOT NULL,
            created_at TIMESTAMP default now()
        );
-- retort:down
DROP TABLE IF EXISTS user_trends;
