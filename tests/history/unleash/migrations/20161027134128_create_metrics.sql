-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20161027134128-create-metrics.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20160618193924_add_strategies_to_features
-- retort:up
CREATE TABLE client_metrics (
  id serial primary key,
  created_at timestamp default now(),
  metrics json
);
-- retort:down
DROP TABLE client_metrics;
