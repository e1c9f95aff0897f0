-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20211109103930-add-splash-entry-for-users.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20211108130333_create_user_splash_table
-- retort:up
INSERT INTO user_splash(splash_id, user_id, seen) SELECT 'environment', u.id, false FROM users u;
-- retort:down
DELETE FROM user_splash;
