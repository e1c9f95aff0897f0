-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20240111075911-update-system-user-email.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20240109095348_add_reason_column_to_schedule
-- retort:up
UPDATE users SET email = NULL WHERE id = -1337;
-- retort:down
UPDATE users SET email = 'system@getunleash.io' WHERE id = -1337;
