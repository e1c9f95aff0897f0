-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20220927110212-add-enabled-to-public-signup-tokens.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20220916093515_add_url_to_public_signup_tokens
-- retort:up
            ALTER table public_signup_tokens
                ADD COLUMN IF NOT EXISTS enabled boolean DEFAULT true;
-- retort:down
            ALTER table public_signup_tokens
                DROP COLUMN enabled;
