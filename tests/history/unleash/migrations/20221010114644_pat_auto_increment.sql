-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20221010114644-pat-auto-increment.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20220927110212_add_enabled_to_public_signup_tokens
-- retort:up
            alter table personal_access_tokens
                drop constraint personal_access_tokens_pkey;
            ALTER TABLE personal_access_tokens
                add column id serial primary key;
-- retort:down
            alter table personal_access_tokens
                drop constraint personal_access_tokens_pkey;
            alter table personal_access_tokens
                drop column id;
            alter table personal_access_tokens
                add primary key (secret);
