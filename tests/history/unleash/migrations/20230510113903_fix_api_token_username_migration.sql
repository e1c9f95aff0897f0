-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20230510113903-fix-api-token-username-migration.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20230504145945_variant_metrics
-- retort:up
        SELECT * FROM migrations WHERE name = '/20230426110026-rename-api-token-username-field';
                ALTER TABLE api_tokens ADD COLUMN "token_name" text;
                UPDATE api_tokens SET token_name = username;
-- retort:down
ALTER TABLE api_tokens DROP COLUMN IF EXISTS "token_name";
