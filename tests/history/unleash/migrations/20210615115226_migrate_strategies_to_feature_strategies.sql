-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20210615115226-migrate-strategies-to-feature-strategies.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20210610085817_features_strategies_table
-- retort:up
SELECT *
                                   FROM features;
-- retort:down
DELETE FROM feature_strategies; DELETE FROM feature_environments;
