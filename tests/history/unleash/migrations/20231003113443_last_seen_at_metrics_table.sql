-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20231003113443-last-seen-at-metrics-table.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20231002122426_update_dependency_permission
-- retort:up
      CREATE TABLE last_seen_at_metrics (
      feature_name VARCHAR(255),
      environment VARCHAR(100),
      last_seen_at TIMESTAMP WITH TIME ZONE NOT NULL,
      PRIMARY KEY (feature_name, environment),
      FOREIGN KEY (environment) REFERENCES environments(name) ON DELETE CASCADE
    );

      CREATE INDEX idx_feature_name
      ON last_seen_at_metrics (feature_name);
-- retort:down
DROP TABLE last_seen_at_metrics;
