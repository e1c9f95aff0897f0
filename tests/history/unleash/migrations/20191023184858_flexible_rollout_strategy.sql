-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20191023184858-flexible-rollout-strategy.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20190123204125_add_variants_to_features
-- retort:up
        INSERT INTO events (type, created_by, data)
        SELECT 'strategy-created', 'migration', '{"name":"flexibleRollout","description":"Gradually activate feature toggle based on sane stickiness","parameters":[{"name":"rollout","type":"percentage","description":"","required":false},{"name":"stickiness","type":"string","description":"Used define stickiness. Possible values: default, userId, sessionId, random","required":true},{"name":"groupId","type":"string","description":"Used to define a activation groups, which allows you to correlate across feature toggles.","required":true}]}'
        WHERE
            NOT EXISTS (
                SELECT name FROM strategies WHERE name = 'flexibleRollout'
        );
        INSERT INTO strategies (name, description, parameters, built_in)
        SELECT 'flexibleRollout', 'Gradually activate feature toggle based on sane stickiness', '[{"name":"rollout","type":"percentage","description":"","required":false},{"name":"stickiness","type":"string","description":"Used define stickiness. Possible values: default, userId, sessionId, random","required":true},{"name":"groupId","type":"string","description":"Used to define a activation groups, which allows you to correlate across feature toggles.","required":true}]', 1
        WHERE
            NOT EXISTS (
                SELECT name FROM strategies WHERE name = 'flexibleRollout'
        );
-- retort:down
        INSERT INTO events (type, created_by, data)
        SELECT 'strategy-deleted', 'migration', '{"name":"flexibleRollout","description":"Gradually activate feature toggle based on sane stickiness","parameters":[{"name":"rollout","type":"percentage","description":"","required":false},{"name":"stickiness","type":"string","description":"Used define stickiness. Possible values: default, userId, sessionId, random","required":true},{"name":"groupId","type":"string","description":"Used to define a activation groups, which allows you to correlate across feature toggles.","required":true}]}'
        WHERE
            EXISTS (
                SELECT name FROM strategies WHERE name = 'flexibleRollout' AND built_in = 1
        );
        DELETE FROM strategies
        WHERE name = 'flexibleRollout' AND built_in = 1;
