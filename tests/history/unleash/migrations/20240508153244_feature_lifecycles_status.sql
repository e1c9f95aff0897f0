-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20240508153244-feature-lifecycles-status.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20240507075431_client_metrics_env_daily_bigint
-- retort:up
        ALTER TABLE feature_lifecycles ADD COLUMN IF NOT EXISTS status TEXT;
        ALTER TABLE feature_lifecycles ADD COLUMN IF NOT EXISTS status_value TEXT;
-- retort:down
         ALTER TABLE feature_lifecycles DROP COLUMN IF EXISTS status;
         ALTER TABLE feature_lifecycles DROP COLUMN IF EXISTS status_value;
