-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20221103125732-change-request-remove-unique.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20221103112200_change_request
-- retort:up
            ALTER TABLE change_request_events
                DROP CONSTRAINT change_request_events_feature_action_change_request_id_key;
-- retort:down
            ALTER TABLE change_request_events
                ADD CONSTRAINT change_request_events_feature_action_change_request_id_key
                    UNIQUE (feature, action, change_request_id);
