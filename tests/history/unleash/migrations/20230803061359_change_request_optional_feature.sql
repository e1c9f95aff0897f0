-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20230803061359-change-request-optional-feature.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20230802141830_add_feature_and_environment_last_seen_at_to_features_view
-- retort:up
            ALTER TABLE change_request_events ALTER COLUMN feature DROP NOT NULL;
-- retort:down
            DELETE FROM change_request_events WHERE feature IS NULL;
            ALTER TABLE change_request_events ALTER COLUMN feature SET NOT NULL;
