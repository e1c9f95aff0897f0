-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20240507075431-client-metrics-env-daily-bigint.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20240506141345_lifecycle_initial_stage
-- retort:up
        ALTER TABLE client_metrics_env_daily ALTER COLUMN yes TYPE bigint;
        ALTER TABLE client_metrics_env_daily ALTER COLUMN no TYPE bigint;
-- retort:down
