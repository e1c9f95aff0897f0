-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20240828154255-user-first-seen-at.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20240823091442_normalize_token_types
-- retort:up
            ALTER TABLE users ADD COLUMN first_seen_at TIMESTAMP WITHOUT TIME ZONE;
-- retort:down
            ALTER TABLE users DROP COLUMN first_seen_at;
