-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20260406132537-user-access-requests.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20260318100000_safeguards_drop_project_column
-- retort:up
        CREATE TABLE IF NOT EXISTS user_access_requests (
            id TEXT PRIMARY KEY NOT NULL,
            email TEXT NOT NULL,
            requested_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT (now() at time zone 'utc')
        );
-- retort:down
        DROP TABLE IF EXISTS user_access_requests;
