-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20211029094324-set-sort-order-env.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20211013093114_feature_strategies_parameters_not_null
-- retort:up
            UPDATE environments set sort_order = 100 where name = 'development' AND sort_order = 9999;
            UPDATE environments set sort_order = 200 where name = 'production' AND sort_order = 9999;
-- retort:down
