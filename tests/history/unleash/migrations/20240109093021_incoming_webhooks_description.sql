-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20240109093021-incoming-webhooks-description.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20240108151652_add_daily_metrics
-- retort:up
        ALTER TABLE incoming_webhooks ADD COLUMN IF NOT EXISTS description TEXT;
-- retort:down
