-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20220129113106-metrics-counters-as-bigint.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20220128081242_add_impressiondata_to_features
-- retort:up
        ALTER TABLE client_metrics_env
        ALTER COLUMN yes TYPE BIGINT,
        ALTER COLUMN no TYPE BIGINT;
-- retort:down
        ALTER TABLE client_metrics_env
        ALTER COLUMN yes TYPE INTEGER,
        ALTER COLUMN no TYPE INTEGER;
