-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20210409120136-create-reset-token-table.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20210323073508_reset_application_announcements
-- retort:up
            CREATE TABLE IF NOT EXISTS reset_tokens
            (
                reset_token text PRIMARY KEY         NOT NULL,
                user_id     integer,
                expires_at  timestamp with time zone NOT NULL,
                used_at     timestamp with time zone,
                created_at  timestamp with time zone DEFAULT now(),
                created_by  text,
                FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
            );
-- retort:down
DROP TABLE reset_tokens;
