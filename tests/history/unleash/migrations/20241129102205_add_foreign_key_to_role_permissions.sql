-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20241129102205-add-foreign-key-to-role-permissions.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20241128152334_features_view_filter_out_milestone_strategies
-- retort:up
        UPDATE role_permission SET environment = null where environment = '';
        DELETE FROM role_permission WHERE environment IS NOT NULL AND environment NOT IN (SELECT name FROM environments);
        ALTER TABLE role_permission ADD CONSTRAINT fk_role_permission_environment FOREIGN KEY (environment) REFERENCES environments(name) ON DELETE CASCADE;
-- retort:down
        ALTER TABLE role_permission
        DROP CONSTRAINT IF EXISTS fk_role_permission_environment;
