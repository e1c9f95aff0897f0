-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20220511111823-patch-broken-feature-strategies.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20220425090847_add_token_permission
-- retort:up
          UPDATE feature_strategies
          SET project_name = project
          FROM features
          WHERE features.project != feature_strategies.project_name;
-- retort:down
