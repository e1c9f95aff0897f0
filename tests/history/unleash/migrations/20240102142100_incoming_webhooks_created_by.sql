-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20240102142100-incoming-webhooks-created-by.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20231222071533_unleash_system_user
-- retort:up
        ALTER TABLE incoming_webhooks ALTER COLUMN created_by_user_id DROP NOT NULL;
        ALTER TABLE incoming_webhook_tokens ALTER COLUMN created_by_user_id DROP NOT NULL;
-- retort:down
