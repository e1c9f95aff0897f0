-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20230420211308-update-context-fields-add-sessionId.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20230420125500_v5_strategy_changes
-- retort:up
            INSERT INTO context_fields(name, description, sort_order, stickiness) VALUES('sessionId', 'Allows you to constrain on sessionId', 4, true) ON CONFLICT DO NOTHING;

            UPDATE context_fields
            SET stickiness = true
                WHERE name LIKE 'userId' AND stickiness is null;
-- retort:down
