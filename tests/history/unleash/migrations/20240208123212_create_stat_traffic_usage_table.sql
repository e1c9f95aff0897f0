-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20240208123212-create-stat-traffic-usage-table.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20240207164033_client_applications_announced_index
-- retort:up
        CREATE TABLE IF NOT EXISTS stat_traffic_usage(
            day DATE NOT NULL,
            traffic_group TEXT NOT NULL,
            status_code_series INT NOT NULL,
            count BIGINT NOT NULL DEFAULT 0,
            PRIMARY KEY(day, traffic_group, status_code_series)
            );
        CREATE INDEX IF NOT EXISTS stat_traffic_usage_day_idx ON stat_traffic_usage (day);
        CREATE INDEX IF NOT EXISTS stat_traffic_usage_traffic_group_idx ON stat_traffic_usage (traffic_group);
        CREATE INDEX IF NOT EXISTS stat_traffic_usage_status_code_series_idx ON stat_traffic_usage (status_code_series);
-- retort:down
        DROP INDEX IF EXISTS stat_traffic_usage_day_idx;
        DROP INDEX IF EXISTS stat_traffic_usage_traffic_group_idx;
        DROP INDEX IF EXISTS stat_traffic_usage_status_code_series_idx;
        DROP TABLE IF EXISTS stat_traffic_usage;
