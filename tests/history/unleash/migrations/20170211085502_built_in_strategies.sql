-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20170211085502-built-in-strategies.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20161212101749_better_strategy_parameter_definitions
-- retort:up
ALTER TABLE "strategies" ADD COLUMN "built_in" INTEGER  DEFAULT 0;
UPDATE strategies SET built_in=1 where name='default';
-- retort:down
ALTER TABLE "strategies" DROP COLUMN "built_in";
