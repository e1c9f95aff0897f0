-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20210428062103-user-permission-to-rbac.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20210423103647_lowercase_all_emails
-- retort:up
SELECT id, permissions from users WHERE id NOT IN (select user_id from role_user);
-- retort:down
