-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20220908093515-add-public-signup-tokens.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20220817130250_alter_api_tokens
-- retort:up
            create table IF NOT EXISTS public_signup_tokens
            (
                secret text primary key,
                name text,
                expires_at timestamp with time zone not null,
                created_at timestamp with time zone not null default now(),
                created_by text,
                role_id integer not null references roles (id) ON DELETE CASCADE
            );

            create table IF NOT EXISTS public_signup_tokens_user
            (
                secret text not null references public_signup_tokens (secret) on DELETE CASCADE,
                user_id integer not null references users (id) ON DELETE CASCADE,
                created_at timestamp with time zone not null default now(),
                primary key (secret, user_id)
            );
-- retort:down
DROP TABLE IF EXISTS public_signup_tokens_user;
DROP TABLE IF EXISTS public_signup_tokens;
