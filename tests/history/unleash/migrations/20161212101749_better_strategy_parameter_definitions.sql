-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20161212101749-better-strategy-parameter-definitions.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20161205203516_create_client_applications
-- retort:up
ALTER TABLE "strategies" ADD COLUMN "parameters" JSON;
select name, parameters_template from strategies;
                UPDATE strategies 
                SET parameters='[]'
                WHERE name='default';
ALTER TABLE "strategies" DROP COLUMN "parameters_template";
-- retort:down
ALTER TABLE "strategies" ADD COLUMN "parameters_template" JSON;
select name, parameters from strategies;
                UPDATE strategies 
                SET parameters_template='{}'
                WHERE name='default';

                UPDATE strategies 
                SET parameters_template='{"percentage":"percentage"}'
                WHERE name='gradualRolloutRandom';

                UPDATE strategies 
                SET parameters_template='{"percentage":"percentage","groupId":"string"}'
                WHERE name='gradualRolloutSessionId';

                UPDATE strategies 
                SET parameters_template='{"percentage":"percentage","groupId":"string"}'
                WHERE name='gradualRolloutUserId';
ALTER TABLE "strategies" DROP COLUMN "parameters";
