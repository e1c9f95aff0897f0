-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20230227123106-add-setting-for-sign-on-log-retention.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20230227120500_change_display_name_for_variants_per_env_permission
-- retort:up
INSERT INTO settings(name, content) VALUES ('sign_on_log_retention', '{"hours": 336}');
-- retort:down
DELETE FROM settings WHERE name = 'sign_on_log_retention';
