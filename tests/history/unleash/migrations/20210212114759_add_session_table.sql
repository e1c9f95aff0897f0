-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20210212114759-add-session-table.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20210208203708_add_stickiness_to_context
-- retort:up
        CREATE TABLE unleash_session (
            sid varchar PRIMARY KEY,
            sess json NOT NULL,
            created_at TIMESTAMP WITH TIME ZONE DEFAULT now(),
            expired TIMESTAMP WITH TIME ZONE NOT NULL
        );
        CREATE INDEX idx_unleash_session_expired ON unleash_session(expired);
-- retort:down
        DROP INDEX idx_unleash_session_expired;
        DROP TABLE unleash_session;
