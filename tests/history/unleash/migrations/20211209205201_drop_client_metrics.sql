-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20211209205201-drop-client-metrics.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20211202120808_add_custom_roles
-- retort:up
DROP TABLE client_metrics;
-- retort:down
CREATE TABLE client_metrics (
  id serial primary key,
  created_at timestamp default now(),
  metrics json
);
