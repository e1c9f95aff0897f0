-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20220912165344-pat-tokens.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20220908093515_add_public_signup_tokens
-- retort:up
        CREATE TABLE personal_access_tokens (
            secret text not null primary key,
            description text,
            user_id integer not null references users (id) ON DELETE CASCADE,
            expires_at  timestamp with time zone NOT NULL,
            seen_at  timestamp with time zone,
            created_at  timestamp with time zone not null DEFAULT now()
        );
-- retort:down
drop table personal_access_tokens;
