-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20230302133740-rename-sign-on-log-table-to-login-history.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20230227123106_add_setting_for_sign_on_log_retention
-- retort:up
ALTER TABLE sign_on_log RENAME TO login_history;
DELETE FROM settings WHERE name = 'sign_on_log_retention';
INSERT INTO settings(name, content) VALUES ('login_history_retention', '{"hours": 336}');
-- retort:down
ALTER TABLE login_history RENAME TO sign_on_log;
DELETE FROM settings WHERE name = 'login_history_retention';
INSERT INTO settings(name, content) VALUES ('sign_on_log_retention', '{"hours": 336}');
