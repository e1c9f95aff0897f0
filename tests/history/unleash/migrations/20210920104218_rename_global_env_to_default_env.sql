-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20210920104218-rename-global-env-to-default-env.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20210915122001_add_project_and_environment_columns_to_events
-- retort:up
       INSERT INTO environments(name, display_name, protected, sort_order, type) VALUES ('default', 'Default Environment', true, 1, 'production');
       ALTER TABLE feature_strategies ALTER COLUMN environment SET DEFAULT 'default';
       ALTER TABLE feature_environments ALTER COLUMN environment SET DEFAULT 'default';
       UPDATE feature_strategies SET environment = 'default' WHERE environment = ':global:';
       UPDATE feature_environments SET environment = 'default' WHERE environment = ':global:';
       UPDATE project_environments SET environment_name = 'default' WHERE environment_name = ':global:';
       DELETE FROM environments WHERE name = ':global:';
-- retort:down
        INSERT INTO environments(name, display_name, protected, type) VALUES (':global:', 'Across all environments', true, 'production');
        ALTER TABLE feature_strategies ALTER COLUMN environment SET DEFAULT ':global:';
        ALTER TABLE feature_environments ALTER COLUMN environment SET DEFAULT ':global:';
        UPDATE feature_strategies SET environment = ':global:' WHERE environment = 'default';
        UPDATE feature_environments SET environment = ':global:' WHERE environment = 'default';
        UPDATE project_environments SET environment_name = ':global:' WHERE environment_name = 'default';
        DELETE FROM environments WHERE name = 'default';
