-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20210922084509-add-non-null-constraint-to-environment-type.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20210921105032_client_api_tokens_default
-- retort:up
    UPDATE environments SET type = 'production' WHERE type IS null;
    ALTER TABLE environments ALTER COLUMN type SET NOT NULL;
-- retort:down
ALTER TABLE environments ALTER COLUMN type DROP NOT NULL;
