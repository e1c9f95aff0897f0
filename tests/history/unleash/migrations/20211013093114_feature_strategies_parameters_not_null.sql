-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20211013093114-feature-strategies-parameters-not-null.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20211011094226_add_environment_to_client_instances
-- retort:up
          ALTER TABLE feature_strategies ALTER COLUMN parameters SET DEFAULT '{}';
          UPDATE feature_strategies set parameters = '{}' where parameters is null;
          ALTER TABLE feature_strategies ALTER COLUMN parameters SET NOT NULL;
-- retort:down
