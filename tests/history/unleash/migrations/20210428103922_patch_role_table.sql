-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20210428103922-patch-role-table.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20210428062103_user_permission_to_rbac
-- retort:up
ALTER TABLE roles ADD COLUMN IF NOT EXISTS project text;
-- retort:down
