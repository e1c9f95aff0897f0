-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20231211133008-add-created-by-to-role-user.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20231211132341_add_created_by_to_role_permission
-- retort:up
ALTER TABLE role_user ADD COLUMN created_by INTEGER;
-- retort:down
ALTER TABLE role_user DROP COLUMN created_by;
