-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20260406161629-user-access-requests-unique-email.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20260406132537_user_access_requests
-- retort:up
        ALTER TABLE user_access_requests
        ADD CONSTRAINT user_access_requests_email_key UNIQUE (email);
-- retort:down
        ALTER TABLE user_access_requests
        DROP CONSTRAINT IF EXISTS user_access_requests_email_key;
