-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20210322104357-api-tokens-convert-enterprise.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20210322104356_api_tokens_table
-- retort:up
SELECT * from settings where name = 'unleash.enterprise.api.keys';
-- retort:down
