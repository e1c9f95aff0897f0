-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20231211133920-add-created-by-to-roles.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20231211133008_add_created_by_to_role_user
-- retort:up
ALTER TABLE roles ADD COLUMN created_by INTEGER;
-- retort:down
ALTER TABLE roles DROP COLUMN created_by;
