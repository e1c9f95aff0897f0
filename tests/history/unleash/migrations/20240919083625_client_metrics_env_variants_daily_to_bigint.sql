-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20240919083625-client-metrics-env-variants-daily-to-bigint.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20240904084114_add_update_feature_dependency_editor
-- retort:up
ALTER TABLE client_metrics_env_variants_daily ALTER COLUMN count TYPE BIGINT;
-- retort:down
ALTER TABLE client_metrics_env_variants_daily ALTER COLUMN count TYPE INT;
