-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20220916093515-add-url-to-public-signup-tokens.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20220912165344_pat_tokens
-- retort:up
            ALTER table public_signup_tokens
                ADD COLUMN IF NOT EXISTS url text;
-- retort:down
            ALTER table public_signup_tokens
                DROP COLUMN url;
