-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20240506141345-lifecycle-initial-stage.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20240430075605_add_scim_external_id
-- retort:up
            INSERT INTO feature_lifecycles (feature, stage, created_at)
            SELECT features.name, 'initial', features.created_at
            FROM features
                LEFT JOIN feature_lifecycles ON features.name = feature_lifecycles.feature
            WHERE feature_lifecycles.feature IS NULL;
-- retort:down
