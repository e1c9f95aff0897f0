-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20230222084211-add-login-events-table.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20230208093942_assign_project_api_token_permissions_member
-- retort:up
        CREATE TABLE IF NOT EXISTS login_events (
            id SERIAL PRIMARY KEY NOT NULL,
            username TEXT NOT NULL,
            auth_type TEXT NOT NULL,
            created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
            successful BOOLEAN NOT NULL,
            ip INET,
            failure_reason TEXT
        );
        CREATE INDEX IF NOT EXISTS login_events_ip_idx ON login_events(ip);
-- retort:down
        DROP INDEX IF EXISTS login_events_ip_idx;
        DROP TABLE IF EXISTS login_events;
