-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20231218165612-inc-webhook-tokens-rename-secret-to-token.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20231215105713_incoming_webhooks
-- retort:up
        ALTER TABLE incoming_webhook_tokens RENAME COLUMN secret TO token;
-- retort:down
        ALTER TABLE incoming_webhook_tokens RENAME COLUMN token TO secret;
