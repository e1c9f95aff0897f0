-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20220816121136-add-metadata-to-api-keys.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20220808110415_add_projects_foreign_key
-- retort:up
ALTER TABLE api_tokens ADD COLUMN metadata JSONB NOT NULL DEFAULT '{}'::jsonb;
-- retort:down
ALTER TABLE api_tokens DROP COLUMN metadata;
