-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20250212130610-add-stat-edge-traffic-table.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20250211114205_scim_email_hash_backfill
-- retort:up
CREATE TABLE stat_edge_traffic_usage(
    instance_id TEXT NOT NULL,
    day DATE NOT NULL,
    traffic_group TEXT NOT NULL,
    count BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (instance_id, day, traffic_group)
  );
    CREATE INDEX stat_edge_traffic_usage_traffic_group_idx ON stat_edge_traffic_usage(traffic_group);
    CREATE INDEX stat_edge_traffic_usage_day_idx ON stat_edge_traffic_usage(day);
-- retort:down
DROP TABLE stat_edge_traffic_usage;
