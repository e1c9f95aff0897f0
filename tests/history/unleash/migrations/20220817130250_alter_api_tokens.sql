-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20220817130250-alter-api-tokens.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20220816121136_add_metadata_to_api_keys
-- retort:up
ALTER TABLE api_tokens DROP COLUMN metadata;
         ALTER TABLE api_tokens ADD COLUMN alias text;
-- retort:down
ALTER TABLE api_tokens ADD COLUMN metadata JSONB NOT NULL DEFAULT '{}'::jsonb; 
        ALTER TABLE api_tokens DROP COLUMN alias;
