-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20231211132341-add-created-by-to-role-permission.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20231211122426_feature_strategies_created_by
-- retort:up
ALTER TABLE role_permission ADD COLUMN created_by INTEGER;
-- retort:down
ALTER TABLE role_permission DROP COLUMN created_by;
