-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20230227115320-rename-login-events-table-to-sign-on-log.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20230224093446_drop_createdby_from_notifications_table
-- retort:up
ALTER TABLE login_events RENAME TO sign_on_log;
-- retort:down
ALTER TABLE sign_on_log RENAME TO login_events;
