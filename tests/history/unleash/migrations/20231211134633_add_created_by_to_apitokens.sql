-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20231211134633-add-created-by-to-apitokens.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20231211134130_add_created_by_to_users
-- retort:up
ALTER TABLE api_tokens ADD COLUMN created_by INTEGER;
-- retort:down
ALTER TABLE api_tokens DROP COLUMN created_by;
