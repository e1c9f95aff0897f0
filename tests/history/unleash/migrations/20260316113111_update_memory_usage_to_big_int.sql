-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20260316113111-update-memory-usage-to-big-int.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20260312100000_release_plans_fix_cascade_on_env_disconnect
-- retort:up
ALTER TABLE stat_edge_observability ALTER COLUMN memory_usage TYPE BIGINT;
-- retort:down
ALTER TABLE stat_edge_observability ALTER COLUMN memory_usage TYPE INTEGER;
