-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20231211134130-add-created-by-to-users.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20231211133920_add_created_by_to_roles
-- retort:up
ALTER TABLE users ADD COLUMN created_by INTEGER;
-- retort:down
ALTER TABLE users DROP COLUMN created_by;
